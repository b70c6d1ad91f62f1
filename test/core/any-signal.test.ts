import { describe, expect, it } from "vitest";
import { anySignal } from "../../src/core/any-signal";

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
  it("aborts with the first reason (native AbortSignal.any)", () => {
    check();
  });

  it("aborts with the first reason on a runtime without AbortSignal.any", () => {
    const native = Object.getOwnPropertyDescriptor(AbortSignal, "any");
    Object.defineProperty(AbortSignal, "any", { value: undefined, configurable: true, writable: true });
    try {
      check();
    } finally {
      if (native) Object.defineProperty(AbortSignal, "any", native);
    }
  });
});
