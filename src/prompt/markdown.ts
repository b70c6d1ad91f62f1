/**
 * Markdown in and out, with the libraries the platform uses so that rendered text matches
 * it byte for byte: `mdast-util-to-markdown` + `mdast-util-mdx` to serialise, and
 * `mdast-util-from-markdown` + `micromark-extension-mdx` to parse a `ForEach` body, which
 * reaches us as source text inside an expression.
 */
import type { Root } from "mdast";
import { fromMarkdown, type Options as ParseOptions } from "mdast-util-from-markdown";
import { mdxFromMarkdown, mdxToMarkdown } from "mdast-util-mdx";
import { toMarkdown, type Options as SerializeOptions } from "mdast-util-to-markdown";
import { mdx } from "micromark-extension-mdx";
import type { AstNode } from "./ast";
import { serializePlain } from "./markdown-fast";

const serializeOptions: SerializeOptions = { extensions: [mdxToMarkdown()] };
const parseOptions: ParseOptions = {
  extensions: [mdx()],
  mdastExtensions: [mdxFromMarkdown()],
};

export function serialize(children: AstNode[]): string {
  return serializePlain(children) ?? toMarkdown({ type: "root", children } as unknown as Root, serializeOptions);
}

export function parseMdx(source: string): AstNode[] {
  return fromMarkdown(source, parseOptions).children as unknown as AstNode[];
}
