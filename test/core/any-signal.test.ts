import { describe, expect, it } from "vitest";
import { anySignal, childController } from "../../src/core/any-signal";

function check() {
  const a = new AbortController();
  const b = new AbortController();
  const joined = anySignal([a.signal, b.signal]);
  expect(joined.aborted).toBe(false);
  b.abort("b went away");
  expect(joined.aborted).toBe(true);
  expect(joined.reason).toBe("b went away");
  const already = anySignal([AbortSignal.abort("early"), new AbortController().signal]);
  expect(already.aborted).toBe(true);
  expect(already.reason).toBe("early");
}

describe("anySignal", () => {
  it("aborts with the first reason", () => {
    check();
  });

  it("works on a runtime without AbortSignal.any (Vercel's Edge runtime)", () => {
    const native = Object.getOwnPropertyDescriptor(AbortSignal, "any");
    Object.defineProperty(AbortSignal, "any", { value: undefined, configurable: true, writable: true });
    try {
      check();
    } finally {
      if (native) Object.defineProperty(AbortSignal, "any", native);
    }
  });

  it("lets go of its sources' listeners once it has aborted", () => {
    const a = new AbortController();
    const b = new AbortController();
    const seen: unknown[] = [];
    const joined = anySignal([a.signal, b.signal]);
    joined.addEventListener("abort", () => seen.push(joined.reason));
    a.abort("first");
    b.abort("second"); // its listener was removed: the joined signal keeps the first reason, fires once
    expect(seen).toEqual(["first"]);
  });
});

describe("childController", () => {
  it("aborts with its parent's reason, or on its own without touching the parent", () => {
    const parent = new AbortController();
    const child = childController(parent.signal);
    parent.abort("caller went away");
    expect(child.signal.reason).toBe("caller went away");

    const other = new AbortController();
    const own = childController(other.signal);
    own.abort("stream cancelled");
    expect(own.signal.aborted).toBe(true);
    expect(other.signal.aborted).toBe(false);

    expect(childController(AbortSignal.abort("early")).signal.reason).toBe("early");
  });
});
