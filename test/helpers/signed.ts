import { sign } from "../../src/crypto";

export const TEST_SECRET = "test-secret";

export async function signedInit(
  body: string,
  { secret = TEST_SECRET, headers = {} }: { secret?: string; headers?: Record<string, string> } = {},
): Promise<RequestInit> {
  return {
    method: "POST",
    body,
    headers: { "content-type": "application/json", "x-agentmark-signature-256": await sign(secret, body), ...headers },
  };
}

export async function signedRequest(
  job: unknown,
  options: { secret?: string; path?: string; headers?: Record<string, string> } = {},
): Promise<Request> {
  const body = typeof job === "string" ? job : JSON.stringify(job);
  return new Request(`http://webhook.test${options.path ?? "/"}`, await signedInit(body, options));
}

/** Reads an NDJSON body line by line as it arrives. */
export async function* ndjsonLines(res: Response): AsyncGenerator<unknown> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += value;
    let newline: number;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      yield JSON.parse(buffer.slice(0, newline));
      buffer = buffer.slice(newline + 1);
    }
  }
  if (buffer.trim() !== "") throw new Error(`unterminated NDJSON line: ${buffer}`);
}

/** The whole body as UTF-8 text (workerd warns when `.text()` is called on NDJSON). */
export async function bodyText(res: Response): Promise<string> {
  return new TextDecoder().decode(await res.arrayBuffer());
}
