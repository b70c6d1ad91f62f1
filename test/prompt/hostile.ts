/**
 * Hostile prompts: each case of issue #13 ("Why") that concerns the compiler, plus the
 * neighbours found while fixing them. Before the compile budget each of these stalled the
 * server, exhausted its memory or answered 500; now each must be a 400 naming its setting.
 * Plain data and builders (no test framework), shared by the compile, app and runtime tests.
 */
import type { CompileLimits } from "../../src/prompt/limits";

type Node = Record<string, unknown>;

export interface HostileCase {
  name: string;
  ast: Node;
  customProps?: unknown;
  /** The setting the 400 must name. */
  limit: keyof CompileLimits;
}

const TEXT = "name: hostile\ntext_config:\n  model_name: local/echo";

export function root(children: Node[], frontmatter = TEXT): Node {
  return { type: "root", children: [{ type: "yaml", value: frontmatter }, ...children] };
}

export function element(name: string, children: Node[] = [], attributes: Record<string, string> = {}): Node {
  return {
    type: "mdxJsxFlowElement",
    name,
    attributes: Object.entries(attributes).map(([key, value]) => ({
      type: "mdxJsxAttribute",
      name: key,
      value: { type: "mdxJsxAttributeValueExpression", value },
    })),
    children,
  };
}

export const user = (...children: Node[]) => element("User", children);
export const expression = (value: string): Node => ({ type: "mdxFlowExpression", value });
export const text = (value: string): Node => ({ type: "text", value });
export const paragraph = (...children: Node[]): Node => ({ type: "paragraph", children });

/** `<ForEach arr={arr}>{(x) => (<>body</>)}</ForEach>` as a compressed AST (the body is source text). */
export function forEach(arr: string, body: string, param = "x"): Node {
  return element("ForEach", [expression(`(${param}) => (<>${body}</>)`)], { arr });
}

/** `depth` ForEach loops nested in each other's bodies, each over `props.items`. */
function nestedLoops(depth: number): Node {
  let body = "{x}";
  for (let level = 1; level < depth; level++) body = `<ForEach arr={props.items}>{(x) => (<>${body}</>)}</ForEach>`;
  return forEach("props.items", body);
}

/** Frontmatter whose props expand to 10^levels strings through YAML aliases. */
function billionLaughs(levels: number): string {
  let yaml = `${TEXT}\ntest_settings:\n  props:\n    l0: &l0 [${Array(10).fill('"lol"').join(",")}]\n`;
  for (let level = 1; level < levels; level++) yaml += `    l${level}: &l${level} [${Array(10).fill(`*l${level - 1}`).join(",")}]\n`;
  return yaml;
}

function nested(depth: number, wrap: (inner: Node) => Node, inner: Node): Node {
  let node = inner;
  for (let level = 0; level < depth; level++) node = wrap(node);
  return node;
}

function deepObject(depth: number): unknown {
  let value: unknown = "bottom";
  for (let level = 0; level < depth; level++) value = { a: value };
  return value;
}

const items = (count: number) => Array.from({ length: count }, (_, index) => index);

