/**
 * Renders the prompt body (spec §4.3–§4.4): evaluates expressions, applies the tags, and
 * collects the text of each message tag (`System`, `User`, …) in document order. Content
 * outside message tags is evaluated (so its errors surface) and then discarded.
 */
import {
  FLOW_ELEMENT,
  FLOW_EXPRESSION,
  TEXT_EXPRESSION,
  isJsxElement,
  isNode,
  isPhrasing,
  isRecord,
  type AstNode,
  type JsxElement,
} from "./ast";
import { ArrowFunctionError, readArrowFunction } from "./arrow-function";
import { ATTENTION, ATTENTION_WEIGHT, NOWHERE, type Budget } from "./budget";
import { stringifyValue } from "./coercion";
import { CompileLimitError, PromptError, clip, located } from "./errors";
import { evaluateSource } from "./expressions";
import { serialize } from "./markdown";
import { Scope } from "./scope";
import type { FilePart, ImagePart } from "./types";

export type MessageTag = "System" | "User" | "Assistant" | "ImagePrompt" | "SpeechPrompt";
export type AttachmentPart = ImagePart | FilePart;

export interface RenderedMessage {
  tag: MessageTag;
  text: string;
  attachments: AttachmentPart[];
}

/** The tags a kind of prompt may use besides the built-ins (the platform's tag sets). */
export interface TagSet {
  label: string;
  messageTags: ReadonlySet<MessageTag>;
  attachments: boolean;
}

interface RenderState {
  readonly tags: TagSet;
  readonly messages: RenderedMessage[];
  /** Where we are, for error messages: `<User>`, `<If>`, … */
  readonly trail: string[];
  message: MessageTag | null;
  attachments: AttachmentPart[] | null;
  readonly budget: Budget;
  /** Nesting of the node being rendered, and of emphasis/strong/delete around it. */
  depth: number;
  emphasis: number;
}

const BUILT_IN_TAGS = ["If", "ElseIf", "Else", "ForEach", "Raw"];
const FRAGMENT_NAMES = new Set(["", "Fragment", "React.Fragment"]);

export function renderMessages(root: AstNode[], props: Record<string, unknown>, tags: TagSet, budget: Budget) {
  const state: RenderState = { tags, messages: [], trail: [], message: null, attachments: null, budget, depth: 0, emphasis: 0 };
  renderNodes(root.filter((node) => node.type !== "yaml"), new Scope({ props }), state);
  return state.messages;
}

function renderNodes(nodes: readonly unknown[], scope: Scope, state: RenderState): AstNode[] {
  if (++state.depth > state.budget.deepest) state.budget.depth(state.depth, "the prompt", state.trail);
  const out: AstNode[] = [];
  for (const node of nodes) {
    if (!isNode(node)) throw new PromptError(located("Malformed AST: a node has no type.", state.trail));
    const rendered = renderNode(node, scope, state);
    if (Array.isArray(rendered)) {
      for (const item of rendered) out.push(item);
    } else {
      out.push(rendered);
    }
  }
  state.depth--;
  return out;
}

function renderNode(node: AstNode, scope: Scope, state: RenderState): AstNode | AstNode[] {
  const { budget } = state;
  if (node.type === FLOW_EXPRESSION || node.type === TEXT_EXPRESSION) {
    budget.node(1, state.trail);
    return { type: "text", value: evaluateAt(node.value, scope, state, "expression", true) as string };
  }
  if (isJsxElement(node)) {
    budget.node(1, state.trail);
    return renderElement(node, scope, state);
  }
  const attention = ATTENTION.has(node.type);
  budget.node(attention ? ATTENTION_WEIGHT : 1, state.trail);
  if (typeof node.value === "string") budget.text(node.value.length, state.trail);
  if (!Array.isArray(node.children)) return node;
  if (attention) budget.emphasisDepth(++state.emphasis, state.trail);
  const children = renderNodes(node.children, scope, state);
  if (attention) state.emphasis--;
  return { ...node, children };
}

function renderElement(node: JsxElement, scope: Scope, state: RenderState): AstNode | AstNode[] {
  const name = node.name;
  const children = Array.isArray(node.children) ? node.children : [];
  if (name === null || name === undefined || FRAGMENT_NAMES.has(name)) {
    return renderNodes(children, scope, state);
  }
  if (typeof name !== "string") {
    throw new PromptError(located("Malformed AST: a JSX element has a non-string name.", state.trail));
  }
  if (!/^[A-Z]/.test(name)) {
    // Lowercase (HTML/XML) tags pass through as written, attributes unevaluated.
    chargeAttributes(node, state);
    return { ...node, children: renderNodes(children, scope, state) };
  }

  state.trail.push(`<${clip(name, 40)}>`);
  let result: AstNode[];
  switch (name) {
    case "If":
    case "ElseIf":
    case "Else":
      result = renderConditional(name, evaluateAttributes(node, scope, state), children, scope, state);
      break;
    case "ForEach":
      result = renderForEach(evaluateAttributes(node, scope, state), children, scope, state);
      break;
    case "Raw":
      evaluateAttributes(node, scope, state);
      result = renderRaw(children, state);
      break;
    case "ImageAttachment":
    case "FileAttachment":
      if (!state.tags.attachments) throw unsupportedTag(name, state);
      result = collectAttachment(name, evaluateAttributes(node, scope, state), state);
      break;
    default:
      if (!state.tags.messageTags.has(name as MessageTag)) throw unsupportedTag(name, state);
      evaluateAttributes(node, scope, state);
      result = renderMessage(node, name as MessageTag, children, scope, state);
  }
  state.trail.pop();
  return result;
}

