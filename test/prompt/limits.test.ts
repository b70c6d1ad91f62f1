/**
 * The compile budget inside workerd: every hostile case of issue #13 is a 400 that names its
 * setting (and where), each limit holds exactly at its edge, the limits are configurable,
 * and the parse caches are bounded in bytes. No durations are asserted: the budget bounds
 * the work; bench/hostile-compile.ts shows the time and memory each case costs.
 */
import { describe, expect, it } from "vitest";
import { bodyCache } from "../../src/prompt/arrow-function";
import { ByteBoundedCache } from "../../src/prompt/byte-cache";
import { defineConfig } from "../../src/config";
import { expressionCache } from "../../src/prompt/expressions";
import { compile, CompileLimitError, DEFAULT_COMPILE_LIMITS, PromptError, resolveCompileLimits, type CompileLimits } from "../../src/prompt";
import { toHttpError } from "../../src/handlers/errors";
import { createLocalRunner } from "../../src/runners/local";
import { HOSTILE_CASES, element, expression, forEach, limitMessage, paragraph, root, text, user } from "./hostile";

function limitError(run: () => unknown): CompileLimitError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CompileLimitError);
    return error as CompileLimitError;
  }
  throw new Error("expected a compile limit error");
}

function userText(ast: unknown, props?: unknown, limits?: Partial<CompileLimits>): unknown {
  const compiled = compile(ast, props, limits);
  return compiled.kind === "text" ? compiled.messages[0]?.content : undefined;
}

