/**
 * `.prompt.mdx` source → the AST the platform sends in `data.ast`, the way the AgentMark
 * CLI builds it: parsed with the platform's own renderer package (imports inlined,
 * frontmatter kept). Tooling only: this package is a devDependency and never in the Worker.
 */
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { TagPlugin, TemplateDX } from "@agentmark/templatedx";

/** The platform's prompt tags; registered only so the parser accepts them (rendering happens in the webhook). */
export const PROMPT_TAGS = ["System", "User", "Assistant", "ImageAttachment", "FileAttachment", "ImagePrompt", "SpeechPrompt"];

class ParseOnlyTag extends TagPlugin {
  override async transform(): Promise<never> {
    throw new Error("parse-only tag: rendering is the webhook's job");
  }
}

export async function promptSourceToAst(path: string): Promise<Record<string, unknown>> {
  const templatedx = new TemplateDX();
  templatedx.registerTagPlugin(new ParseOnlyTag(), PROMPT_TAGS);
  const source = await readFile(path, "utf8");
  const baseDir = dirname(resolve(path));
  const ast = await templatedx.parse(source, baseDir, (modulePath) => readFile(resolve(baseDir, modulePath), "utf8"));
  return ast as unknown as Record<string, unknown>;
}
