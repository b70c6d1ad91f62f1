/**
 * Issue #13's hostile prompts through the app, in Node (see ./hostile-jobs.ts), plus what
 * only Node can show: the compile deadline (workerd does not advance its clock while code
 * runs, so there the other limits bound the work).
 */
import { describe, expect, it } from "vitest";
import { compile, CompileLimitError } from "../../src/prompt";
import { forEach, root, user } from "../prompt/hostile";
import { hostileJobSuite } from "./hostile-jobs";

hostileJobSuite();

describe("maxCompileMs", () => {
  it("is checked while rendering: a compile past its deadline is a 400 naming the setting", () => {
    // 5,000 iterations rendering ~14 nodes each take tens of ms on any machine; the deadline is 1 ms.
    const loop = root([user(forEach("props.items", "\n\n*a* b `c` [d](e)\n\n"))]);
    const limits = { maxCompileMs: 1, maxLoopIterations: 5_000, maxRenderedNodes: 1_000_000, maxRenderedChars: 1_000_000 };
    let error: unknown;
    try {
      compile(loop, { items: Array(5_000).fill(0) }, limits);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CompileLimitError);
    expect((error as CompileLimitError).limit).toBe("maxCompileMs");
    expect((error as Error).message).toMatch(/^Compile limit exceeded: compiling took longer than 1 ms \(setting limits\.compile\.maxCompileMs\) \(at <User> > <ForEach>/);
  });
});
