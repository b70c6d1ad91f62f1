/**
 * fast-check generators for the fuzz suite: prompt ASTs (well-formed, malformed and hostile),
 * their frontmatter and props, webhook jobs, and mutations of real fixtures.
 */
import fc from "fast-check";
import attachmentsAst from "../fixtures/agentmark/fixtures/attachments.prompt.mdx.json";
import imageAst from "../fixtures/agentmark/fixtures/image.prompt.mdx.json";
import mathAst from "../fixtures/agentmark/fixtures/math.prompt.mdx.json";
import speechAst from "../fixtures/agentmark/fixtures/speech.prompt.mdx.json";
import textAst from "../fixtures/agentmark/fixtures/text.prompt.mdx.json";
import summarizeAst from "../fixtures/prompt/summarize-with-tone.prompt.mdx.json";

type Node = Record<string, unknown>;

const identifier = fc.constantFrom("props", "item", "i", "x", "undefinedName", "upper", "constructor", "__proto__");
const member = fc.constantFrom("a", "name", "list", "length", "constructor", "__proto__", "push", "toString", "prototype", "0");
const filterName = fc.constantFrom("upper", "lower", "capitalize", "truncate", "abs", "join", "round", "replace", "urlencode", "dump", "shout", "constructor");
const operator = fc.constantFrom("+", "-", "*", "/", "%", "==", "!=", ">", "<", ">=", "<=", "&&", "||", "===", "=", "?", "**");

/** Expression source: mostly from the language's grammar, sometimes arbitrary text. */
export const expressionSource: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    identifier,
    fc.tuple(identifier, fc.array(member, { maxLength: 4 })).map(([head, tail]) => [head, ...tail].join(".")),
    fc.oneof(fc.integer(), fc.double({ noNaN: false }), fc.constantFrom("true", "false", "null")).map(String),
    fc.string({ maxLength: 20 }).map((text) => JSON.stringify(text)),
    fc.tuple(tie("expr"), operator, tie("expr")).map(([left, op, right]) => `${left} ${op} ${right}`),
    fc.tuple(fc.constantFrom("!", "-", "+", "~"), tie("expr")).map(([op, operand]) => `${op}${operand}`),
    fc.tuple(filterName, fc.array(tie("expr"), { maxLength: 3 })).map(([name, args]) => `${name}(${args.join(", ")})`),
    fc.array(tie("expr"), { maxLength: 4 }).map((items) => `[${items.join(", ")}]`),
    fc.array(fc.tuple(fc.constantFrom("a", "b", "__proto__", "constructor", '"k"'), tie("expr")), { maxLength: 3 }).map(
      (pairs) => `{${pairs.map(([key, value]) => `${key}: ${value}`).join(", ")}}`,
    ),
    fc.tuple(tie("expr"), tie("expr")).map(([object, key]) => `(${object})[${key}]`),
    fc.string({ maxLength: 30 }),
  ),
})).expr;

/** ForEach bodies: markdown/MDX fragments, including ones the parser finds hard or invalid. */
const bodyPiece = fc.oneof(
  fc.constantFrom("{item}", "{i + 1}", "- {item}", "*a* _b_", "> quote", "- - - a", "1. one", "`code`", "[l](u)", "<b>x</b>", "<Raw>{item}</Raw>", "<User>{item}</User>"),
  fc.constantFrom("<If condition={i == 0}>\nfirst\n</If>", "<Else>\nrest\n</Else>", "<unclosed>", "{", "}", "<", "\n\n", "# h"),
  fc.string({ maxLength: 20 }),
);
const forEachSource = fc
  .tuple(fc.constantFrom("(item, i)", "(item)", "item", "()", "(a b)", ""), fc.array(bodyPiece, { maxLength: 6 }))
  .map(([params, pieces]) => `${params} => (\n  <>\n    ${pieces.join("\n    ")}\n  </>\n)`);

