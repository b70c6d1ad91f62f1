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
import type { SdkUserMessage } from "./sdk";

type Block = Record<string, unknown>;

export interface SessionPrompt {
  systemPrompt?: string;
  /** A plain string when the turn is text only; else one user message with content blocks. */
  prompt: string | SdkUserMessage;
}

const DATA_URL = /^data:([^;,]+)(?:;[^,]*)?;base64,(.*)$/s;

function source(value: string, mimeType: string | undefined): Block {
  const data = DATA_URL.exec(value);
  if (data) return { type: "base64", media_type: data[1], data: data[2] };
  if (/^https?:\/\//i.test(value)) return { type: "url", url: value };
  if (!mimeType) throw new PromptError("An attachment given as base64 needs its mimeType for the Claude Agent SDK runner");
  return { type: "base64", media_type: mimeType, data: value };
}

function block(part: UserContentPart): Block {
  switch (part.type) {
    case "text":
      return { type: "text", text: part.text };
    case "image":
      return { type: "image", source: source(part.image, part.mimeType) };
    case "file":
      if (part.mimeType !== "application/pdf") {
        throw new PromptError(`The Claude Agent SDK runner takes images and PDF files as attachments, not ${part.mimeType}`);
      }
      return { type: "document", source: source(part.data, part.mimeType) };
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
  const content = [...(transcript ? [{ type: "text", text: transcript }] : []), ...last.content.map(block)];
  return { ...system, prompt: { type: "user", message: { role: "user", content }, parent_tool_use_id: null } };
}
