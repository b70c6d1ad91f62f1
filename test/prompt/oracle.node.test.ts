/**
 * Differential test against the platform's renderer (`@agentmark/templatedx@0.8.1` with
 * replicas of the platform's tag plugins, see ./oracle.ts), on the repository's prompt
 * fixtures and sources and on a seeded corpus of generated prompts.
 *
 * For every case: `compile` must equal the oracle with all compatibility rules on; where it
 * differs from the plain reference, the difference must be explained by named rules.
 */
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { compressAst } from "@agentmark/templatedx";
import { describe, expect, it } from "vitest";
import { compile, PromptError, type CompiledPrompt } from "../../src/prompt";
import { generateCorpus } from "./corpus";
import { RULES, oracleCompile, parseSource, type OracleResult, type Rule } from "./oracle";

const ALL = new Set<Rule>(RULES);
const NONE = new Set<Rule>();

const FIXTURES = fileURLToPath(new URL("../fixtures/agentmark/", import.meta.url));

function ours(ast: unknown, props: unknown): OracleResult {
  let compiled: CompiledPrompt;
  try {
    compiled = compile(ast, props);
  } catch (error) {
    if (!(error instanceof PromptError)) throw error;
    return { ok: false, error: error.message };
  }
  switch (compiled.kind) {
    case "text":
    case "object":
      return { ok: true, kind: compiled.kind, messages: compiled.messages };
    case "image":
      return { ok: true, kind: "image", prompt: compiled.image_config.prompt };
    case "speech":
      return { ok: true, kind: "speech", text: compiled.speech_config.text, instructions: compiled.speech_config.instructions };
  }
}

const SYSTEM_NOT_FIRST = "System message may only be the first message:";

/** Our message without the location we add, e.g. `Filter "x" is not registered.` */
function coreMessage(message: string): string {
  const withoutPlace = message.replace(/ \(at [^]*\)$/, "");
  if (withoutPlace.startsWith(SYSTEM_NOT_FIRST)) return SYSTEM_NOT_FIRST;
  return withoutPlace.startsWith("Failed to parse expression:") ? withoutPlace.replace(/ \([^]*\)$/, "") : withoutPlace;
}

/** Same outcome: equal output, or both failing where ours keeps the reference's text. */
function agrees(actual: OracleResult, expected: OracleResult): boolean {
  if (actual.ok !== expected.ok) return false;
  if (!actual.ok || !expected.ok) {
    return !actual.ok && !expected.ok && expected.error.includes(coreMessage(actual.error));
  }
  return JSON.stringify(actual) === JSON.stringify(expected);
}

interface Verdict {
  ours: OracleResult;
  expected: OracleResult;
  reference: OracleResult;
  /** Rules whose removal changes the expected result (empty when ours equals the reference). */
  explainedBy: string[];
}

async function judge(ast: unknown, props: unknown): Promise<Verdict> {
  const compressed = structuredClone(ast);
  compressAst(compressed);
  const result = ours(ast, props);
  // A compressed AST (no positions, no estree) must compile exactly like the full one.
  expect(ours(compressed, props)).toEqual(result);
  const expected = await oracleCompile(ast, props, ALL);
  const reference = await oracleCompile(ast, props, NONE);
  return { ours: result, expected, reference, explainedBy: agrees(result, reference) ? [] : await explain(ast, props, result) };
}

/**
 * The rules whose removal from the oracle changes the result; when rules overlap (e.g. two
 * that each alone fix the same conditional), the smallest such pair, reported together.
 */
async function explain(ast: unknown, props: unknown, result: OracleResult): Promise<string[]> {
  const changesWithout = async (rules: Rule[]) =>
    !agrees(result, await oracleCompile(ast, props, new Set(RULES.filter((rule) => !rules.includes(rule)))));
  const single: string[] = [];
  for (const rule of RULES) if (await changesWithout([rule])) single.push(rule);
  if (single.length > 0) return single;
  for (let i = 0; i < RULES.length; i++) {
    for (let j = i + 1; j < RULES.length; j++) {
      const pair = [RULES[i], RULES[j]] as Rule[];
      if (await changesWithout(pair)) return [pair.join(" & ")];
    }
  }
  return [];
}

function expectAgreement(verdict: Verdict, label: string) {
  if (!agrees(verdict.ours, verdict.expected)) {
    expect.fail(`${label}: ours ${JSON.stringify(verdict.ours)}\n expected ${JSON.stringify(verdict.expected)}`);
  }
  if (!agrees(verdict.ours, verdict.reference) && verdict.explainedBy.length === 0) {
    expect.fail(`${label}: unexplained difference from the reference ${JSON.stringify(verdict.reference)}`);
  }
}

