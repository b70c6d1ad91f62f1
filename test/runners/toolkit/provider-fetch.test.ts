/** providerFetch: where a network failure happened travels with the error the SDK ends with. */
import { describe, expect, it } from "vitest";
import { errorMessage, providerFetch, urlWithoutCredentials } from "../../../src/runners/toolkit";

describe("providerFetch", () => {
  it("shows URLs without user info, query or fragment", () => {
    expect(urlWithoutCredentials("https://user:pa55@api.example.com/v1/models/x:generate?key=AIza-secret#frag")).toBe("https://api.example.com/v1/models/x:generate");
    expect(urlWithoutCredentials("not a url")).toBe("(an invalid URL)");
  });

  it("names the provider and URL of a failed connection, through the SDK's wrappers, and passes the failure on unchanged", async () => {
    const cause = new Error("connect ECONNREFUSED 10.0.0.1:443");
    const failure = new TypeError("fetch failed", { cause });
    const wrapped = providerFetch("acme", async () => {
      throw failure;
    });
    const thrown = await wrapped("https://token@api.acme.test/v1/chat?api_key=k").catch((err: unknown) => err);
    expect(thrown).toBe(failure);
    // What an SDK throws after retrying: a wrapper around the last attempt's cause.
    const retry = Object.assign(new Error("Failed after 3 attempts. Last error: Cannot connect to API: connect ECONNREFUSED 10.0.0.1:443"), {
      lastError: Object.assign(new Error("Cannot connect to API: connect ECONNREFUSED 10.0.0.1:443"), { cause }),
    });
    expect(errorMessage(retry)).toBe(
      "Could not reach acme at https://api.acme.test/v1/chat: Failed after 3 attempts. Last error: Cannot connect to API: connect ECONNREFUSED 10.0.0.1:443",
    );
  });

  it("names a body that breaks off; aborts and HTTP answers are left alone", async () => {
    let pulls = 0;
    const broken = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulls++ === 0) controller.enqueue(new TextEncoder().encode("data: {}\n\n"));
        else controller.error(new TypeError("Network connection lost."));
      },
    });
    const res = await providerFetch("acme", async () => new Response(broken, { status: 200, headers: { "x-kept": "1" } }))("https://api.acme.test/v1/stream");
    expect(res.headers.get("x-kept")).toBe("1");
    const reader = res.body!.getReader();
    await reader.read();
    const err = await reader.read().catch((e: unknown) => e);
    expect(errorMessage(err)).toBe("The connection to acme at https://api.acme.test/v1/stream broke off: Network connection lost.");

    const aborted = await providerFetch("acme", async () => {
      throw new DOMException("The operation was aborted", "AbortError");
    })("https://api.acme.test/").catch((e: unknown) => e);
    expect(errorMessage(aborted)).toBe("The operation was aborted");

    const answered = await providerFetch("acme", async () => new Response("nope", { status: 500 }))("https://api.acme.test/");
    expect(answered.status).toBe(500);
    expect(await answered.text()).toBe("nope");
  });
});