const tagName = fc.constantFrom(
  "User", "System", "Assistant", "If", "ElseIf", "Else", "ForEach", "Raw", "ImageAttachment", "FileAttachment",
  "ImagePrompt", "SpeechPrompt", "example", "Widget", "", "Fragment",
);
const attributeName = fc.constantFrom("condition", "arr", "image", "mimeType", "data", "__proto__", "other");
const attribute = fc.oneof(
  fc.record({ type: fc.constant("mdxJsxAttribute"), name: attributeName, value: fc.record({ type: fc.constant("mdxJsxAttributeValueExpression"), value: expressionSource }) }),
  fc.record({ type: fc.constant("mdxJsxAttribute"), name: attributeName, value: fc.oneof(fc.string({ maxLength: 10 }), fc.constant(null)) }),
  fc.record({ type: fc.constant("mdxJsxExpressionAttribute"), value: fc.constant("...props") }),
  fc.anything({ maxDepth: 1 }),
);

const leaf: fc.Arbitrary<Node> = fc.oneof(
  fc.string({ maxLength: 30 }).map((value) => ({ type: "text", value })),
  expressionSource.map((value) => ({ type: "mdxTextExpression", value })),
  expressionSource.map((value) => ({ type: "mdxFlowExpression", value })),
  fc.string({ maxLength: 20 }).map((value) => ({ type: "inlineCode", value })),
  fc.string({ maxLength: 20 }).map((value) => ({ type: "code", value })),
  fc.string({ maxLength: 20 }).map((value) => ({ type: "html", value })),
  fc.constantFrom({ type: "break" }, { type: "thematicBreak" }, { type: "yaml", value: "a: 1" }),
  fc.record({ type: fc.string({ maxLength: 8 }), value: fc.anything({ maxDepth: 1 }) }),
);

export const astNode: fc.Arbitrary<Node> = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.record({ type: fc.constantFrom("paragraph", "emphasis", "strong", "delete", "blockquote", "heading", "listItem", "list", "link"), children: fc.array(tie("node"), { maxLength: 4 }) }),
    fc.record({
      type: fc.constantFrom("mdxJsxFlowElement", "mdxJsxTextElement"),
      name: fc.oneof(tagName, fc.constant(null), fc.integer()),
      attributes: fc.array(attribute, { maxLength: 3 }),
      children: fc.array(tie("node"), { maxLength: 4 }),
    }),
    fc.tuple(expressionSource, forEachSource, fc.boolean()).map(([arr, source, withEstree]) => ({
      type: "mdxJsxFlowElement",
      name: "ForEach",
      attributes: [{ type: "mdxJsxAttribute", name: "arr", value: { type: "mdxJsxAttributeValueExpression", value: arr } }],
      children: [
        {
          type: "mdxFlowExpression",
          value: source,
          ...(withEstree
            ? { data: { estree: { body: [{ expression: { type: "ArrowFunctionExpression", params: [{ type: "Identifier", name: "item" }, { type: "Identifier", name: "i" }] } }] } } }
            : {}),
        },
      ],
    })),
    fc.record({ type: fc.constant("paragraph"), children: fc.anything({ maxDepth: 2 }) }),
  ),
})).node;

const config = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("text_config:\n  model_name: local/echo", "object_config:\n  model_name: local/echo\n  schema:\n    type: object") },
  { weight: 2, arbitrary: fc.constantFrom("image_config:\n  model_name: local/paint\n  size: 64x64", "speech_config:\n  model_name: local/voice") },
  {
    weight: 1,
    arbitrary: fc.constantFrom("text_config:\n  model_name: a\nimage_config:\n  model_name: b", "metadata:\n  model:\n    name: old", "text_config:\n  temperature: hot"),
  },
);
const propsYaml = fc.constantFrom(
  "",
  "\ntest_settings:\n  props:\n    name: Ada\n    list: [a, b]",
  "\ntest_settings:\n  props:\n    l0: &l0 [x, x, x]\n    l1: &l1 [*l0, *l0, *l0]\n    l2: [*l1, *l1, *l1]",
  "\ntest_settings:\n  props:\n    loop: &loop [*loop]",
  "\ntest_settings:\n  props: [1, 2]",
  "\ninput_schema: [[[[[[[[[[1]]]]]]]]]]",
);

