/**
 * The compiler inside workerd: the fixtures of spec §4.6–§4.8 compile to the documented
 * outputs, and bad prompts fail with a PromptError that says what and where.
 */
import { describe, expect, it } from "vitest";
import { compile, PromptError, type CompiledPrompt } from "../../src/prompt";
import textAst from "../fixtures/agentmark/fixtures/text.prompt.mdx.json";
import mathAst from "../fixtures/agentmark/fixtures/math.prompt.mdx.json";
import attachmentsAst from "../fixtures/agentmark/fixtures/attachments.prompt.mdx.json";
import imageAst from "../fixtures/agentmark/fixtures/image.prompt.mdx.json";
import speechAst from "../fixtures/agentmark/fixtures/speech.prompt.mdx.json";
import summarizeAst from "../fixtures/prompt/summarize-with-tone.prompt.mdx.json";
import { ast, el, expr, p, t, yaml } from "./helpers";

const QUANTUM =
  "Quantum computing uses quantum-mechanical phenomena such as superposition and entanglement to perform computation. Unlike classical computers that use bits, quantum computers use qubits, which can represent both 0 and 1 simultaneously. This enables them to solve certain classes of problems exponentially faster than classical computers.";

function compileError(input: unknown, props?: unknown): PromptError {
  try {
    compile(input, props);
  } catch (error) {
    expect(error).toBeInstanceOf(PromptError);
    return error as PromptError;
  }
  throw new Error("expected compile to fail");
}

describe("spec §4.6–§4.8 fixtures", () => {
  it("text prompt (§4.6), with custom props and via test_settings.props", () => {
    const expected: CompiledPrompt = {
      kind: "text",
      name: "math",
      messages: [
        { role: "system", content: "You are a helpful math tutor." },
        { role: "user", content: "What is 2+2?" },
        { role: "assistant", content: "Here's your answer!" },
      ],
      text_config: { model_name: "test-model" },
      test_settings: { props: { userMessage: "What is 2+2?" } },
    };
    expect(compile(textAst, { userMessage: "What is 2+2?" })).toEqual(expected);
    expect(compile(textAst)).toEqual(expected);
    expect(compile(textAst, null)).toEqual(expected);
  });

  it("uses customProps {} as it is, without falling back to test_settings.props", () => {
    const compiled = compile(textAst, {});
    expect(compiled.kind === "text" && compiled.messages[1]).toEqual({ role: "user", content: "" });
  });

  it("object twin (math)", () => {
    const compiled = compile(mathAst, { userMessage: "What is 2+2?" });
    expect(compiled).toEqual({
      kind: "object",
      name: "math",
      messages: [
        { role: "system", content: "You are a helpful math tutor." },
        { role: "user", content: "What is 2+2?" },
        { role: "assistant", content: "Here's your answer!" },
      ],
      object_config: {
        model_name: "test-model",
        temperature: 0.5,
        schema: { type: "object", properties: { answer: { type: "string" } }, required: ["answer"] },
      },
    });
  });

  it("object prompt with attachments (§4.7)", () => {
    const compiled = compile(attachmentsAst, {
      userMessage: "Look",
      imageLink: "https://example.com/cat.png",
      fileMimeType: "application/pdf",
    });
    expect(compiled.kind === "object" && compiled.messages).toEqual([
      { role: "system", content: "You are an observer that comments on images and files." },
      {
        role: "user",
        content: [
          { type: "text", text: "hello!!!!Look" },
          { type: "image", image: "https://example.com/cat.png" },
          { type: "file", data: "https://example.com/document.pdf", mimeType: "application/pdf" },
        ],
      },
    ]);
  });

  it("image prompt", () => {
    expect(compile(imageAst)).toEqual({
      kind: "image",
      name: "image",
      image_config: {
        model_name: "test-model",
        num_images: 1,
        size: "1024x1024",
        aspect_ratio: "1:1",
        seed: 12345,
        prompt: "This is a test for the image prompt to be drawn.",
      },
    });
  });

  it("speech prompt", () => {
    const compiled = compile(speechAst);
    expect(compiled.kind === "speech" && compiled.speech_config).toMatchObject({
      model_name: "test-model",
      text: "This is a test for the speech prompt to be spoken aloud.",
      instructions: "Please read this text aloud.",
    });
  });

  it("include + conditional chain (§4.8); the standalone {props.text} is its own paragraph", () => {
    const compiled = compile(summarizeAst);
    expect(compiled.kind).toBe("text");
    if (compiled.kind !== "text") return;
    expect(compiled.text_config).toEqual({ model_name: "anthropic/claude-sonnet-4-20250514", max_tokens: 512 });
    expect(compiled.messages).toEqual([
      {
        role: "system",
        content:
          "You are a summarization expert. Summarize the provided text in 2-3 sentences.\n\nWriting style:\n\nWrite like you're explaining to a friend. Use contractions freely.\nKeep sentences short. It's okay to be conversational.",
      },
      // The reference glues this to "Summarize this text:Quantum…" (see docs/compatibility.md).
      { role: "user", content: `Summarize this text:\n\n${QUANTUM}` },
    ]);
  });

  it("the §4.8 conditional chain picks If / ElseIf / Else by tone", () => {
    const system = (tone: string) => {
      const compiled = compile(summarizeAst, { tone, text: "x" });
      return compiled.kind === "text" ? compiled.messages[0]?.content : undefined;
    };
    expect(system("formal")).toMatch(/Writing style:\n\nUse professional language\./);
    expect(system("neutral")).toMatch(/Writing style:\n\nUse a balanced, neutral tone\. Be clear and direct\.$/);
  });
});

