/**
 * A deterministic generator of prompt sources for the differential test: props × tags ×
 * expressions × filters, from a seeded PRNG (mulberry32), so every run checks the same cases.
 */

export interface GeneratedCase {
  id: string;
  source: string;
  /** `undefined`: props come from `test_settings.props`. */
  customProps: Record<string, unknown> | undefined;
}

export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PROP_SETS: Record<string, unknown>[] = [
  { name: "Ada", count: 3, flag: true, list: ["x", "y"], user: { first: "Grace", tags: ["a", "b"] }, img: "https://example.com/a.png" },
  { name: "snake_case *bold* [link]", count: 0, flag: false, list: [], user: { first: "R&D" }, img: "" },
  { name: "# heading-like", count: -2.5, flag: true, list: [1, 2, 3], user: {}, img: "https://example.com/b.jpg" },
  { name: "a<b & c>d", count: 200, flag: false, list: ["only"], user: { first: "" } },
  { name: "", count: 7, flag: true, list: ["p", "q", "r"], user: { first: "Zed", tags: [] }, img: "https://example.com/c.png" },
  { name: "Mixed Case Words", count: 2.345, flag: false, list: [{ k: 1 }, "s"], user: { first: "Ö" } },
];

const EXPRESSIONS = [
  "props.name",
  "props.count",
  "props.count + 1",
  "props.count * 2 - 1",
  "props.count / 4",
  "props.count % 2",
  "props.count == 3",
  'props.count == "3"',
  "props.count != 0",
  "!props.flag",
  "-props.count",
  "props.flag && props.name",
  "props.flag || props.count",
  "props.list",
  "props.list.length",
  "props.list[0]",
  "props.list[props.count]",
  "props.user",
  "props.user.first",
  'props.user["first"]',
  "props.user.tags",
  "props.missing",
  "props.missing.deep",
  "props.name.length",
  "undefinedName",
  '"lit-" + props.name',
  "[1, 2, props.count]",
  "null",
  "true",
  "capitalize(props.name)",
  "upper(props.name)",
  "lower(props.name)",
  "truncate(props.name, 4)",
  "truncate(props.count, 2)",
  "abs(props.count)",
  "join(props.list)",
  'join(props.list, " | ")',
  "round(props.count / 3, 2)",
  "round(props.count)",
  'round("2.345", 1)',
  'replace(props.name, "a", "o")',
  "urlencode(props.name)",
  "dump(props.user)",
  "dump(props.name)",
  "dump({a: 1, b: [props.count]})",
  "upper(join(props.list, \"-\"))",
];

/** Expressions the language rejects: each case with one of these must fail in both. */
const BAD_EXPRESSIONS = ["shout(props.name)", "props.count === 3", "props.flag ? 1 : 2", "props.list.map(props.x)", "props.count = 1", "~props.count"];

const CONDITIONS = [
  "props.flag",
  "!props.flag",
  "props.count > 2",
  "props.count >= 3 || props.flag",
  'props.name == "Ada"',
  "props.flag && props.count > 1",
  "props.name",
  "props.list.length > 1",
  "props.missing == null",
  "props.count == 0",
];

/** `<Raw>` content: braces, blank lines, markdown, XML-like and capitalised tags, all to stay literal. */
const RAW_CONTENT = [
  "{props.name} stays {literal}",
  "line one\n\nline two {props.count}\n\n\nline three",
  "# Not a heading {x}\n\n- item *em* `code`\n\n> quoted {y}",
  "<example>\n{props.name}\n</example>",
  '<Tool name="search">{props.query}</Tool> and <b>bold</b>',
  "1. first\n2. second {z}\n\n```\n{code}\n```",
  "a & b [link](http://x) _under_ \\{escaped} **strong**",
];

const WORDS = ["Plain text here.", "Be concise.", "Answer politely, please.", "Use *markdown* and `code`.", "Second line\nwith a soft break."];

