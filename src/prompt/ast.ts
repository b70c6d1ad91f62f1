/**
 * The mdast/MDX node shapes the compiler reads (spec §4.1). The AST comes from the wire,
 * so every access is defensive: nothing here trusts a field's type.
 */
export interface AstNode {
  type: string;
  children?: AstNode[];
  value?: unknown;
  name?: unknown;
  attributes?: unknown;
  data?: unknown;
  [key: string]: unknown;
}

export interface JsxElement extends AstNode {
  type: "mdxJsxFlowElement" | "mdxJsxTextElement";
  name: string | null;
  attributes: unknown[];
  children: AstNode[];
}

export const FLOW_ELEMENT = "mdxJsxFlowElement";
export const TEXT_ELEMENT = "mdxJsxTextElement";
export const FLOW_EXPRESSION = "mdxFlowExpression";
export const TEXT_EXPRESSION = "mdxTextExpression";

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function isNode(value: unknown): value is AstNode {
  return isRecord(value) && typeof value.type === "string";
}

export function isJsxElement(node: AstNode): node is JsxElement {
  return node.type === FLOW_ELEMENT || node.type === TEXT_ELEMENT;
}

/** Nodes that make a markdown root serialise as one run of inline text (mdast "phrasing"). */
const PHRASING = new Set([
  "break",
  "delete",
  "emphasis",
  "footnoteReference",
  "html",
  "image",
  "imageReference",
  "inlineCode",
  "link",
  "linkReference",
  "strong",
  "text",
  TEXT_ELEMENT,
  TEXT_EXPRESSION,
]);

export function isPhrasing(node: AstNode): boolean {
  return PHRASING.has(node.type);
}

export function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value;
}