describe("ForEach (§4.8 node shape)", () => {
  const forEach = (withEstree: boolean) =>
    el("ForEach", { arr: { expr: "props.orders" } }, [
      {
        type: "mdxFlowExpression",
        value: "(order, i) => (\n  <>\n    - #{i + 1}: {order}\n  </>\n)",
        ...(withEstree && {
          data: {
            estree: {
              type: "Program",
              body: [
                {
                  type: "ExpressionStatement",
                  expression: {
                    type: "ArrowFunctionExpression",
                    params: [
                      { type: "Identifier", name: "order" },
                      { type: "Identifier", name: "i" },
                    ],
                  },
                },
              ],
            },
          },
        }),
      },
    ]);

  for (const withEstree of [true, false]) {
    it(`renders a list ${withEstree ? "with data.estree" : "from a compressed AST (no estree)"}`, () => {
      const compiled = compile(ast("text_config:\n  model_name: m", [el("User", {}, [forEach(withEstree)])]), {
        orders: ["A-1", "B-2"],
      });
      expect(compiled.kind === "text" && compiled.messages).toEqual([{ role: "user", content: "* \\#1: A-1\n* \\#2: B-2" }]);
    });
  }

  it("reads a single unparenthesised parameter", () => {
    const node = el("ForEach", { arr: { expr: "[1, 2]" } }, [expr("n => <>{n * 10} </>", true)]);
    const compiled = compile(ast("text_config:\n  model_name: m", [el("User", {}, [node])]));
    expect(compiled.kind === "text" && compiled.messages[0]?.content).toBe("10\n\n20");
  });

  it("rejects a child that is not an arrow function", () => {
    const node = el("ForEach", { arr: { expr: "[1]" } }, [expr("props.x", true)]);
    expect(compileError(ast("text_config:\n  model_name: m", [el("User", {}, [node])])).message).toBe(
      "ForEach expects a function as its child. (at <User> > <ForEach>)",
    );
  });
});