export const ISSUE_CASES: HostileCase[] = [
  {
    name: 'replace(replace(props.s, "", props.s), "", "y") with a 12,000-character s (was: V8 out of memory)',
    ast: root([user(expression('replace(replace(props.s, "", props.s), "", "y")'))]),
    customProps: { s: "x".repeat(12_000) },
    limit: "maxRenderedChars",
  },
  {
    name: "ForEach nested 5 deep over 100 items: 100^5 iterations (was: 90 s blocked, then out of memory)",
    ast: root([user(nestedLoops(5))]),
    customProps: { items: items(100) },
    limit: "maxLoopIterations",
  },
  {
    name: "ForEach nested 4 deep over 40 items: 40^4 iterations (was: 25 s, 1.3 GB, a 14 MB answer)",
    ast: root([user(nestedLoops(4))]),
    customProps: { items: items(40) },
    limit: "maxLoopIterations",
  },
  {
    name: "YAML billion laughs in the frontmatter props, 10^8 leaves (was: a 200 MB answer)",
    ast: root([user(expression("props.l7"))], billionLaughs(8)),
    limit: "maxFrontmatterChars",
  },
  {
    name: "YAML billion laughs, 10^9 leaves (was: 55 s)",
    ast: root([user(expression("dump(props.l8)"))], billionLaughs(9)),
    limit: "maxFrontmatterChars",
  },
  {
    name: "a 400 KB ForEach body of 100k emphasis runs (was: 33-39 s of markdown parsing)",
    ast: root([user(forEach("[1]", "*a* ".repeat(100_000)))]),
    limit: "maxMarkdownChars",
  },
  {
    name: "a ForEach body of 40k nested block quotes (was: 8.7 s, then 500 Maximum call stack size exceeded)",
    ast: root([user(forEach("[1]", `\n${"> ".repeat(40_000)}a\n`))]),
    limit: "maxMarkdownChars",
  },
  {
    name: "props nested 100k levels deep (was: 500 Maximum call stack size exceeded)",
    ast: root([user(expression("dump(props)"))]),
    customProps: { deep: deepObject(100_000) },
    limit: "maxDepth",
  },
  {
    name: "20k nested <If> (was: 500 Maximum call stack size exceeded)",
    ast: root([user(nested(20_000, (inner) => element("If", [inner], { condition: "true" }), paragraph(text("x"))))]),
    limit: "maxDepth",
  },
  {
    name: "20k nested emphasis (was: 500 Maximum call stack size exceeded)",
    ast: root([user(paragraph(nested(20_000, (inner) => ({ type: "emphasis", children: [inner] }), text("x"))))]),
    limit: "maxEmphasisDepth",
  },
];

