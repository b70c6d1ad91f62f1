/**
 * Stands in for zod's `locales/index.js` in the Worker bundle and `npm run build`'s bundle
 * (wrangler.toml `[alias]`, scripts/build.ts): zod's error messages in English only.
 *
 * `import { z } from "zod"` (ours, and the AI SDK's `from "zod/v4"`) reaches zod's `locales`
 * namespace, so esbuild keeps all ~50 of its translations (≈ 260 KiB minified, ≈ 38 KiB gzip),
 * which nothing here uses: zod registers English by itself (`classic/schemas.js`). With this
 * stand-in, `z.locales` holds `en` only; to use another language with `z.config(z.locales.xx())`,
 * remove the alias (and the plugin in scripts/build.ts).
 */
export { default as en } from "zod/v4/locales/en.js";