describe("errors: what and where", () => {
  const text = "text_config:\n  model_name: m";

  it.each([
    ["a string", "not an ast", "The prompt AST must be an object, got string."],
    ["null", null, "The prompt AST must be an object, got null."],
    ["an array", [], "The prompt AST must be an object, got an array."],
    ["no children", { type: "root" }, 'The prompt AST has no root: expected {"type": "root", "children": [...]}.'],
    ["a non-root", { type: "paragraph", children: [] }, 'The prompt AST has no root: expected type "root", got "paragraph".'],
  ])("rejects an AST that is %s", (_, input, message) => {
    expect(compileError(input).message).toBe(message);
  });

  it("rejects a missing frontmatter, malformed YAML and a non-mapping", () => {
    expect(compileError({ type: "root", children: [] }).message).toMatch(/no frontmatter/);
    expect(compileError(ast("name: [unclosed", [])).message).toMatch(/^Malformed YAML frontmatter: /);
    expect(compileError(ast("- a\n- b", [], false)).message).toMatch(/must be a YAML mapping/);
  });

  it("rejects the old metadata.model format", () => {
    const message = compileError(ast("metadata:\n  model:\n    name: gpt-4o", [], false)).message;
    expect(message).toMatch(/metadata\.model is the old format/);
  });

  it("rejects zero or several *_config keys", () => {
    expect(compileError(ast("foo: 1", [])).message).toMatch(/none of text_config, object_config/);
    expect(compileError(ast("text_config:\n  model_name: a\nimage_config:\n  model_name: b", [])).message).toBe(
      "Invalid prompt: the frontmatter has several configs (text_config, image_config); keep exactly one.",
    );
  });

  it("names the frontmatter key of a schema problem", () => {
    expect(compileError(ast("text_config:\n  temperature: hot", [])).message).toMatch(
      /^Invalid prompt frontmatter: text_config\.model_name: .*; text_config\.temperature: /,
    );
    expect(compileError(ast("text_config:\n  model_name: m", [], false)).message).toMatch(/^Invalid prompt frontmatter: name: /);
    expect(compileError(ast("image_config:\n  model_name: m\n  size: big", [])).message).toMatch(/image_config\.size/);
  });

  it("rejects props that are not an object", () => {
    expect(compileError(ast(text, []), ["a"]).message).toBe("Invalid props: expected an object, got an array.");
    expect(compileError(ast(text, []), "x").message).toBe("Invalid props: expected an object, got string.");
  });

  it("rejects attachments outside User with the reference text, and says where", () => {
    const image = el("ImageAttachment", { image: "https://x/a.png" });
    expect(compileError(ast(text, [el("System", {}, [image])])).message).toBe(
      "ImageAttachment and FileAttachment tags must be inside User tag. (at <System> > <ImageAttachment>)",
    );
    expect(compileError(ast(text, [el("Assistant", {}, [el("FileAttachment", { data: "d", mimeType: "m" })])])).message).toMatch(
      /^ImageAttachment and FileAttachment tags must be inside User tag\./,
    );
  });

  it("rejects attachments without their props, skips falsy ones", () => {
    expect(compileError(ast(text, [el("User", {}, [el("ImageAttachment", {})])])).message).toBe(
      "ImageAttachment must contain an image prop (at <User> > <ImageAttachment>)",
    );
    expect(compileError(ast(text, [el("User", {}, [el("FileAttachment", { data: "x" })])])).message).toBe(
      "FileAttachment must contain data and mimeType props (at <User> > <FileAttachment>)",
    );
    const skipped = compile(ast(text, [el("User", {}, [p(t("hi")), el("ImageAttachment", { image: { expr: "props.none" } })])]));
    expect(skipped.kind === "text" && skipped.messages).toEqual([{ role: "user", content: "hi" }]);
  });

  it("rejects a System that is not first", () => {
    const message = compileError(ast(text, [el("User", {}, [p(t("a"))]), el("System", {}, [p(t("b"))])])).message;
    expect(message).toMatch(/^System message may only be the first message: /);
  });

  it("rejects unknown filters, === and ternaries, naming the expression and tag", () => {
    const user = (value: string) => ast(text, [el("User", {}, [p(expr(value))])]);
    expect(compileError(user("shout(props.a)")).message).toBe(
      'Filter "shout" is not registered. (at <User> > expression {shout(props.a)})',
    );
    expect(compileError(user("props.a === 1")).message).toMatch(/^Operator "===" is not allowed\./);
    expect(compileError(user("props.a ? 1 : 2")).message).toMatch(/^Unsupported node type: ConditionalExpression/);
    expect(compileError(user("props.a +")).message).toMatch(/^Failed to parse expression: "props.a \+"/);
    expect(compileError(user("props.list.map(x)")).message).toMatch(/^Only calls to registered filters are allowed\./);
  });

  it("names the attribute of a bad condition", () => {
    const node = el("If", { condition: { expr: "nope(1)" } }, [p(t("x"))]);
    expect(compileError(ast(text, [el("User", {}, [node])])).message).toBe(
      'Filter "nope" is not registered. (at <User> > <If> > attribute condition={nope(1)})',
    );
  });

  it("rejects tags the prompt kind does not have", () => {
    const image = "image_config:\n  model_name: m";
    expect(compileError(ast(image, [el("System", {}, [p(t("x"))])])).message).toMatch(
      /^Unsupported tag '<System>' in an image prompt\./,
    );
    expect(compileError(ast(text, [el("User", {}, [el("Widget", {})])])).message).toMatch(
      /^Unsupported tag '<Widget>' in a text prompt\. .* \(at <User>\)$/,
    );
  });

  it("rejects nested message tags and spread attributes", () => {
    expect(compileError(ast(text, [el("User", {}, [el("Assistant", {}, [])])])).message).toMatch(
      /^<Assistant> cannot be inside <User>/,
    );
    const spread = { ...el("If", {}, []), attributes: [{ type: "mdxJsxExpressionAttribute", value: "...props" }] };
    expect(compileError(ast(text, [el("User", {}, [spread])])).message).toMatch(/^Unsupported attribute type in component <If>\./);
  });

  it("is a PromptError (answered with a 400 by handlers/errors.ts)", () => {
    const error = compileError(42);
    expect(error.name).toBe("PromptError");
    expect(error).toBeInstanceOf(Error);
  });
});