describe("hostile prompts are a 400 naming the limit, its setting and where", () => {
  for (const hostile of HOSTILE_CASES) {
    it(hostile.name, () => {
      const error = limitError(() => compile(hostile.ast, hostile.customProps));
      expect(error.limit).toBe(hostile.limit);
      expect(toHttpError(error).status).toBe(400);
      expect(error.name).toBe("PromptError");
      expect(error.message).toMatch(limitMessage(hostile.limit));
      expect(error.message.length).toBeLessThanOrEqual(2_001);
    });
  }

  it("says where: the tags around the breach and the expression", () => {
    const error = limitError(() => compile(root([user(expression('replace(props.s, "", props.s)'))]), { s: "x".repeat(5_000) }));
    expect(error.message).toBe(
      'Compile limit exceeded: the result of replace() would make the prompt\'s text longer than 200000 characters (setting limits.compile.maxRenderedChars) (at <User> > expression {replace(props.s, "", props.s)})',
    );
    const loops = limitError(() => compile(root([user(forEach("props.items", "{x}"))]), { items: Array(6_000).fill(0) }));
    expect(loops.message).toBe(
      "Compile limit exceeded: ForEach loops would run more than 1000 iterations in total (setting limits.compile.maxLoopIterations) (at <User> > <ForEach>)",
    );
  });

  it("shortens a deep trail and long quoted source", () => {
    let node = paragraph(text("x"));
    for (let level = 0; level < 200; level++) node = element("If", [node], { condition: "true" });
    const deep = limitError(() => compile(root([user(node)])));
    expect(deep.message).toMatch(/\(at <User> > <If> > <If> > … \d+ more … > <If> > <If> > <If>\)$/);
    const long = limitError(() => compile(root([user(expression(`"${"q".repeat(25_000)}"`))])));
    expect(long.message).toMatch(/expression \{"q{79}…\}\)$/);
  });
});

describe("each limit holds exactly at its edge", () => {
  it("maxLoopIterations counts nested loops' iterations (2 + 2×2 = 6)", () => {
    const loops = root([user(forEach("props.items", "<ForEach arr={props.items}>{(y) => (<>{y}</>)}</ForEach>"))]);
    expect(userText(loops, { items: [1, 2] }, { maxLoopIterations: 6 })).toBe("1\n\n2\n\n1\n\n2");
    expect(limitError(() => compile(loops, { items: [1, 2] }, { maxLoopIterations: 5 })).limit).toBe("maxLoopIterations");
  });

  it("maxRenderedChars counts rendered text", () => {
    const prompt = root([user(expression("props.s"))]);
    expect(userText(prompt, { s: "a".repeat(100) }, { maxRenderedChars: 100 })).toBe("a".repeat(100));
    expect(limitError(() => compile(prompt, { s: "a".repeat(101) }, { maxRenderedChars: 100 })).limit).toBe("maxRenderedChars");
  });

  it("maxExpressionChars counts each distinct expression once", () => {
    const quoted = (letter: string) => expression(`"${letter.repeat(23)}"`); // 25 characters
    const twice = root([user(paragraph(quoted("a"), quoted("b"), quoted("a")))]);
    expect(userText(twice, undefined, { maxExpressionChars: 50 })).toBe(`${"a".repeat(23)}${"b".repeat(23)}${"a".repeat(23)}`);
    const three = root([user(paragraph(quoted("a"), quoted("b"), quoted("c")))]);
    expect(limitError(() => compile(three, undefined, { maxExpressionChars: 74 })).limit).toBe("maxExpressionChars");
  });

  it("maxMarkdownChars counts each distinct ForEach body once", () => {
    const body = "b".repeat(30);
    const twice = root([user(forEach("[1, 2]", body), forEach("[3]", body))]);
    expect(userText(twice, undefined, { maxMarkdownChars: 35 })).toBe([body, body, body].join("\n\n"));
    const other = root([user(forEach("[1]", body), forEach("[1]", `${body}!`))]);
    expect(limitError(() => compile(other, undefined, { maxMarkdownChars: 40 })).limit).toBe("maxMarkdownChars");
  });

  it("maxDepth applies to the AST, props, frontmatter and expressions", () => {
    const props = (depth: number) => {
      let value: unknown = 1;
      for (let level = 1; level < depth; level++) value = { a: value };
      return { v: value };
    };
    const prompt = root([user(expression("props.v"))]);
    expect(() => compile(prompt, props(11), { maxDepth: 11 })).not.toThrow();
    expect(limitError(() => compile(prompt, props(12), { maxDepth: 11 })).limit).toBe("maxDepth");
    expect(limitError(() => compile(root([user(expression("((((1))))"))]), undefined, { maxDepth: 3 })).limit).toBe("maxDepth");
    expect(limitError(() => compile(root([user(paragraph(text("x")))], "name: a\ntext_config: {model_name: {a: {b: 1}}}"), undefined, { maxDepth: 2 })).limit).toBe("maxDepth");
  });

  it("maxEmphasisDepth counts emphasis, strong and delete nested in each other", () => {
    const nested = (depth: number) => {
      let node = text("x");
      for (let level = 0; level < depth; level++) node = { type: level % 2 ? "strong" : "emphasis", children: [node] };
      return root([user(paragraph(node))]);
    };
    expect(() => compile(nested(3), undefined, { maxEmphasisDepth: 3 })).not.toThrow();
    expect(limitError(() => compile(nested(4), undefined, { maxEmphasisDepth: 3 })).limit).toBe("maxEmphasisDepth");
  });

  it("maxRenderedNodes weighs emphasis-like nodes 8", () => {
    const words = (type: string) => root([user(paragraph(...Array.from({ length: 3 }, () => ({ type, children: [text("w")] }))))]);
    // root's User, paragraph, 3 × (node + text): 2 + 3 × (1 + 1) = 8; with emphasis 2 + 3 × (8 + 1) = 29.
    expect(() => compile(words("link"), undefined, { maxRenderedNodes: 8 })).not.toThrow();
    expect(() => compile(words("emphasis"), undefined, { maxRenderedNodes: 29 })).not.toThrow();
    expect(limitError(() => compile(words("emphasis"), undefined, { maxRenderedNodes: 28 })).limit).toBe("maxRenderedNodes");
  });

  it("maxFrontmatterChars bounds the source and the expansion of aliases", () => {
    const small = "name: a\ntext_config:\n  model_name: m\ntest_settings:\n  props:\n    x: &x [1, 2, 3]\n    y: [*x, *x, *x, *x]";
    expect(userText(root([user(expression("props.y"))], small), undefined, { maxFrontmatterChars: 200 })).toBe("1,2,31,2,31,2,31,2,3");
    expect(limitError(() => compile(root([user(paragraph(text("x")))], small), undefined, { maxFrontmatterChars: 60 })).limit).toBe("maxFrontmatterChars");
  });
});

describe("limits are configurable (limits.compile in src/agentmark.config.ts)", () => {
  it("an override raises a limit a real prompt needs", () => {
    const loop = root([user(forEach("props.items", "{x}"))]);
    const items = Array(DEFAULT_COMPILE_LIMITS.maxLoopIterations + 1).fill(1);
    expect(limitError(() => compile(loop, { items })).limit).toBe("maxLoopIterations");
    const raised = userText(loop, { items }, { maxLoopIterations: items.length });
    expect(String(raised).replace(/\s/g, "")).toBe("1".repeat(items.length));
  });

  it("rejects unknown names and values that are not positive integers, at startup", () => {
    expect(resolveCompileLimits()).toBe(DEFAULT_COMPILE_LIMITS);
    expect(resolveCompileLimits({ maxDepth: 50 }).maxDepth).toBe(50);
    expect(() => resolveCompileLimits({ maxDeph: 50 } as never)).toThrow(/limits\.compile\.maxDeph is not a compile limit/);
    expect(() => resolveCompileLimits({ maxDepth: 0 })).toThrow(/limits\.compile\.maxDepth must be a positive integer, got 0/);
    expect(() => resolveCompileLimits({ maxCompileMs: 1.5 })).toThrow(/must be a positive integer/);
    expect(() => defineConfig({ runners: [createLocalRunner()], limits: { compile: { maxLoopIterations: -1 } } })).toThrow(
      /limits\.compile\.maxLoopIterations must be a positive integer/,
    );
  });
});

describe("parse caches are bounded in bytes, not entries", () => {
  it("distinct large expressions leave at most the cache's byte budget behind", () => {
    expressionCache.clear();
    for (let request = 0; request < 160; request++) {
      const expressions = Array.from({ length: 5 }, (_, index) => expression(`"${String(request * 100 + index).padEnd(3_900, "e")}" == "x"`));
      expect(userText(root([user(paragraph(...expressions))]))).toBe("false".repeat(5));
    }
    expect(expressionCache.bytes).toBeLessThanOrEqual(expressionCache.maxBytes);
    expect(expressionCache.size).toBeLessThan(800);
  });

  it("distinct large ForEach bodies likewise", () => {
    bodyCache.clear();
    // ~0.5 MB each by the cache's estimate (256 bytes per character): at most eight fit.
    for (let request = 0; request < 12; request++) {
      const body = `${request} ${"word ".repeat(380)}`;
      compile(root([user(forEach("[1]", body))]));
    }
    expect(bodyCache.bytes).toBeLessThanOrEqual(bodyCache.maxBytes);
    expect(bodyCache.size).toBeLessThanOrEqual(8);
  });

  it("evicts the oldest entries first and keeps nothing larger than a quarter of its budget", () => {
    const cache = new ByteBoundedCache<number>(700, 1); // an entry of 100 characters: 64 + 100 bytes
    for (const key of ["a", "b", "c", "d"]) cache.set(key.repeat(100), 1);
    expect(cache.bytes).toBe(656);
    cache.set("e".repeat(100), 5); // 820 > 700: "a…" goes
    expect(cache.get("a".repeat(100))).toBeUndefined();
    expect(cache.get("e".repeat(100))).toBe(5);
    expect(cache.bytes).toBe(656);
    cache.set("f".repeat(200), 6); // 264 > 700 / 4: not kept
    expect(cache.get("f".repeat(200))).toBeUndefined();
  });
});

describe("real prompts stay far from the limits", () => {
  it("a PromptError that is not a limit is still a plain PromptError", () => {
    const error = (() => {
      try {
        compile(root([user(expression("shout(1)"))]));
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(PromptError);
    expect(error).not.toBeInstanceOf(CompileLimitError);
  });
});
