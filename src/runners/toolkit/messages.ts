/**
 * Compiled chat messages → what a model call takes. `splitInstructions` is SDK-free;
 * `toPromptParams` produces the AI SDK's `ModelMessage`s, which Mastra takes as well.
 */
import type { ModelMessage, UserContent } from "ai";
import type { ChatMessage, UserContentPart } from "../../prompt/types";

/** Leading System messages (joined by a blank line) and the conversation after them. */
export function splitInstructions(messages: readonly ChatMessage[]): { instructions?: string; conversation: ChatMessage[] } {
  const leading: string[] = [];
  let i = 0;
  while (i < messages.length && messages[i]!.role === "system") {
    leading.push(messages[i]!.content as string);
    i++;
  }
  return { ...(leading.length > 0 ? { instructions: leading.join("\n\n") } : {}), conversation: messages.slice(i) };
}

export interface PromptParams {
  instructions?: string;
  messages: ModelMessage[];
  /** Set when a system message appears after the conversation started (kept in place). */
  allowSystemInMessages?: boolean;
}

/**
 * Leading system messages become `instructions` (ai@7 rejects `{role:"system"}` inside
 * `messages`); a system message later in the conversation stays where it is.
 */
export function toPromptParams(messages: readonly ChatMessage[]): PromptParams {
  const { instructions, conversation } = splitInstructions(messages);
  const rest: ModelMessage[] = [];
  let systemInside = false;
  for (const message of conversation) {
    switch (message.role) {
      case "system":
        systemInside = true;
        rest.push({ role: "system", content: message.content });
        break;
      case "assistant":
        rest.push({ role: "assistant", content: message.content });
        break;
      case "user":
        rest.push({ role: "user", content: toUserContent(message.content) });
        break;
    }
  }
  return {
    ...(instructions !== undefined ? { instructions } : {}),
    messages: rest,
    ...(systemInside ? { allowSystemInMessages: true } : {}),
  };
}

function toUserContent(content: string | readonly UserContentPart[]): UserContent {
  if (typeof content === "string") return content;
  return content.map((part) => {
    switch (part.type) {
      case "text":
        return { type: "text" as const, text: part.text };
      case "image":
        return { type: "file" as const, mediaType: part.mimeType ?? "image", data: toFileData(part.image) };
      case "file":
        return { type: "file" as const, mediaType: part.mimeType, data: toFileData(part.data) };
    }
  });
}

/** `http(s):` and `data:` strings become URLs; anything else is treated as base64 data. */
function toFileData(value: string): string | URL {
  if (/^(https?|data):/i.test(value)) {
    try {
      return new URL(value);
    } catch {
      return value;
    }
  }
  return value;
}