describe("tools", () => {
  it("accepts the list form with mcp:// references, and the older record form", () => {
    const list = compile(ast("text_config:\n  model_name: m\n  tools: [search, 'mcp://server-1/sum', 'mcp://s/*']", []));
    expect(list.kind === "text" && list.text_config.tools).toEqual(["search", "mcp://server-1/sum", "mcp://s/*"]);
    const record = compile(
      ast(
        "text_config:\n  model_name: m\n  tools:\n    search: mcp://server-1/search\n    sum:\n      description: Add\n      parameters:\n        type: object",
        [],
      ),
    );
    expect(record.kind === "text" && record.text_config.tools).toEqual({
      search: "mcp://server-1/search",
      sum: { description: "Add", parameters: { type: "object" } },
    });
    expect(compileError(ast("text_config:\n  model_name: m\n  tools: 3", [])).message).toMatch(/text_config\.tools/);
  });
});

describe("pass-through and rendering details", () => {
  it("passes test_settings and agentmark_meta through, keeping unknown keys there", () => {
    const compiled = compile(
      ast("text_config:\n  model_name: m\ntest_settings:\n  dataset: d.jsonl\n  evals: [e]\n  custom: 1\nagentmark_meta:\n  commit_sha: abc", []),
    );
    expect(compiled.test_settings).toEqual({ dataset: "d.jsonl", evals: ["e"], custom: 1 });
    expect(compiled.agentmark_meta).toEqual({ commit_sha: "abc" });
  });

  it("each If starts a new chain (the reference shares the chain across the scope)", () => {
    const chain = [
      el("If", { condition: { expr: "true" } }, [p(t("first"))]),
      el("If", { condition: { expr: "true" } }, [p(t("second"))]),
      el("Else", {}, [p(t("never"))]),
    ];
    const compiled = compile(ast("text_config:\n  model_name: m", [el("User", {}, chain)]));
    expect(compiled.kind === "text" && compiled.messages[0]?.content).toBe("first\n\nsecond");
  });

  it("a condition that is not a boolean counts as false", () => {
    const chain = [el("If", { condition: { expr: "props.name" } }, [p(t("yes"))]), el("Else", {}, [p(t("no"))])];
    const compiled = compile(ast("text_config:\n  model_name: m", [el("User", {}, chain)]), { name: "x" });
    expect(compiled.kind === "text" && compiled.messages[0]?.content).toBe("no");
  });

  it("passes lowercase tags through and keeps Raw literal", () => {
    const compiled = compile(
      ast("text_config:\n  model_name: m", [
        el("User", {}, [el("examples", {}, [p(t("a "), expr("upper(props.x)"))]), el("Raw", {}, [p(expr("props.x"))])]),
      ]),
      { x: "hi" },
    );
    expect(compiled.kind === "text" && compiled.messages[0]?.content).toBe("<examples>\n  a HI\n</examples>\n\n{props.x}");
  });

  it("does not modify the AST it is given", () => {
    const before = JSON.stringify(summarizeAst);
    compile(summarizeAst);
    expect(JSON.stringify(summarizeAst)).toBe(before);
  });
});

