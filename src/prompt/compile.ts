/**
 * AST + props → the config a runner executes (spec §4.3). Synchronous and free of I/O: it is
 * on the path of every prompt-run request.
 */
import type { z } from "zod";
import { isNode, isRecord, typeName, type AstNode } from "./ast";
import { Budget } from "./budget";
import { checkData } from "./data-shape";
import { PromptError } from "./errors";
import { readFrontmatter } from "./frontmatter";
import { resolveCompileLimits, type CompileLimits } from "./limits";
import { renderMessages, type MessageTag, type RenderedMessage, type TagSet } from "./render";
import {
  agentmarkMetaSchema,
  imageConfigSchema,
  nameSchema,
  objectConfigSchema,
  speechConfigSchema,
  testSettingsSchema,
  textConfigSchema,
} from "./schema";
import type { AgentmarkMeta, ChatMessage, CompiledPrompt, PromptKind, TestSettings } from "./types";

const CONFIG_KEYS = {
  object_config: "object",
  text_config: "text",
  image_config: "image",
  speech_config: "speech",
} as const satisfies Record<string, PromptKind>;

type ConfigKey = keyof typeof CONFIG_KEYS;

const TAG_SETS: Record<PromptKind, TagSet> = {
  text: { label: "a text prompt", messageTags: new Set(["System", "User", "Assistant"]), attachments: true },
  object: { label: "an object prompt", messageTags: new Set(["System", "User", "Assistant"]), attachments: true },
  image: { label: "an image prompt", messageTags: new Set(["ImagePrompt"]), attachments: false },
  speech: { label: "a speech prompt", messageTags: new Set(["System", "SpeechPrompt"]), attachments: false },
};

const ROLES = { System: "system", User: "user", Assistant: "assistant" } as const;

/** `limits`: overrides of the compile limits (./limits.ts); each breach is a 400 naming its setting. */
export function compile(ast: unknown, customProps?: unknown, limits?: Partial<CompileLimits>): CompiledPrompt {
  return compileWithin(new Budget(resolveCompileLimits(limits)), ast, customProps);
}

/** What a compile spent of its budget (bench/prompt-sizes.ts measures real prompts with it). */
export function compileMeasured(ast: unknown, customProps?: unknown, limits?: Partial<CompileLimits>) {
  const budget = new Budget(resolveCompileLimits(limits));
  const prompt = compileWithin(budget, ast, customProps);
  const { iterations, nodes, chars, markdownChars, expressionChars, deepest, deepestEmphasis } = budget;
  return { prompt, used: { iterations, nodes, chars, markdownChars, expressionChars, deepest, deepestEmphasis } };
}

function compileWithin(budget: Budget, ast: unknown, customProps: unknown): CompiledPrompt {
  const children = rootChildren(ast);
  const frontmatter = readFrontmatter(children, budget);
  const configKey = selectConfigKey(frontmatter);
  const kind = CONFIG_KEYS[configKey];
  const base = {
    name: validate(nameSchema, frontmatter.name, "name"),
    ...optional("test_settings", testSettingsSchema, frontmatter.test_settings),
    ...optional("agentmark_meta", agentmarkMetaSchema, frontmatter.agentmark_meta),
  } as { name: string; test_settings?: TestSettings; agentmark_meta?: AgentmarkMeta };
  const raw = frontmatter[configKey];
  const props = resolveProps(customProps, base.test_settings, budget);
  const messages = renderMessages(children, props, TAG_SETS[kind], budget);

  switch (kind) {
    case "text":
      return { kind, ...base, messages: toChatMessages(messages), text_config: validate(textConfigSchema, raw, configKey) };
    case "object":
      return { kind, ...base, messages: toChatMessages(messages), object_config: validate(objectConfigSchema, raw, configKey) };
    case "image":
      return {
        kind,
        ...base,
        image_config: { ...validate(imageConfigSchema, raw, configKey), prompt: singleText(messages, "ImagePrompt") },
      };
    case "speech":
      return {
        kind,
        ...base,
        speech_config: {
          ...validate(speechConfigSchema, raw, configKey),
          text: singleText(messages, "SpeechPrompt"),
          instructions: singleText(messages, "System"),
        },
      };
  }
}

