/**
 * The frontmatter cache (src/prompt/prompt-config.ts): a prompt compiled again gets the same
 * answer without re-reading its YAML, nothing a request gets can change what the next one
 * gets, an entry checked under some limits is never served under other limits, and values
 * freezing cannot protect are not shared.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { compile, PromptError, type CompiledPrompt } from "../../src/prompt";
import { CompileLimitError } from "../../src/prompt/errors";
import { configCache } from "../../src/prompt/prompt-config";
import { ast, el, expr, p, t } from "./helpers";

const PROMPT = ast(
  "text_config:\n  model_name: local/x\n  tools: [a, b]\ntest_settings:\n  props:\n    who: {name: Ada}\n",
  [el("User", {}, [p(t("Hi "), expr("props.who.name"))])],
);

function textPrompt(compiled: CompiledPrompt) {
  if (compiled.kind !== "text") throw new Error(`expected a text prompt, got ${compiled.kind}`);
  return compiled;
}

describe("frontmatter cache", () => {
  beforeEach(() => configCache.clear());

  it("compiles a prompt the same the second time, from one cache entry", () => {
    const first = compile(PROMPT);
    expect(configCache.size).toBe(1);
    const second = compile(PROMPT);
    expect(configCache.size).toBe(1);
    expect(second).toEqual(first);
    expect(textPrompt(second).messages).toEqual([{ role: "user", content: "Hi Ada" }]);
  });

  it("hands out frozen config and test props: writing to them throws and the next compile is unchanged", () => {
    const compiled = textPrompt(compile(PROMPT));
    expect(() => {
      (compiled.text_config as { model_name: string }).model_name = "changed";
    }).toThrow(TypeError);
    expect(() => (compiled.text_config.tools as string[]).push("c")).toThrow(TypeError);
    const props = compiled.test_settings?.props as { who: { name: string } };
    expect(() => {
      props.who.name = "Eve";
    }).toThrow(TypeError);
    const again = textPrompt(compile(PROMPT));
    expect(again.text_config).toEqual({ model_name: "local/x", tools: ["a", "b"] });
    expect(again.messages).toEqual([{ role: "user", content: "Hi Ada" }]);
  });

  it("never serves an entry checked under other limits", () => {
    const deep = ast("text_config:\n  model_name: local/x\ntest_settings:\n  props:\n    a: {b: {c: {d: 1}}}\n", [el("User", {}, [p(t("x"))])]);
    expect(compile(deep).kind).toBe("text");
    expect(() => compile(deep, undefined, { maxDepth: 3 })).toThrow(CompileLimitError);
    const long = ast("text_config:\n  model_name: local/x\n", [el("User", {}, [p(t("x"))])]);
    expect(compile(long).kind).toBe("text");
    expect(() => compile(long, undefined, { maxFrontmatterChars: 10 })).toThrow(/maxFrontmatterChars/);
  });

  it("keeps an invalid config's error after the rendering errors, as without the cache", () => {
    const bad = ast("text_config:\n  temperature: hot\n", [el("User", {}, [p(expr("nope(1)"))])]);
    for (let i = 0; i < 2; i++) expect(() => compile(bad)).toThrow(/nope/);
    const badConfigOnly = ast("text_config:\n  temperature: hot\n", [el("User", {}, [p(t("x"))])]);
    for (let i = 0; i < 2; i++) expect(() => compile(badConfigOnly)).toThrow(PromptError);
    expect(() => compile(badConfigOnly)).toThrow(/text_config\.model_name/);
  });

  it("does not share what freezing cannot protect (a YAML timestamp) nor YAML with aliases", () => {
    const dated = ast("text_config:\n  model_name: local/x\ntest_settings:\n  props:\n    when: 2024-01-02\n", [el("User", {}, [p(t("x"))])]);
    const first = textPrompt(compile(dated)).test_settings?.props?.when as Date;
    expect(first).toBeInstanceOf(Date);
    first.setFullYear(1999);
    expect((textPrompt(compile(dated)).test_settings?.props?.when as Date).getFullYear()).toBe(2024);
    const aliased = ast("text_config:\n  model_name: &m local/x\ntest_settings:\n  props:\n    model: *m\n", [el("User", {}, [p(t("x"))])]);
    expect(textPrompt(compile(aliased)).test_settings?.props).toEqual({ model: "local/x" });
    expect(configCache.size).toBe(0);
  });
});
