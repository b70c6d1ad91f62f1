/**
 * A provider's `fetch` that remembers where a network-level failure happened, so the error a
 * caller sees names the provider and the URL (`Could not reach openai at https://…/responses:
 * …`) instead of a bare `fetch failed` or `Network connection lost.`. The URL is shown without
 * credentials (user info, query and fragment are dropped). The failure itself is passed on
 * unchanged, so the SDK still retries it; `networkFailureOf` finds the description again from
 * the error the SDK ends with (its cause chain, a retry error's attempts).
 *
 *   createOpenAI({ apiKey, fetch: providerFetch("openai") })
 */
import { relayStream } from "../../core/relay-stream";
import { urlWithoutCredentials } from "../../core/secret-values";

const described = new WeakMap<object, string>();

export { urlWithoutCredentials } from "../../core/secret-values";

function requestUrl(input: RequestInfo | URL): string {
  if (typeof input === "string") return input;
  if (input instanceof URL) return input.href;
  return input.url;
}

function isAbort(err: unknown, signal: AbortSignal | null | undefined): boolean {
  const name = (err as { name?: unknown } | null)?.name;
  return signal?.aborted === true || name === "AbortError" || name === "TimeoutError";
}

/** Records `description` on the error and every error in its cause chain. */
function remember(err: unknown, description: string): void {
  let current: unknown = err;
  for (let depth = 0; depth < 8 && typeof current === "object" && current !== null; depth++) {
    if (!described.has(current)) described.set(current, description);
    current = (current as { cause?: unknown }).cause;
  }
}

/** The body as it arrives; a read that fails is remembered as a connection that broke off. */
function watchedBody(body: ReadableStream<Uint8Array>, description: string): ReadableStream<Uint8Array> {
  return relayStream(body, (err) => {
    if (!isAbort(err, undefined)) remember(err, description);
    return "error";
  });
}

export function providerFetch(provider: string, base?: typeof fetch): typeof fetch {
  return async (input, init) => {
    const url = urlWithoutCredentials(requestUrl(input));
    let res: Response;
    try {
      res = await (base ?? fetch)(input, init);
    } catch (err) {
      if (!isAbort(err, init?.signal)) remember(err, `Could not reach ${provider} at ${url}`);
      throw err;
    }
    if (!res.body) return res;
    return new Response(watchedBody(res.body, `The connection to ${provider} at ${url} broke off`), {
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
    });
  };
}

/** The provider and URL of a network-level failure inside `err`, if `providerFetch` saw one. */
export function networkFailureOf(err: unknown): string | undefined {
  const seen = new Set<unknown>();
  const queue: unknown[] = [err];
  while (queue.length > 0 && seen.size < 32) {
    const current = queue.shift();
    if (typeof current !== "object" || current === null || seen.has(current)) continue;
    seen.add(current);
    const description = described.get(current);
    if (description) return description;
    const { cause, lastError, errors } = current as { cause?: unknown; lastError?: unknown; errors?: unknown };
    queue.push(cause, lastError, ...(Array.isArray(errors) ? errors : []));
  }
  return undefined;
}
