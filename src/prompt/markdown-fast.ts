/**
 * The common message body without the serialiser: paragraphs of plain words and everyday
 * punctuation, which `mdast-util-to-markdown` prints unchanged, joined by blank lines. Its
 * set-up and its "unsafe" pattern scan were the largest share of a compile. Anything else
 * (other nodes, a character the serialiser may escape, text where a line starts with a digit
 * or ends in a space) returns undefined and goes through the serialiser;
 * test/prompt/markdown-fast.test.ts compares the two on generated bodies.
 */
import type { AstNode } from "./ast";

/** Characters no unsafe pattern of to-markdown + mdast-util-mdx matches inside a paragraph's line. */
const PLAIN = /^[A-Za-z][\p{L}\p{M}\p{N} ,.?!'":;()/%$@#+=-]*$/u;
const ENDS_IN_SPACE = / $/;

export function serializePlain(nodes: readonly AstNode[]): string | undefined {
  if (nodes.length === 0) return undefined;
  let out = "";
  for (const node of nodes) {
    if (node.type !== "paragraph" || !Array.isArray(node.children) || node.children.length === 0) return undefined;
    let text = "";
    for (const child of node.children as AstNode[]) {
      if (child.type !== "text" || typeof child.value !== "string") return undefined;
      text += child.value;
    }
    if (!PLAIN.test(text) || ENDS_IN_SPACE.test(text)) return undefined;
    out += out === "" ? text : `\n\n${text}`;
  }
  return `${out}\n`;
}