describe("fixtures (real ASTs)", () => {
  const props = { userMessage: "What is 2+2?", imageLink: "https://example.com/cat.png", fileMimeType: "application/pdf" };
  for (const file of readdirSync(`${FIXTURES}fixtures`)) {
    for (const customProps of [props, undefined, {}]) {
      it(`${file} with props ${JSON.stringify(customProps)}`, async () => {
        const ast = JSON.parse(readFileSync(`${FIXTURES}fixtures/${file}`, "utf8"));
        const verdict = await judge(ast, customProps);
        expectAgreement(verdict, file);
        expect(verdict.ours).toEqual(verdict.reference);
      });
    }
  }
});

describe("prompt sources", () => {
  const props = { userMessage: "What is 2+2?", imageLink: "https://example.com/cat.png", fileMimeType: "application/pdf" };
  const negative: Record<string, RegExp> = {
    "oldFormat.prompt.mdx": /metadata\.model is the old format/,
    "incorrectAttachments.prompt.mdx": /^ImageAttachment and FileAttachment tags must be inside User tag\. \(at <System> > <ImageAttachment>\)$/,
    "incorrectImage.prompt.mdx": /^Unsupported tag '<System>' in an image prompt\./,
  };
  for (const file of readdirSync(`${FIXTURES}prompts`)) {
    it(file, async () => {
      const ast = parseSource(readFileSync(`${FIXTURES}prompts/${file}`, "utf8"));
      const verdict = await judge(ast, props);
      const pattern = negative[file];
      if (pattern) {
        expect(verdict.ours.ok).toBe(false);
        expect(!verdict.ours.ok && verdict.ours.error).toMatch(pattern);
        return;
      }
      expectAgreement(verdict, file);
    });
  }

  it("attachments.prompt.mdx: differs from the reference only by the documented rules", async () => {
    const ast = parseSource(readFileSync(`${FIXTURES}prompts/attachments.prompt.mdx`, "utf8"));
    const verdict = await judge(ast, props);
    // `hello!!!!` and `{props.userMessage}` are separate blocks in this source: the reference glues them.
    expect(verdict.reference.ok && JSON.stringify(verdict.reference.messages)).toContain('"text":"hello!!!!What is 2+2?"');
    expect(verdict.ours.ok && JSON.stringify(verdict.ours.messages)).toContain('"text":"hello!!!!\\n\\nWhat is 2+2?"');
    expect(verdict.explainedBy).toEqual(["block-text-is-a-paragraph"]);
  });
});

describe("generated corpus", () => {
  const CASES = 600;
  const corpus = generateCorpus(CASES, 20260101);
  const tally = new Map<string, number>();
  let failures = 0;
  let errors = 0;

  it(`${CASES} seeded cases agree with the oracle`, async () => {
    const problems: string[] = [];
    for (const testCase of corpus) {
      let ast: unknown;
      try {
        ast = parseSource(testCase.source);
      } catch (error) {
        problems.push(`${testCase.id} does not parse: ${String(error)}\n${testCase.source}`);
        continue;
      }
      const verdict = await judge(ast, testCase.customProps);
      if (!verdict.ours.ok) errors++;
      const key = agrees(verdict.ours, verdict.reference) ? "same as reference" : verdict.explainedBy.join(" + ") || "UNEXPLAINED";
      tally.set(key, (tally.get(key) ?? 0) + 1);
      try {
        expectAgreement(verdict, testCase.id);
      } catch (error) {
        failures++;
        if (problems.length < 40) problems.push(`${(error as Error).message}\n--- source:\n${testCase.source}\n--- props: ${JSON.stringify(testCase.customProps)}`);
      }
    }
    if (process.env.DIFF_DUMP) (await import("node:fs")).writeFileSync(process.env.DIFF_DUMP, problems.join("\n\n=========\n\n"));
    console.log(`differential: ${CASES} cases, ${errors} expected errors, ${failures} failures`, Object.fromEntries(tally));
    expect(problems).toEqual([]);
    expect(tally.get("same as reference") ?? 0).toBeGreaterThan(CASES / 3);
  }, 600_000); // CPU-bound: ~15 s on an idle 2-core machine, 3 min seen under load; this only catches a hang
});
