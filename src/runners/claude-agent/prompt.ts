/**
 * A compiled prompt's messages → what a Claude Code session starts from: the leading System
 * messages become the system prompt, the conversation one user turn. Claude Code starts a
 * session from a single user message, so when the prompt carries earlier turns (few-shot
 * examples, a chat history) they are written into that message as a transcript before the
 * last user message. Attachments become Messages API blocks: images (base64 or URL) and PDFs.
 */
import { PromptError } from "../../prompt/errors";
import type { ChatMessage, UserContentPart } from "../../prompt/types";
import { splitInstructions } from "../toolkit";
import type { SdkImageMediaType, SdkInputBlock, SdkUserInput } from "./sdk";

export interface SessionPrompt {
  systemPrompt?: string;
  /** A plain string when the turn is text only; else one user message with content blocks. */
  prompt: string | SdkUserInput;
}

const DATA_URL = /^data:([^;,]+)(?:;[^,]*)?;base64,(.*)$/s;
const IMAGE_TYPES: readonly string[] = ["image/jpeg", "image/png", "image/gif", "image/webp"] satisfies SdkImageMediaType[];

/** Where an attachment's bytes are: a data URL or base64 (with its type), or an http(s) URL. */
function located(value: string, mimeType: string | undefined): { url: string } | { mediaType: string; data: string } {
  const data = DATA_URL.exec(value);
  if (data) return { mediaType: data[1]!, data: data[2]! };
  if (/^https?:\/\//i.test(value)) return { url: value };
  if (!mimeType) throw new PromptError("An attachment given as base64 needs its mimeType for the Claude Agent SDK runner");
  return { mediaType: mimeType, data: value };
}

function block(part: UserContentPart): SdkInputBlock {
  switch (part.type) {
    case "text":
      return { type: "text", text: part.text };
    case "image": {
      const at = located(part.image, part.mimeType);
      if ("url" in at) return { type: "image", source: { type: "url", url: at.url } };
      if (!IMAGE_TYPES.includes(at.mediaType)) {
        throw new PromptError(`The Claude Agent SDK runner takes ${IMAGE_TYPES.join(", ")} images, not ${at.mediaType}`);
      }
      return { type: "image", source: { type: "base64", media_type: at.mediaType as SdkImageMediaType, data: at.data } };
    }
    case "file": {
      const at = located(part.data, part.mimeType);
      if ("url" in at) return { type: "document", source: { type: "url", url: at.url } };
      if (at.mediaType !== "application/pdf") {
        throw new PromptError(`The Claude Agent SDK runner takes images and PDF files as attachments, not ${at.mediaType}`);
      }
      return { type: "document", source: { type: "base64", media_type: "application/pdf", data: at.data } };
    }
  }
}

function textOf(message: ChatMessage): string {
  if (typeof message.content === "string") return message.content;
  return message.content.map((part) => (part.type === "text" ? part.text : `[${part.type} attachment]`)).join("\n");
}

const ROLE = { system: "System", user: "User", assistant: "Assistant" } as const;

export function sessionPrompt(messages: readonly ChatMessage[]): SessionPrompt {
  const { instructions, conversation } = splitInstructions(messages);
  const last = conversation.at(-1);
  if (!last || last.role !== "user") throw new PromptError("The Claude Agent SDK runner needs the prompt to end with a User message");
  const earlier = conversation.slice(0, -1);
  const transcript = earlier.length
    ? `Earlier in this conversation:\n\n${earlier.map((m) => `${ROLE[m.role]}: ${textOf(m)}`).join("\n\n")}\n\nThe user's message now:\n\n`
    : "";
  const system = instructions !== undefined ? { systemPrompt: instructions } : {};
  if (typeof last.content === "string") return { ...system, prompt: transcript + last.content };
  const content: SdkInputBlock[] = [...(transcript ? [{ type: "text" as const, text: transcript }] : []), ...last.content.map(block)];
  return { ...system, prompt: { type: "user", message: { role: "user", content }, parent_tool_use_id: null } };
}