export const frontmatter: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(config, propsYaml).map(([head, tail]) => `name: fuzz\n${head}${tail}`) },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 1 }) },
);

function nestedProps(depth: number): unknown {
  let value: unknown = "deep";
  for (let level = 0; level < depth; level++) value = { a: value };
  return value;
}

export const props: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(undefined),
  fc.record({ name: fc.string({ maxLength: 20 }), list: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }), a: fc.jsonValue({ maxDepth: 3 }) }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.integer({ min: 90, max: 130 }).map((depth) => ({ deep: nestedProps(depth) })),
  fc.object({ maxDepth: 2 }),
);

const messages = fc.array(
  fc.tuple(fc.constantFrom("User", "User", "Assistant", "System", "ImagePrompt", "SpeechPrompt"), fc.array(astNode, { maxLength: 4 })).map(([name, children]) => ({
    type: "mdxJsxFlowElement",
    name,
    attributes: [],
    children,
  })),
  { maxLength: 3 },
);

export const promptAst: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(frontmatter, messages).map(([value, children]) => ({ type: "root", children: [{ type: "yaml", value }, ...children] })) },
  { weight: 3, arbitrary: fc.tuple(frontmatter, fc.array(astNode, { maxLength: 5 })).map(([value, children]) => ({ type: "root", children: [{ type: "yaml", value }, ...children] })) },
  { weight: 2, arbitrary: mutatedFixture() },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** A real fixture AST with one value somewhere replaced by arbitrary JSON. */
export function mutatedFixture(): fc.Arbitrary<unknown> {
  const fixtures = [textAst, mathAst, attachmentsAst, imageAst, speechAst, summarizeAst] as unknown[];
  return fc.tuple(fc.constantFrom(...fixtures), fc.nat(), fc.jsonValue({ maxDepth: 2 })).map(([fixture, pick, replacement]) => {
    const copy = structuredClone(fixture);
    const slots: Array<[Record<string, unknown> | unknown[], string | number]> = [];
    const collect = (value: unknown) => {
      if (value === null || typeof value !== "object") return;
      for (const [key, child] of Object.entries(value)) {
        slots.push([value as Record<string, unknown>, Array.isArray(value) ? Number(key) : key]);
        collect(child);
      }
    };
    collect(copy);
    if (slots.length > 0) {
      const [parent, key] = slots[pick % slots.length]!;
      (parent as Record<string | number, unknown>)[key] = replacement;
    }
    return copy;
  });
}

/** Webhook jobs: well-formed ones of each type, near misses, and arbitrary JSON. */
export const jobJson: fc.Arbitrary<string> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
  fc
    .record({
      type: fc.oneof(fc.constantFrom("prompt-run", "dataset-run", "get-evals", "alert", "Prompt-Run", ""), fc.jsonValue({ maxDepth: 1 })),
      data: fc.oneof(
        fc.record(
          {
            ast: fc.oneof(fc.constant(textAst as unknown), fc.jsonValue({ maxDepth: 2 })),
            prompt: fc.jsonValue({ maxDepth: 1 }),
            customProps: fc.jsonValue({ maxDepth: 2 }),
            promptPath: fc.jsonValue({ maxDepth: 1 }),
            options: fc.oneof(fc.record({ shouldStream: fc.jsonValue({ maxDepth: 1 }) }), fc.jsonValue({ maxDepth: 1 })),
            datasetPath: fc.jsonValue({ maxDepth: 1 }),
            sampling: fc.jsonValue({ maxDepth: 2 }),
            concurrency: fc.jsonValue({ maxDepth: 1 }),
            alert: fc.jsonValue({ maxDepth: 2 }),
          },
          { requiredKeys: [] },
        ),
        fc.jsonValue({ maxDepth: 2 }),
      ),
    }, { requiredKeys: [] })
    .map((job) => JSON.stringify(job)),
  fc.string({ maxLength: 40 }),
);
