/** Which kind of host runs the bundle, for the few decisions that depend on it. */

/** Cloudflare Workers (workerd): I/O belongs to the request that started it. */
export const ON_WORKERS = typeof navigator !== "undefined" && navigator.userAgent === "Cloudflare-Workers";