/** Neighbours of the issue's cases: other ways to ask for the same unbounded work. */
export const MORE_CASES: HostileCase[] = [
  {
    name: "a 2 MB prop rendered into a message",
    ast: root([user(expression("props.s"))]),
    customProps: { s: "y".repeat(2_000_000) },
    limit: "maxRenderedChars",
  },
  {
    name: "join() of shared references with a long separator",
    ast: root([user(expression(`join([${Array(50).fill("props.s").join(", ")}], props.s)`))]),
    customProps: { s: "z".repeat(100_000) },
    limit: "maxRenderedChars",
  },
  {
    name: "dump() of an array that repeats one large object",
    ast: root([user(expression(`dump([${Array(200).fill("props.o").join(", ")}])`))]),
    customProps: { o: { text: "w".repeat(10_000) } },
    limit: "maxRenderedChars",
  },
  {
    name: "an array of shared references compared with a string (JavaScript would join it first)",
    ast: root([user(expression(`[${Array(200).fill("props.s").join(", ")}] == "x"`))]),
    customProps: { s: "v".repeat(10_000) },
    limit: "maxRenderedChars",
  },
  {
    name: "upper() of a prop longer than the text budget",
    ast: root([user(expression("upper(props.s)"))]),
    customProps: { s: "u".repeat(1_500_000) },
    limit: "maxRenderedChars",
  },
  {
    name: "a 30,000-character expression",
    ast: root([user(expression(`"${"q".repeat(30_000)}"`))]),
    limit: "maxExpressionChars",
  },
  {
    name: "an expression nested 1,500 parentheses deep, within the length limit",
    ast: root([user(expression(`${"(".repeat(1_500)}1${")".repeat(1_500)}`))]),
    limit: "maxDepth",
  },
  {
    name: "a member chain 1,500 long (a deep tree for the evaluator)",
    ast: root([user(expression(`props${".a".repeat(1_500)}`))]),
    limit: "maxDepth",
  },
  {
    name: "a ForEach body opening 600 nested lists on one line (- - - … a)",
    ast: root([user(forEach("[1]", `\n${"- ".repeat(600)}a\n`))]),
    limit: "maxDepth",
  },
  {
    name: "a loop rendering more nodes than the node budget",
    ast: root([user(forEach("props.items", "\n\n*a* b `c` [d](e)\n\n"))]),
    customProps: { items: items(900) },
    limit: "maxRenderedNodes",
  },
  {
    name: "a <Raw> block holding 100k literal nodes",
    ast: root([user(element("Raw", Array.from({ length: 100_000 }, () => paragraph(text("r")))))]),
    limit: "maxRenderedNodes",
  },
  {
    name: "a lowercase tag with 100k attributes",
    ast: root([
      user({ type: "mdxJsxFlowElement", name: "x", attributes: Array.from({ length: 100_000 }, (_, i) => ({ type: "mdxJsxAttribute", name: `a${i}`, value: "v" })), children: [] }),
    ]),
    limit: "maxRenderedNodes",
  },
  {
    name: "a 300 KB frontmatter",
    ast: root([user(paragraph(text("hi")))], `${TEXT}\ntest_settings:\n  props:\n    s: "${"f".repeat(300_000)}"`),
    limit: "maxFrontmatterChars",
  },
  {
    name: "YAML flow sequences nested 10k deep",
    ast: root([user(paragraph(text("hi")))], `${TEXT}\ninput_schema: ${"[".repeat(10_000)}1${"]".repeat(10_000)}`),
    limit: "maxDepth",
  },
  {
    name: "a YAML alias inside its own anchor",
    ast: root([user(expression("dump(props.loop)"))], `${TEXT}\ntest_settings:\n  props:\n    loop: &loop [*loop]`),
    limit: "maxFrontmatterChars",
  },
  {
    name: "YAML aliases nesting 200 levels deep while each anchor is shallow",
    ast: root(
      [user(paragraph(text("hi")))],
      `${TEXT}\ntest_settings:\n  props:\n    a0: &a0 [1]\n${Array.from({ length: 199 }, (_, i) => `    a${i + 1}: &a${i + 1} [*a${i}]`).join("\n")}`,
    ),
    limit: "maxDepth",
  },
];

export const HOSTILE_CASES: HostileCase[] = [...ISSUE_CASES, ...MORE_CASES];

/** The signed body of a prompt-run for the case: JSON, written without recursion (some cases are 100k levels deep). */
export function promptRunJob(hostile: HostileCase): string {
  return toJson({ type: "prompt-run", data: { ast: hostile.ast, customProps: hostile.customProps, options: { shouldStream: true } } });
}

/** JSON.stringify for test data, with an explicit stack instead of recursion. */
export function toJson(value: unknown): string {
  const out: string[] = [];
  const tasks: Array<{ text: string } | { value: unknown }> = [{ value }];
  while (tasks.length > 0) {
    const task = tasks.pop()!;
    if ("text" in task) {
      out.push(task.text);
      continue;
    }
    const current = task.value;
    if (current === null || typeof current !== "object") {
      out.push(JSON.stringify(current) ?? "null");
      continue;
    }
    const array = Array.isArray(current);
    const entries = array
      ? current.map((item) => ["", item] as const)
      : Object.entries(current).filter(([, item]) => item !== undefined);
    tasks.push({ text: array ? "]" : "}" });
    for (let index = entries.length - 1; index >= 0; index--) {
      const [key, item] = entries[index]!;
      tasks.push({ value: item });
      if (!array) tasks.push({ text: `${JSON.stringify(key)}:` });
      if (index > 0) tasks.push({ text: "," });
    }
    tasks.push({ text: array ? "[" : "{" });
  }
  return out.join("");
}

/** The message of a limit's 400 names the setting. */
export function limitMessage(limit: keyof CompileLimits): RegExp {
  return new RegExp(`^Compile limit exceeded: .*\\(setting limits\\.compile\\.${limit}\\)`);
}
