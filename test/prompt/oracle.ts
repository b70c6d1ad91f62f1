/**
 * The differential oracle (Node only): the platform's own MIT renderer
 * `@agentmark/templatedx@0.8.1`, with replicas of the platform's message-tag plugins
 * (spec §4.3, §4.9) registered on `TemplateDX` instances, and the compile steps of
 * `getRawConfig` around it.
 *
 * `Rule`s switch on, one by one, the deliberate differences of our compiler
 * (docs/compatibility.md). With every rule on, the oracle must agree with `compile` exactly; with
 * none, it is the reference. A difference between the two is explained only by the rules
 * whose removal changes the result.
 */
import { TagPlugin, TemplateDX, type PluginContext } from "@agentmark/templatedx";
import yaml from "js-yaml";

export const RULES = [
  /** Each `<If>` starts a new conditional chain (reference: one chain per scope, never reset). */
  "if-starts-a-new-chain",
  /** Every message tag has its own scope for conditional chains (reference: System, Assistant… share the root's). */
  "message-has-its-own-scope",
  /** The children of `<If>`/`<ElseIf>`/`<Else>` are rendered in document order (reference: after the following siblings). */
  "conditional-body-in-document-order",
  /** Text at block level of a message (`{expr}` alone on a line, `<Raw>` block) is its own trimmed paragraph (reference: glued). */
  "block-text-is-a-paragraph",
  /** Attachments belong to the `<User>` that contains them (reference: every User gets all of them). */
  "attachments-stay-in-their-user",
  /** A ForEach with nothing to list renders nothing (reference: an empty list, i.e. a blank gap). */
  "empty-foreach-renders-nothing",
  /** Attachment values must be strings, as the message types say (reference: any value is passed on). */
  "attachment-values-are-strings",
  /** `<Raw>` content is printed verbatim wherever it sits (reference: a text node, escaped where the serialiser escapes text). */
  "raw-is-literal",
] as const;
export type Rule = (typeof RULES)[number];

export type OracleResult =
  | { ok: true; kind: string; messages?: unknown[]; prompt?: string; text?: string; instructions?: string }
  | { ok: false; error: string };

type Node = { type: string; children?: Node[]; value?: unknown; [key: string]: unknown };

const TEXT_PROMISES = "__agentmark-extractTextPromises";
const MEDIA_PARTS = "__agentmark-mediaParts";
const INSIDE = "__insideMessageType";
const USER_PARTS = "__userParts";

const PHRASING = new Set([
  "break", "delete", "emphasis", "footnoteReference", "html", "image", "imageReference",
  "inlineCode", "link", "linkReference", "strong", "text", "mdxJsxTextElement", "mdxTextExpression",
]);

async function renderChildren(children: Node[], context: PluginContext, scope: unknown): Promise<Node[]> {
  const transformer = context.createNodeTransformer(scope as never);
  const processed = await Promise.all(
    children.map(async (child) => {
      const result = await transformer.transformNode(child);
      return Array.isArray(result) ? result : [result];
    }),
  );
  return processed.flat() as Node[];
}

function dropEmptyLists(nodes: Node[]): Node[] {
  return nodes
    .filter((node) => !(node.type === "list" && (node.children ?? []).length === 0))
    .map((node) => (Array.isArray(node.children) ? { ...node, children: dropEmptyLists(node.children) } : node));
}

function asBlocks(nodes: Node[]): Node[] {
  const blocks: Node[] = [];
  for (const node of nodes) {
    if (!PHRASING.has(node.type)) blocks.push(node);
    else if (node.type !== "text") blocks.push({ type: "paragraph", children: [node] });
    else {
      const value = String(node.value).trim();
      if (value !== "") blocks.push({ type: "paragraph", children: [{ type: "text", value }] });
    }
  }
  return blocks;
}

/** Replica of prompt-core's SimpleTextPlugin and UserPlugin. */
class MessagePlugin extends TagPlugin {
  constructor(private readonly rules: ReadonlySet<Rule>) {
    super();
  }

