/**
 * What the compile budget costs at its worst, in Node:
 * 1. every hostile prompt of test/prompt/hostile.ts (issue #13): time until its 400, and
 *    the heap it leaves behind;
 * 2. prompts just under each default limit, built from the most expensive content measured
 *    for that limit: how long a compile the defaults allow.
 * Each figure is the median of 5 runs after one warm-up.
 *
 *   node --expose-gc --import tsx bench/hostile-compile.ts
 */
import { compile, CompileLimitError, DEFAULT_COMPILE_LIMITS } from "../src/prompt";
import { expression, forEach, HOSTILE_CASES, paragraph, root, text, user, element } from "../test/prompt/hostile";

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc");

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

function measure(run: () => unknown): { ms: number; heapMiB: number; outcome: string } {
  let outcome = "";
  const once = () => {
    try {
      run();
      outcome = "compiled";
    } catch (error) {
      outcome = error instanceof CompileLimitError ? `400 ${error.limit}` : `other: ${String(error).slice(0, 60)}`;
    }
  };
  once();
  const times: number[] = [];
  const heaps: number[] = [];
  for (let i = 0; i < 5; i++) {
    gc!();
    const before = process.memoryUsage().heapUsed;
    const started = performance.now();
    once();
    times.push(performance.now() - started);
    gc!();
    heaps.push((process.memoryUsage().heapUsed - before) / 2 ** 20);
  }
  return { ms: median(times), heapMiB: median(heaps), outcome };
}

const L = DEFAULT_COMPILE_LIMITS;
const items = (count: number) => Array.from({ length: count }, (_, index) => index);
let unique = 0;

/** Prompts just inside the defaults, each made of the costliest content found for its limit. */
const AT_LIMIT: Array<[string, () => unknown]> = [
  [`${L.maxLoopIterations} iterations of a one-paragraph body`, () => compile(root([user(forEach("props.items", "{x}"))]), { items: items(L.maxLoopIterations) })],
  [
    `~${L.maxRenderedNodes} nodes: links and code in a loop`,
    () => compile(root([user(forEach("props.items", "\n\n[a](b) `c` [d](e)\n\n"))]), { items: items(Math.floor(L.maxRenderedNodes / 9)) }),
  ],
  [
    `~${L.maxRenderedNodes} node budget spent on emphasis (weight 8)`,
    () => compile(root([user(paragraph(...Array.from({ length: Math.floor(L.maxRenderedNodes / 10) }, () => ({ type: "emphasis", children: [text("e")] }))))])),
  ],
  [`${L.maxRenderedChars} characters of text full of markdown specials`, () => compile(root([user(expression("props.s"))]), { s: "*a* [b] {c} _d_ <e> & # ".repeat(L.maxRenderedChars / 25 - 1) })],
  [`emphasis nested ${L.maxEmphasisDepth} deep`, () => {
    let node = text("x");
    for (let level = 0; level < L.maxEmphasisDepth; level++) node = { type: level % 2 ? "strong" : "emphasis", children: [node] };
    return compile(root([user(paragraph(node))]));
  }],
  [`the AST nested ${L.maxDepth - 3} deep (lowercase tags)`, () => {
    let node = paragraph(text("x"));
    for (let level = 0; level < L.maxDepth - 4; level++) node = element("x", [node]);
    return compile(root([user(node)]));
  }],
  [`a ${L.maxMarkdownChars}-character ForEach body: one list of "- a" items (new each run)`, () =>
    compile(root([user(forEach("[1]", `\n${unique++}\n\n${"- a\n".repeat(Math.floor((L.maxMarkdownChars - 20) / 4))}\n`))]))],
  [`a ${L.maxMarkdownChars}-character ForEach body: lines of "- - a" (new each run)`, () =>
    compile(root([user(forEach("[1]", `\n${unique++}\n\n${"- - a\n".repeat(Math.floor((L.maxMarkdownChars - 20) / 6))}\n`))]))],
  [`a ${L.maxMarkdownChars}-character ForEach body: "- " × 45 per line (new each run)`, () =>
    compile(root([user(forEach("[1]", `\n${unique++}\n\n${`${"- ".repeat(45)}a\n`.repeat(Math.floor((L.maxMarkdownChars - 20) / 93))}\n`))]))],
  [`a ${L.maxMarkdownChars}-character ForEach body: emphasis runs (new each run)`, () =>
    compile(root([user(forEach("[1]", `${unique++} ${"*a* ".repeat(Math.floor((L.maxMarkdownChars - 20) / 4))}`))]))],
  [`a ${L.maxMarkdownChars}-character ForEach body: links (new each run)`, () =>
    compile(root([user(forEach("[1]", `${unique++} ${"[a](".repeat(Math.floor((L.maxMarkdownChars - 20) / 4))}`))]))],
  [`a ${L.maxFrontmatterChars}-character frontmatter of list items (new each run)`, () =>
    compile(root([user(paragraph(text("x")))], `name: t${unique++}\ntext_config:\n  model_name: m\ninput_schema:\n${"  - x\n".repeat(L.maxFrontmatterChars / 6 - 10)}`))],
  [`${L.maxExpressionChars} characters of distinct expressions (new each run)`, () => {
    const expressions = Array.from({ length: 100 }, () => expression(`${"a.b+".repeat(Math.floor(L.maxExpressionChars / 400) - 2)}${unique++}`));
    return compile(root([user(paragraph(...expressions))]));
  }],
];

// Issue #13's target for each hostile prompt: a 400 in under a second.
const TARGET_MS = 1000;
console.log(`| hostile prompt | outcome | time to the 400 | heap after | target: a 400 in < ${TARGET_MS} ms |`);
console.log("|---|---|---|---|---|");
let missed = 0;
for (const hostile of HOSTILE_CASES) {
  const result = measure(() => compile(hostile.ast, hostile.customProps));
  const met = result.outcome.startsWith("400 ") && result.ms < TARGET_MS;
  if (!met) missed++;
  console.log(`| ${hostile.name} | ${result.outcome} | ${result.ms.toFixed(1)} ms | ${result.heapMiB.toFixed(1)} MiB | ${met ? "met" : "MISSED"} |`);
}
console.log(`\nhostile prompts: ${HOSTILE_CASES.length - missed} of ${HOSTILE_CASES.length} refused with a 400 in < ${TARGET_MS} ms (target: all: ${missed === 0 ? "met" : "MISSED"})`);
console.log("\n| just inside the defaults | outcome | compile time | heap after |");
console.log("|---|---|---|---|");
for (const [name, run] of AT_LIMIT) {
  const result = measure(run);
  console.log(`| ${name} | ${result.outcome} | ${result.ms.toFixed(1)} ms | ${result.heapMiB.toFixed(1)} MiB |`);
}