/** Each `If` starts a new chain; `ElseIf`/`Else` continue the chain of their scope. */
function renderConditional(
  tag: "If" | "ElseIf" | "Else",
  attributes: Record<string, unknown>,
  children: AstNode[],
  scope: Scope,
  state: RenderState,
): AstNode[] {
  const condition = tag === "Else" || attributes.condition === true;
  if (tag === "If") scope.chainMet = false;
  if (scope.chainMet || !condition) return [];
  scope.chainMet = true;
  return renderNodes(children, scope.child(), state);
}

function renderForEach(
  attributes: Record<string, unknown>,
  children: AstNode[],
  scope: Scope,
  state: RenderState,
): AstNode[] {
  if (children.length !== 1) throw new PromptError(located("ForEach expects exactly one child function.", state.trail));
  let fn;
  try {
    fn = readArrowFunction(children[0] as AstNode, state.budget, state.trail);
  } catch (error) {
    if (error instanceof ArrowFunctionError) throw new PromptError(located(error.message, state.trail));
    throw error;
  }
  const items: unknown[] = Array.isArray(attributes.arr) ? attributes.arr : [];
  state.budget.loop(items.length, state.trail);
  const [itemName, indexName] = fn.params;
  const perItem = items.map((item, index) => {
    const variables = Object.create(null) as Record<string, unknown>;
    if (itemName) variables[itemName] = item;
    if (indexName) variables[indexName] = index;
    return renderNodes(fn.body, scope.child(variables), state);
  });
  const allListItems = perItem.every((nodes) =>
    nodes.every((node) => node.type === "list" || node.type === "listItem"),
  );
  if (!allListItems) return perItem.flat();
  // Iterations that render list items become one list, as on the platform. An empty one is
  // dropped (the platform keeps an empty list, which leaves a blank gap in the text).
  const listItems = perItem.flat().flatMap((node) => (node.type === "list" ? (node.children ?? []) : [node]));
  if (listItems.length === 0) return [];
  return [{ type: "list", ordered: false, spread: false, children: listItems }];
}

/**
 * `<Raw>`: its children are printed as written, never evaluated. The text goes into the
 * message as an `html` node, which the serialiser prints verbatim wherever it sits, so braces
 * and blank lines stay as they are (a text node would be escaped: `\{`, `&#xA;`).
 */
function renderRaw(children: AstNode[], state: RenderState): AstNode[] {
  chargeLiteral(children, state, state.depth + 1);
  const value = serializeAt(children, state).trimEnd();
  return value === "" ? [] : [{ type: "html", value }];
}

/** Charges nodes printed without being rendered (Raw content, attributes of lowercase tags). */
function chargeLiteral(nodes: readonly unknown[], state: RenderState, depth: number, emphasis = state.emphasis): void {
  const { budget } = state;
  budget.depth(depth, "the prompt", state.trail);
  for (const node of nodes) {
    if (!isRecord(node)) continue;
    const attention = ATTENTION.has(node.type as string);
    budget.node(attention ? ATTENTION_WEIGHT : 1, state.trail);
    if (typeof node.value === "string") budget.text(node.value.length, state.trail);
    chargeAttributes(node, state);
    if (Array.isArray(node.children)) {
      if (attention) budget.emphasisDepth(emphasis + 1, state.trail);
      chargeLiteral(node.children, state, depth + 1, attention ? emphasis + 1 : emphasis);
    }
  }
}

function chargeAttributes(node: Record<string, unknown>, state: RenderState): void {
  if (!Array.isArray(node.attributes)) return;
  for (const attribute of node.attributes as unknown[]) {
    state.budget.node(1, state.trail);
    if (!isRecord(attribute)) continue;
    if (typeof attribute.name === "string") state.budget.text(attribute.name.length, state.trail);
    const value = isRecord(attribute.value) ? attribute.value.value : attribute.value;
    if (typeof value === "string") state.budget.text(value.length, state.trail);
  }
}

function renderMessage(
  node: JsxElement,
  tag: MessageTag,
  children: AstNode[],
  scope: Scope,
  state: RenderState,
): AstNode[] {
  if (state.message !== null) {
    throw new PromptError(located(`<${tag}> cannot be inside <${state.message}>: message tags may not be nested.`, state.trail));
  }
  const attachments: AttachmentPart[] = [];
  state.message = tag;
  state.attachments = tag === "User" ? attachments : null;
  const rendered = renderNodes(children, scope.child(), state);
  state.message = null;
  state.attachments = null;
  const blocks = node.type === FLOW_ELEMENT ? asBlocks(rendered) : rendered;
  state.messages.push({ tag, text: serializeAt(blocks, state).trim(), attachments });
  return [];
}

