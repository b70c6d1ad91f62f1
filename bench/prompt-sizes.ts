/**
 * How much of each compile limit real prompts use: the repository's AgentMark fixtures and
 * prompt sources, the example prompts, and the differential test's 600 generated prompts,
 * compiled with their props and dataset rows. Prints the peak of each measure next to its
 * default limit (docs/limits.md explains the choice).
 *
 *   node --import tsx bench/prompt-sizes.ts
 */
import { readFileSync, readdirSync } from "node:fs";
import yaml from "js-yaml";
import { compileMeasured } from "../src/prompt/compile";
import { DEFAULT_COMPILE_LIMITS, type CompileLimits } from "../src/prompt/limits";
import { generateCorpus } from "../test/prompt/corpus";
import { parseSource } from "../test/prompt/oracle";

interface Sample {
  label: string;
  ast: unknown;
  props: unknown[];
}

const root = new URL("../", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), "utf8");
const list = (dir: string, suffix: string) =>
  readdirSync(new URL(dir, root)).filter((file) => file.endsWith(suffix)).map((file) => `${dir}${file}`);

const FIXTURE_PROPS = { userMessage: "What is 2+2?", imageLink: "https://example.com/cat.png", fileMimeType: "application/pdf" };
const NEGATIVE = new Set(["oldFormat.prompt.mdx", "incorrectAttachments.prompt.mdx", "incorrectImage.prompt.mdx"]);

const datasetInputs = [...list("test/fixtures/agentmark/datasets/", ".jsonl"), ...list("datasets/", ".jsonl")].flatMap((path) =>
  read(path)
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => (JSON.parse(line) as { input?: unknown }).input),
);

const samples: Sample[] = [
  ...list("test/fixtures/agentmark/fixtures/", ".json").map((path) => ({ label: path, ast: JSON.parse(read(path)), props: [FIXTURE_PROPS, undefined] })),
  ...list("test/fixtures/prompt/", ".json").map((path) => ({ label: path, ast: JSON.parse(read(path)), props: [undefined] })),
  ...list("test/fixtures/agentmark/prompts/", ".mdx")
    .filter((path) => !NEGATIVE.has(path.split("/").pop()!))
    .map((path) => ({ label: path, ast: parseSource(read(path)), props: [FIXTURE_PROPS, undefined, ...datasetInputs] })),
  ...list("examples/prompts/", ".mdx").map((path) => ({ label: path, ast: parseSource(read(path)), props: [undefined, ...datasetInputs] })),
];
const corpus = generateCorpus(600, 20260101).map((generated) => ({
  label: `corpus ${generated.id}`,
  ast: parseSource(generated.source),
  props: [generated.customProps],
}));

type Measure = keyof CompileLimits | "propsDepth" | "frontmatterDepth";
const peaks = new Map<string, { value: number; where: string }>();
function record(group: string, measure: Measure, value: number, where: string) {
  const key = `${group}\u0000${measure}`;
  if (value > (peaks.get(key)?.value ?? -1)) peaks.set(key, { value, where });
}

function depthOf(value: unknown): number {
  if (value === null || typeof value !== "object") return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...children.map(depthOf));
}

function measure(group: string, sample: Sample) {
  const root = sample.ast as { children: { type: string; value?: string }[] };
  const source = root.children.find((node) => node.type === "yaml")?.value ?? "";
  const frontmatter = yaml.load(source);
  record(group, "maxFrontmatterChars", Math.max(source.length, JSON.stringify(frontmatter).length), sample.label);
  record(group, "frontmatterDepth", depthOf(frontmatter), sample.label);
  for (const props of sample.props) {
    let outcome;
    try {
      outcome = compileMeasured(sample.ast, props);
    } catch {
      continue; // prompts the language rejects (the corpus has a few on purpose)
    }
    const times: number[] = [];
    for (let run = 0; run < 21; run++) {
      const started = performance.now();
      compileMeasured(sample.ast, props);
      times.push(performance.now() - started);
    }
    record(group, "maxCompileMs", times.sort((a, b) => a - b)[10]!, sample.label);
    const { used } = outcome;
    record(group, "maxLoopIterations", used.iterations, sample.label);
    record(group, "maxRenderedNodes", used.nodes, sample.label);
    record(group, "maxRenderedChars", used.chars, sample.label);
    record(group, "maxMarkdownChars", used.markdownChars, sample.label);
    record(group, "maxDepth", used.deepest, sample.label);
    record(group, "maxEmphasisDepth", used.deepestEmphasis, sample.label);
    record(group, "maxExpressionChars", used.expressionChars, sample.label);
    record(group, "propsDepth", depthOf(props), sample.label);
  }
}

// Once to warm the JIT, then measured (compile times are medians of 21 warm runs).
for (const sample of [...samples, ...corpus]) measure("warm-up", sample);
peaks.clear();
for (const sample of samples) measure("fixtures", sample);
for (const sample of corpus) measure("corpus", sample);

const rows: string[] = [];
for (const name of Object.keys(DEFAULT_COMPILE_LIMITS) as (keyof CompileLimits)[]) {
  const fixtures = peaks.get(`fixtures\u0000${name}`);
  const generated = peaks.get(`corpus\u0000${name}`);
  const limit = DEFAULT_COMPILE_LIMITS[name];
  const show = (peak?: { value: number }) => (peak === undefined ? "–" : Number(peak.value.toFixed(3)).toString());
  const headroom = fixtures && fixtures.value > 0 ? `${Math.round(limit / fixtures.value)}×` : "–";
  rows.push(`| \`${name}\` | ${show(fixtures)} (${fixtures?.where ?? "–"}) | ${show(generated)} | ${limit} | ${headroom} |`);
}
for (const name of ["propsDepth", "frontmatterDepth"] as const) {
  const fixtures = peaks.get(`fixtures\u0000${name}`);
  const generated = peaks.get(`corpus\u0000${name}`);
  rows.push(`| ${name} (checked against \`maxDepth\`) | ${fixtures?.value ?? "–"} (${fixtures?.where ?? "–"}) | ${generated?.value ?? "–"} | ${DEFAULT_COMPILE_LIMITS.maxDepth} | – |`);
}
console.log("| limit | peak in the fixtures, sources and examples | peak in the 600 generated prompts | default | default ÷ fixture peak |");
console.log("|---|---|---|---|---|");
console.log(rows.join("\n"));
