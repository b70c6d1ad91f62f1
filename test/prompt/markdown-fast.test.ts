/**
 * The serialiser's fast path (src/prompt/markdown-fast.ts) prints exactly what
 * `mdast-util-to-markdown` + `mdast-util-mdx` print, wherever it applies: on hand-picked
 * bodies near its edges and on seeded generated ones, mostly of the characters it accepts
 * with some of every character the serialiser escapes.
 */
import type { Root } from "mdast";
import { mdxToMarkdown } from "mdast-util-mdx";
import { toMarkdown } from "mdast-util-to-markdown";
import { describe, expect, it } from "vitest";
import type { AstNode } from "../../src/prompt/ast";
import { serializePlain } from "../../src/prompt/markdown-fast";

const options = { extensions: [mdxToMarkdown()] };
const reference = (nodes: AstNode[]) => toMarkdown({ type: "root", children: nodes } as unknown as Root, options);
const paragraphs = (...texts: string[][]): AstNode[] =>
  texts.map((parts) => ({ type: "paragraph", children: parts.map((value) => ({ type: "text", value })) }));

const ACCEPTED = "abcdefghijklmnopqrstuvwxyzABCXYZ0123456789 ,.?!'\":;()/%$@#+=-éüß日\u0301𝒜";
const ESCAPED = "&*_[]<>{}`~|\\\t\n\r\u00a0\u200b";

function seeded(seed: number) {
  return () => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) / 0x7fffffff);
}

describe("plain paragraphs without the serialiser", () => {
  it("prints what the serialiser prints near the edges of what it accepts", () => {
    const cases = [
      ["What is 2+2?"], ["You are a helpful math tutor."], ["Here's your answer!"], ["a 1. b"], ["a", "1. b"],
      ["see http://example.com/x"], ["a  b"], ["a - b", " -c"], ["x (y) \"z\" 'w' 50% $3 @me"], ["Ünïcode 日本 𝒜"],
      ["a-", "-"], ["a:", "/"], ["word;", "word"],
    ];
    for (const parts of cases) {
      const nodes = paragraphs(parts);
      expect(serializePlain(nodes) ?? reference(nodes)).toBe(reference(nodes));
    }
    expect(serializePlain(paragraphs(["One."], ["Two"], ["Three"]))).toBe(reference(paragraphs(["One."], ["Two"], ["Three"])));
  });

  it("leaves to the serialiser what it may escape or rearrange", () => {
    for (const text of ["1. item", "- item", "a *b*", "a_b", "a <b", "{x}", "a &amp;", " lead", "trail ", "a\nb", "# h", "a\\", "=", "a [b]", "a ![b]", "a &copy;"]) {
      expect(serializePlain(paragraphs([text]))).toBeUndefined();
    }
    expect(serializePlain([])).toBeUndefined();
    expect(serializePlain([{ type: "paragraph", children: [] }])).toBeUndefined();
    expect(serializePlain([{ type: "heading", depth: 1, children: [{ type: "text", value: "a" }] }])).toBeUndefined();
    expect(serializePlain([{ type: "paragraph", children: [{ type: "emphasis", children: [{ type: "text", value: "a" }] }] }])).toBeUndefined();
  });

  it("agrees with the serialiser on 20,000 generated bodies", () => {
    const random = seeded(14);
    const pick = (chars: string) => [...chars][Math.floor(random() * [...chars].length)]!;
    let applied = 0;
    for (let i = 0; i < 20_000; i++) {
      const texts = Array.from({ length: 1 + Math.floor(random() * 3) }, () =>
        Array.from({ length: 1 + Math.floor(random() * 3) }, () =>
          Array.from({ length: Math.floor(random() * 12) }, () => pick(random() < 0.97 ? ACCEPTED : ESCAPED)).join(""),
        ),
      );
      const nodes = paragraphs(...texts);
      const fast = serializePlain(nodes);
      if (fast === undefined) continue;
      applied++;
      expect(fast, JSON.stringify(texts)).toBe(reference(nodes));
    }
    expect(applied).toBeGreaterThan(2_000);
  });
});