describe("<Raw> is literal everywhere (issue #12)", () => {
  const text = "text_config:\n  model_name: m";
  const contents = (children: Record<string, unknown>[], props?: unknown) => {
    const compiled = compile(ast(text, children), props);
    return compiled.kind === "text" ? compiled.messages.map((message) => message.content) : [];
  };
  const raw = (...children: Record<string, unknown>[]) => el("Raw", {}, children);
  const braces = [p(expr("props.name"), t(" stays "), expr("literal")), p(t("after a blank line"))];

  it("as the whole message: braces and blank lines as written", () => {
    expect(contents([el("User", {}, [raw(...braces)])], { name: "Ada" })).toEqual(["{props.name} stays {literal}\n\nafter a blank line"]);
    expect(contents([el("System", {}, [raw(...braces)]), el("User", {}, [p(t("hi"))])])[0]).toBe("{props.name} stays {literal}\n\nafter a blank line");
  });

  it("written inline as the whole message", () => {
    const inline = { ...el("Raw", {}, [expr("props.name"), t(" and "), expr("x")], false) };
    expect(contents([el("User", {}, [inline], false)])).toEqual(["{props.name} and {x}"]);
  });

  it("among paragraphs, inside a sentence, in a loop and in a conditional", () => {
    const inSentence = p(t("Use "), el("Raw", {}, [expr("props.name"), t(" "), { type: "emphasis", children: [t("as is")] }], false), t(" here."));
    const loop = el("ForEach", { arr: { expr: "[1, 2]" } }, [expr("(i) => (<>\n<Raw>{i} is {literal}</Raw>\n</>)", true)]);
    const conditional = el("If", { condition: { expr: "true" } }, [raw({ type: "heading", depth: 1, children: [t("a heading "), expr("x")] })]);
    expect(contents([el("User", {}, [p(t("Before")), raw(...braces), inSentence, loop, conditional])], { name: "Ada" })).toEqual([
      "Before\n\n{props.name} stays {literal}\n\nafter a blank line\n\nUse {props.name} *as is* here.\n\n{i} is {literal}\n\n{i} is {literal}\n\n# a heading {x}",
    ]);
  });

  it("markdown and XML-like text inside stay as written", () => {
    const xml = el("example", {}, [p(expr("props.name"))]);
    const list = { type: "list", ordered: false, spread: false, children: [{ type: "listItem", children: [p(t("item "), { type: "emphasis", children: [t("em")] })] }] };
    expect(contents([el("User", {}, [raw(xml, list)])])).toEqual(["<example>\n  {props.name}\n</example>\n\n* item *em*"]);
  });

  it("an empty <Raw> leaves no gap", () => {
    expect(contents([el("User", {}, [p(t("a")), raw(), p(t("b"))])])).toEqual(["a\n\nb"]);
  });
});

/**
 * Where the reference renderer has a quirk, we chose the evident intent
 * (docs/compatibility.md). Each test names the choice; oracle.node.test.ts checks the same choices
 * against the reference with the named rules of ./oracle.ts.
 */