  async transform(_props: Record<string, unknown>, children: Node[], context: PluginContext): Promise<Node[]> {
    const { scope, tagName, nodeHelpers } = context;
    const isUser = tagName === "User";
    const ownParts: unknown[] = [];
    const childScope = isUser
      ? scope.createChild({ [INSIDE]: "User", [USER_PARTS]: ownParts })
      : this.rules.has("message-has-its-own-scope")
        ? scope.createChild()
        : scope;
    const isFlow = children.some((child) => !PHRASING.has(child.type));
    const field = (async () => {
      let nodes = await renderChildren(children, context, childScope);
      if (this.rules.has("empty-foreach-renders-nothing")) nodes = dropEmptyLists(nodes);
      if (this.rules.has("block-text-is-a-paragraph") && isFlow) nodes = asBlocks(nodes);
      const text = nodeHelpers.toMarkdown({ type: "root", children: nodes } as never).trim();
      if (!isUser) return { name: tagName, content: text };
      const parts = this.rules.has("attachments-stay-in-their-user")
        ? ownParts
        : ((scope.getShared(MEDIA_PARTS) as unknown[] | undefined) ?? []);
      return { name: tagName, content: parts.length > 0 ? [{ type: "text", text }, ...parts] : text };
    })();
    const fields = (scope.getShared(TEXT_PROMISES) as Promise<unknown>[] | undefined) ?? [];
    fields.push(field);
    scope.setShared(TEXT_PROMISES, fields);
    return [];
  }
}

/** Replica of prompt-core's MediaAttachmentPlugin. */
class AttachmentPlugin extends TagPlugin {
  constructor(private readonly rules: ReadonlySet<Rule>) {
    super();
  }

  async transform(props: Record<string, unknown>, _children: Node[], context: PluginContext): Promise<Node[]> {
    const { scope, tagName } = context;
    if (scope.get(INSIDE) !== "User") {
      throw new Error("ImageAttachment and FileAttachment tags must be inside User tag.");
    }
    const requireStrings = (...keys: string[]) => {
      if (!this.rules.has("attachment-values-are-strings")) return;
      for (const key of keys) {
        const value = props[key];
        if (value && typeof value !== "string") throw new Error(`The ${key} prop must be a string, got ${typeof value}.`);
      }
    };
    let part: Record<string, unknown> | undefined;
    if (tagName === "ImageAttachment") {
      if (props.image === undefined) throw new Error("ImageAttachment must contain an image prop");
      requireStrings("image", "mimeType");
      if (props.image) part = { type: "image", image: props.image, ...(props.mimeType ? { mimeType: props.mimeType } : {}) };
    } else {
      if (props.data === undefined || props.mimeType === undefined) {
        throw new Error("FileAttachment must contain data and mimeType props");
      }
      requireStrings("data", "mimeType");
      if (props.data && props.mimeType) part = { type: "file", data: props.data, mimeType: props.mimeType };
    }
    if (part !== undefined) {
      if (this.rules.has("attachments-stay-in-their-user")) {
        (scope.get(USER_PARTS) as unknown[]).push(part);
      } else {
        const parts = (scope.getShared(MEDIA_PARTS) as unknown[] | undefined) ?? [];
        parts.push(part);
        scope.setShared(MEDIA_PARTS, parts);
      }
    }
    return [];
  }
}

/** The built-in conditional plugin, with the chain / ordering rules switchable. */
class ConditionalPlugin extends TagPlugin {
  constructor(private readonly rules: ReadonlySet<Rule>) {
    super();
  }