/**
 * In a message written as a block, text produced at block level (a `{expr}` on its own line,
 * a `<Raw>` block) becomes its own paragraph, trimmed; empty ones vanish. The platform leaves
 * it inline, which makes the serialiser glue every paragraph of the message together.
 */
function asBlocks(nodes: AstNode[]): AstNode[] {
  const blocks: AstNode[] = [];
  for (const node of nodes) {
    if (!isPhrasing(node)) {
      blocks.push(node);
    } else if (node.type !== "text") {
      blocks.push({ type: "paragraph", children: [node] });
    } else {
      // Surrounding whitespace would be escaped (`&#xA;`) inside a paragraph.
      const value = String(node.value).trim();
      if (value !== "") blocks.push({ type: "paragraph", children: [{ type: "text", value }] });
    }
  }
  return blocks;
}

function collectAttachment(
  tag: "ImageAttachment" | "FileAttachment",
  attributes: Record<string, unknown>,
  state: RenderState,
): AstNode[] {
  if (state.attachments === null) {
    throw new PromptError(located("ImageAttachment and FileAttachment tags must be inside User tag.", state.trail));
  }
  if (tag === "ImageAttachment") {
    const { image, mimeType } = attributes;
    if (image === undefined) throw new PromptError(located("ImageAttachment must contain an image prop", state.trail));
    const imageText = optionalString(image, "image", state);
    const mimeTypeText = optionalString(mimeType, "mimeType", state);
    if (imageText === undefined) return [];
    state.attachments.push({ type: "image", image: imageText, ...(mimeTypeText !== undefined && { mimeType: mimeTypeText }) });
  } else {
    const { data, mimeType } = attributes;
    if (data === undefined || mimeType === undefined) {
      throw new PromptError(located("FileAttachment must contain data and mimeType props", state.trail));
    }
    const dataText = optionalString(data, "data", state);
    const mimeTypeText = optionalString(mimeType, "mimeType", state);
    if (dataText === undefined || mimeTypeText === undefined) return [];
    state.attachments.push({ type: "file", data: dataText, mimeType: mimeTypeText });
  }
  return [];
}

/** A falsy value means "no attachment" (as on the platform); any other value must be a string. */
function optionalString(value: unknown, attribute: string, state: RenderState): string | undefined {
  if (!value) return undefined;
  if (typeof value === "string") return value;
  throw new PromptError(located(`The ${attribute} prop must be a string, got ${typeof value}.`, state.trail));
}

/** Attribute values by name, in an object without a prototype (an attribute may be called `__proto__`). */
function evaluateAttributes(node: JsxElement, scope: Scope, state: RenderState): Record<string, unknown> {
  const attributes = Object.create(null) as Record<string, unknown>;
  const list = Array.isArray(node.attributes) ? node.attributes : [];
  for (const attribute of list) {
    state.budget.node(1, state.trail);
    if (!isRecord(attribute)) continue;
    if (attribute.type === "mdxJsxExpressionAttribute") {
      throw new PromptError(located(`Unsupported attribute type in component <${clip(String(node.name), 40)}>.`, state.trail));
    }
    if (attribute.type !== "mdxJsxAttribute" || typeof attribute.name !== "string") continue;
    const { name, value } = attribute;
    if (value === null || value === undefined || typeof value === "string") {
      attributes[name] = value || "";
    } else if (isRecord(value) && value.type === "mdxJsxAttributeValueExpression") {
      attributes[name] = evaluateAt(value.value, scope, state, `attribute ${clip(name, 40)}`);
    }
  }
  return attributes;
}

/**
 * Evaluates one expression (as text when `asText`); any failure, including a compile limit,
 * says which expression and where: `(at <User> > expression {props.x})`.
 */
function evaluateAt(source: unknown, scope: Scope, state: RenderState, kind: string, asText = false): unknown {
  const where = () => (kind === "expression" ? `expression {${clip(String(source))}}` : `${kind}={${clip(String(source))}}`);
  if (typeof source !== "string") {
    throw new PromptError(located(`Malformed AST: ${where()} has no source text.`, state.trail));
  }
  try {
    const value = evaluateSource(source, scope, state.budget);
    return asText ? stringifyValue(value, state.budget, NOWHERE) : value;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const place = located(message, [...state.trail, where()]);
    throw error instanceof CompileLimitError ? new CompileLimitError(place, error.limit) : new PromptError(place);
  }
}

function serializeAt(nodes: AstNode[], state: RenderState): string {
  try {
    return serialize(nodes);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new PromptError(located(`Cannot render the prompt as markdown: ${message}`, state.trail));
  }
}

function unsupportedTag(name: string, state: RenderState): PromptError {
  const allowed = [...state.tags.messageTags, ...(state.tags.attachments ? ["ImageAttachment", "FileAttachment"] : []), ...BUILT_IN_TAGS];
  return new PromptError(
    located(
      `Unsupported tag '<${clip(name, 40)}>' in ${state.tags.label}. Only native MDX elements, and registered tags are supported (${allowed.join(", ")}).`,
      state.trail.slice(0, -1),
    ),
  );
}