describe("compatibility choices", () => {
  const text = "text_config:\n  model_name: m";
  const contents = (input: unknown, props?: unknown) => {
    const compiled = compile(input, props);
    return compiled.kind === "text" ? compiled.messages.map((message) => message.content) : [];
  };

  it("block-text-is-a-paragraph: a {expr} on its own line is its own paragraph (reference glues it: 'a:b')", () => {
    expect(contents(ast(text, [el("User", {}, [p(t("a:")), expr('"b"', true), p(t("c"))])]))).toEqual(["a:\n\nb\n\nc"]);
  });

  it("block-text-is-a-paragraph: an inline {expr} stays inline", () => {
    expect(contents(ast(text, [el("User", {}, [p(t("a:"), expr('"b"'))])]))).toEqual(["a:b"]);
  });

  it("if-starts-a-new-chain: a true If after a rendered If renders (reference: nothing)", () => {
    const ifTrue = (label: string) => el("If", { condition: { expr: "true" } }, [p(t(label))]);
    expect(contents(ast(text, [el("System", {}, [ifTrue("s")]), el("Assistant", {}, [ifTrue("a")])]))).toEqual(["s", "a"]);
  });

  it("message-has-its-own-scope: an Else at the start of a message does not continue a chain of another message", () => {
    const system = el("System", {}, [el("If", { condition: { expr: "false" } }, [p(t("no"))])]);
    const assistant = el("Assistant", {}, [el("Else", {}, [p(t("fresh chain"))])]);
    expect(contents(ast(text, [system, assistant]))).toEqual(["", "fresh chain"]);
  });

  it("conditional-body-in-document-order: messages inside an If keep their place (reference: moved after later siblings)", () => {
    const wrapped = el("If", { condition: { expr: "true" } }, [el("User", {}, [p(t("1"))]), el("Assistant", {}, [p(t("2"))])]);
    expect(contents(ast(text, [wrapped, el("User", {}, [p(t("3"))])]))).toEqual(["1", "2", "3"]);
  });

  it("attachments-stay-in-their-user: each User gets only its own attachments (reference: all of them)", () => {
    const first = el("User", {}, [p(t("one")), el("ImageAttachment", { image: "https://x/1.png" })]);
    const second = el("User", {}, [p(t("two"))]);
    expect(contents(ast(text, [first, el("Assistant", {}, [p(t("ok"))]), second]))).toEqual([
      [{ type: "text", text: "one" }, { type: "image", image: "https://x/1.png" }],
      "ok",
      "two",
    ]);
  });

  it("empty-foreach-renders-nothing: no blank gap for an empty list (reference: '\\n\\n\\n\\n')", () => {
    const loop = el("ForEach", { arr: { expr: "[]" } }, [expr("(x) => (<>\n- {x}\n</>)", true)]);
    expect(contents(ast(text, [el("User", {}, [p(t("a")), loop, p(t("b"))])]))).toEqual(["a\n\nb"]);
  });

  it("attachment-values-are-strings: a non-string image is an error (reference passes it on)", () => {
    expect(compileError(ast(text, [el("User", {}, [el("ImageAttachment", { image: { expr: "42" } })])])).message).toBe(
      "The image prop must be a string, got number. (at <User> > <ImageAttachment>)",
    );
  });

  it("fragments are transparent: tags inside <>…</> work (reference: only built-in tags there)", () => {
    const fragment = { ...el("", {}, [el("User", {}, [p(t("in a fragment"))])]), name: null };
    expect(contents(ast(text, [fragment]))).toEqual(["in a fragment"]);
  });

  it("matches the reference quirks we keep: markdown escaping, undefined names, absent props, loose ==", () => {
    const user = el("User", {}, [
      p(expr("props.s"), t(" "), expr("nobody"), t(" ["), expr("props.none.deep"), t("] "), expr('200 == "200"'), t(" "), expr("props.list")),
    ]);
    expect(contents(ast(text, [user]), { s: "*b* a_b [l] R&D", list: ["x", "y"] })).toEqual([
      "\\*b\\* a_b \\[l] R\\&D undefined \\[] true xy",
    ]);
  });
});