  async transform(props: Record<string, unknown>, children: Node[], context: PluginContext): Promise<Node[]> {
    const { scope, tagName, createNodeTransformer } = context;
    if (tagName === "If" && this.rules.has("if-starts-a-new-chain")) scope.setLocal("conditionMet", false);
    let conditionMet = scope.getLocal("conditionMet");
    if (conditionMet === undefined) {
      scope.setLocal("conditionMet", false);
      conditionMet = false;
    }
    if (conditionMet) return [];
    const shouldRender = tagName === "Else" || props.condition === true;
    if (!shouldRender) return [];
    scope.setLocal("conditionMet", true);
    const childScope = scope.createChild();
    if (this.rules.has("conditional-body-in-document-order")) return renderChildren(children, context, childScope);
    const transformer = createNodeTransformer(childScope);
    const results: Node[] = [];
    for (const child of children) {
      const transformed = await transformer.transformNode(child);
      if (Array.isArray(transformed)) results.push(...transformed);
      else if (transformed) results.push(transformed);
    }
    return results;
  }
}

/** The built-in Raw plugin, except that its content becomes an `html` node (printed verbatim). */
class LiteralRawPlugin extends TagPlugin {
  async transform(_props: Record<string, unknown>, children: Node[], context: PluginContext): Promise<Node[]> {
    const value = context.nodeHelpers.toMarkdown({ type: "root", children } as never).trimEnd();
    return value === "" ? [] : [{ type: "html", value }];
  }
}

const KIND_TAGS: Record<string, string[]> = {
  text: ["System", "User", "Assistant"],
  object: ["System", "User", "Assistant"],
  image: ["ImagePrompt"],
  speech: ["System", "SpeechPrompt"],
};

const instances = new Map<string, TemplateDX>();

export function oracleInstance(kind: string, rules: ReadonlySet<Rule>): TemplateDX {
  const key = `${kind}:${[...rules].sort().join(",")}`;
  let instance = instances.get(key);
  if (instance === undefined) {
    instance = new TemplateDX();
    instance.registerTagPlugin(new MessagePlugin(rules), KIND_TAGS[kind] ?? []);
    if (kind === "text" || kind === "object") {
      instance.registerTagPlugin(new AttachmentPlugin(rules), ["ImageAttachment", "FileAttachment"]);
    }
    instance.registerTagPlugin(new ConditionalPlugin(rules), ["If", "ElseIf", "Else"]);
    if (rules.has("raw-is-literal")) instance.registerTagPlugin(new LiteralRawPlugin(), ["Raw"]);
    instances.set(key, instance);
  }
  return instance;
}

/** `getRawConfig` of the platform, reduced to what the renderer decides: messages / texts. */
export async function oracleCompile(ast: unknown, customProps: unknown, rules: ReadonlySet<Rule>): Promise<OracleResult> {
  try {
    const root = structuredClone(ast) as { children: Node[] };
    const yamlNode = root.children.find((node) => node.type === "yaml");
    const frontmatter = (yaml.load(String(yamlNode?.value ?? "")) ?? {}) as Record<string, unknown>;
    const kind = ["object", "text", "image", "speech"].find((k) => frontmatter[`${k}_config`] !== undefined);
    if (kind === undefined) throw new Error("Invalid prompt");
    const settings = frontmatter.test_settings as { props?: Record<string, unknown> } | undefined;
    const props = (customProps ?? settings?.props ?? {}) as Record<string, unknown>;
    const shared: Record<string, unknown> = {};
    await oracleInstance(kind, rules).transform(root as never, props, shared);
    const fields = (await Promise.all((shared[TEXT_PROMISES] as Promise<unknown>[] | undefined) ?? [])) as {
      name: string;
      content: unknown;
    }[];
    const text = (name: string) => (fields.find((field) => field.name === name)?.content as string | undefined) ?? "";
    if (kind === "image") return { ok: true, kind, prompt: text("ImagePrompt") };
    if (kind === "speech") return { ok: true, kind, text: text("SpeechPrompt"), instructions: text("System") };
    const roles: Record<string, string> = { System: "system", User: "user", Assistant: "assistant" };
    const messages = fields.map((field, index) => {
      if (field.name === "System" && index !== 0) throw new Error(`System message may only be the first message: ${JSON.stringify(field.content)}`);
      return { role: roles[field.name], content: field.content };
    });
    return { ok: true, kind, messages };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Parses MDX source the way the platform's client does (no tag validation, no imports). */
export function parseSource(source: string): unknown {
  return new TemplateDX().parseAst(source);
}
