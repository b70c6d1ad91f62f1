/**
 * AST + props → the config a runner executes (spec §4.3). Synchronous and free of I/O: it is
 * on the path of every prompt-run request.
 */
import { isNode, isRecord, typeName, type AstNode } from "./ast";
import { Budget } from "./budget";
import { checkData } from "./data-shape";
import { PromptError } from "./errors";
import { resolveCompileLimits, type CompileLimits } from "./limits";
import { readPromptConfig, validConfig } from "./prompt-config";
import { renderMessages, type MessageTag, type RenderedMessage, type TagSet } from "./render";
import type { ChatMessage, CompiledPrompt, ImageConfig, ObjectConfig, PromptKind, SpeechConfig, TestSettings, TextConfig } from "./types";

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
  const config = readPromptConfig(children, budget);
  const { kind, base } = config;
  const props = resolveProps(customProps, base.test_settings, budget);
  const messages = renderMessages(children, props, TAG_SETS[kind], budget);

  switch (kind) {
    case "text":
      return { kind, ...base, messages: toChatMessages(messages), text_config: validConfig<TextConfig>(config) };
    case "object":
      return { kind, ...base, messages: toChatMessages(messages), object_config: validConfig<ObjectConfig>(config) };
    case "image":
      return {
        kind,
        ...base,
        image_config: { ...validConfig<ImageConfig>(config), prompt: singleText(messages, "ImagePrompt") },
      };
    case "speech":
      return {
        kind,
        ...base,
        speech_config: {
          ...validConfig<SpeechConfig>(config),
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