function rootChildren(ast: unknown): AstNode[] {
  if (!isRecord(ast)) throw new PromptError(`The prompt AST must be an object, got ${typeName(ast)}.`);
  if (ast.type !== undefined && ast.type !== "root") {
    throw new PromptError(`The prompt AST has no root: expected type "root", got ${JSON.stringify(ast.type)}.`);
  }
  if (!Array.isArray(ast.children)) {
    throw new PromptError('The prompt AST has no root: expected {"type": "root", "children": [...]}.');
  }
  const children = ast.children as unknown[];
  if (!children.every(isNode)) throw new PromptError("Malformed AST: a node of the root has no type.");
  return children;
}

function selectConfigKey(frontmatter: Record<string, unknown>): ConfigKey {
  const present = (Object.keys(CONFIG_KEYS) as ConfigKey[]).filter((key) => frontmatter[key] !== undefined);
  if (present.length === 1) return present[0] as ConfigKey;
  if (present.length > 1) {
    throw new PromptError(`Invalid prompt: the frontmatter has several configs (${present.join(", ")}); keep exactly one.`);
  }
  const metadata = frontmatter.metadata;
  if (isRecord(metadata) && metadata.model !== undefined) {
    throw new PromptError(
      "Invalid prompt: the frontmatter key metadata.model is the old format, no longer supported; use text_config, object_config, image_config or speech_config with a model_name.",
    );
  }
  throw new PromptError(
    "Invalid prompt: the frontmatter has none of text_config, object_config, image_config, speech_config.",
  );
}

/**
 * A plain object given by the caller wins (even `{}`); otherwise `test_settings.props`
 * (already checked with the frontmatter). Props from the request are checked for depth here,
 * before anything (rendering, tracing, a runner) walks them.
 */
function resolveProps(customProps: unknown, testSettings: TestSettings | undefined, budget: Budget): Record<string, unknown> {
  if (customProps === undefined || customProps === null) {
    return isRecord(testSettings?.props) ? testSettings.props : {};
  }
  if (isRecord(customProps)) {
    checkData(customProps, "props", { maxDepth: budget.limits.maxDepth });
    return customProps;
  }
  throw new PromptError(`Invalid props: expected an object, got ${typeName(customProps)}.`);
}

function toChatMessages(messages: RenderedMessage[]): ChatMessage[] {
  return messages.map((message, index): ChatMessage => {
    switch (message.tag) {
      case "System":
        if (index !== 0) {
          throw new PromptError(
            `System message may only be the first message: <System> is message ${index + 1} of ${messages.length}.`,
          );
        }
        return { role: "system", content: message.text };
      case "User":
        return {
          role: "user",
          content: message.attachments.length === 0
            ? message.text
            : [{ type: "text", text: message.text }, ...message.attachments],
        };
      default:
        return { role: ROLES[message.tag as "Assistant"], content: message.text };
    }
  });
}

function singleText(messages: RenderedMessage[], tag: MessageTag): string {
  const matching = messages.filter((message) => message.tag === tag);
  if (matching.length > 1) throw new PromptError(`Invalid prompt: <${tag}> may appear only once, found ${matching.length}.`);
  return matching[0]?.text ?? "";
}

function optional<K extends string, S extends z.ZodType>(key: K, schema: S, value: unknown): Partial<Record<K, z.output<S>>> {
  return value === undefined ? {} : ({ [key]: validate(schema, value, key) } as Record<K, z.output<S>>);
}

function validate<S extends z.ZodType>(schema: S, value: unknown, key: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = [key, ...issue.path.map(String)].join(".");
    return `${path}: ${issue.message}`;
  });
  throw new PromptError(`Invalid prompt frontmatter: ${problems.join("; ")}`);
}
