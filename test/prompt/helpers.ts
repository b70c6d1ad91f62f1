/** Small builders for hand-written prompt ASTs in tests. */
type Node = Record<string, unknown>;
type AttributeValue = string | null | { expr: string };

export function ast(frontmatter: string, children: Node[], withName = true): Node {
  return { type: "root", children: [yaml(withName ? `name: test\n${frontmatter}` : frontmatter), ...children] };
}

export function yaml(value: string): Node {
  return { type: "yaml", value };
}

export function el(name: string, attributes: Record<string, AttributeValue> = {}, children: Node[] = [], flow = true): Node {
  return {
    type: flow ? "mdxJsxFlowElement" : "mdxJsxTextElement",
    name,
    attributes: Object.entries(attributes).map(([key, value]) => ({
      type: "mdxJsxAttribute",
      name: key,
      value: value !== null && typeof value === "object" ? { type: "mdxJsxAttributeValueExpression", value: value.expr } : value,
    })),
    children,
  };
}

export function expr(value: string, flow = false): Node {
  return { type: flow ? "mdxFlowExpression" : "mdxTextExpression", value };
}

export function p(...children: Node[]): Node {
  return { type: "paragraph", children };
}

export function t(value: string): Node {
  return { type: "text", value };
}