export function generateCorpus(count: number, seed: number): GeneratedCase[] {
  const random = mulberry32(seed);
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const chance = (p: number) => random() < p;
  const expression = () => (chance(0.02) ? pick(BAD_EXPRESSIONS) : pick(EXPRESSIONS));

  function block(depth: number, inUser: boolean): string {
    const roll = random();
    if (roll < 0.18) return pick(WORDS);
    if (roll < 0.36) return `${pick(["Hello", "Value:", "Note"])} {${expression()}} ${pick(["end.", "!", "and more"])}`;
    if (roll < 0.48) return `{${expression()}}`;
    if (roll < 0.62 && depth < 2) return conditional(depth, inUser);
    if (roll < 0.72 && depth < 2) return forEach(depth, inUser);
    if (roll < 0.74) return raw();
    if (roll < 0.76) return `${pick(["Before", "Use"])} <Raw>{props.name} *x* {y}</Raw> ${pick(["after.", "literally"])}`;
    if (roll < 0.8) return `<examples>\n${block(depth + 1, inUser)}\n</examples>`;
    if (roll < 0.83) return "Use `{props.name}` literally.\n\n```\n{props.count}\n```";
    if (roll < 0.87) return `- first\n- {${expression()}}\n- item {${expression()}}`;
    if (roll < 0.9) return `## Title {${expression()}}`;
    if (inUser && roll < 0.97) return attachment();
    return pick(WORDS);
  }

  function blocks(depth: number, inUser: boolean): string {
    const n = 1 + Math.floor(random() * 3);
    return Array.from({ length: n }, () => block(depth, inUser)).join(chance(0.8) ? "\n\n" : "\n");
  }

  function conditional(depth: number, inUser: boolean): string {
    const parts = [`<If condition={${pick(CONDITIONS)}}>\n${blocks(depth + 1, inUser)}\n</If>`];
    if (chance(0.4)) parts.push(`<ElseIf condition={${pick(CONDITIONS)}}>\n${blocks(depth + 1, inUser)}\n</ElseIf>`);
    if (chance(0.5)) parts.push(`<Else>\n${blocks(depth + 1, inUser)}\n</Else>`);
    if (chance(0.25)) parts.push(`<If condition={${pick(CONDITIONS)}}>\n${pick(WORDS)}\n</If>`);
    return parts.join("\n");
  }

  function forEach(depth: number, inUser: boolean): string {
    const arr = pick(["props.list", "props.user.tags", "[\"a\", \"b\"]", "props.name", "[]"]);
    const body = pick([
      "<>\n      - {i}: {item}\n    </>",
      "<>\n      {item}\n    </>",
      "<>\n      Item {upper(item)} at {i + 1}.\n    </>",
      ...(inUser ? ['<>\n      <ImageAttachment image="https://example.com/loop.png" mimeType={item} />\n    </>'] : []),
      `<>\n      <If condition={i == 0}>\n        First {item}\n      </If>\n      <Else>\n        Then {item}\n      </Else>\n    </>`,
      "<>\n      <Raw>{item} is {literal}</Raw>\n    </>",
      "<>\n      Item {item}:\n\n      <Raw>\n        {item} *stays*\n\n        {i}\n      </Raw>\n    </>",
    ]);
    return `<ForEach arr={${arr}}>\n  {(item, i) => (\n    ${body}\n  )}\n</ForEach>`;
  }

  function raw(): string {
    return `<Raw>\n${pick(RAW_CONTENT)}\n</Raw>`;
  }

  function attachment(): string {
    return pick([
      "<ImageAttachment image={props.img} />",
      '<ImageAttachment image="https://example.com/x.png" mimeType="image/png" />',
      '<FileAttachment data="https://example.com/f.pdf" mimeType="application/pdf" />',
      "<FileAttachment data={props.img} mimeType={props.missing} />",
    ]);
  }

  function message(tag: string): string {
    // Raw as the whole message, written as a block or inline.
    if (chance(0.06)) return `<${tag}>\n${raw()}\n</${tag}>`;
    if (chance(0.03)) return `<${tag}><Raw>{props.name} and {literal}</Raw></${tag}>`;
    const inner = blocks(0, tag === "User");
    return chance(0.85) ? `<${tag}>\n${inner}\n</${tag}>` : `<${tag}>\n\n${inner}\n\n</${tag}>`;
  }

  function languageBody(): string {
    const out: string[] = [];
    if (chance(0.7)) out.push(message("System"));
    const n = 1 + Math.floor(random() * 3);
    for (let i = 0; i < n; i++) out.push(message(i % 2 === 0 ? "User" : "Assistant"));
    if (chance(0.15)) {
      const at = Math.floor(random() * (out.length + 1));
      out.splice(at, 0, `<If condition={${pick(CONDITIONS)}}>\n${message("User")}\n${message("Assistant")}\n</If>`);
    }
    if (chance(0.08)) {
      out.push(
        "<ForEach arr={props.list}>\n  {(example) => (\n    <>\n      <User>Example {example}</User>\n      <Assistant>Noted {example}.</Assistant>\n    </>\n  )}\n</ForEach>",
      );
    }
    if (chance(0.03)) out.push(message("System"));
    if (chance(0.03)) out.push('<Assistant>\n<ImageAttachment image="https://example.com/x.png" />\n</Assistant>');
    return out.join("\n\n");
  }

  const cases: GeneratedCase[] = [];
  for (let index = 0; index < count; index++) {
    const props = pick(PROP_SETS);
    const kind = pick(["text", "text", "text", "object", "image", "speech"]);
    const viaTestSettings = chance(0.3);
    const config =
      kind === "text"
        ? "text_config:\n  model_name: m"
        : kind === "object"
          ? "object_config:\n  model_name: m\n  schema:\n    type: object"
          : `${kind}_config:\n  model_name: m`;
    const frontmatter = `name: case-${index}\n${config}${viaTestSettings ? `\ntest_settings:\n  props: ${JSON.stringify(props)}` : ""}`;
    const body =
      kind === "image"
        ? message("ImagePrompt")
        : kind === "speech"
          ? [chance(0.7) ? message("System") : "", message("SpeechPrompt")].filter(Boolean).join("\n\n")
          : languageBody();
    cases.push({
      id: `case-${index}`,
      source: `---\n${frontmatter}\n---\n\n${body}\n`,
      customProps: viaTestSettings ? undefined : chance(0.05) ? {} : props,
    });
  }
  return cases;
}
