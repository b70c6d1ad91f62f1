/** The prompt's YAML frontmatter (spec §4.2): the first `yaml` node, read with js-yaml. */
import yaml from "js-yaml";
import { isRecord, type AstNode } from "./ast";
import { PromptError } from "./errors";

export function readFrontmatter(children: readonly AstNode[]): Record<string, unknown> {
  const node = children.find((child) => child.type === "yaml");
  if (node === undefined) {
    throw new PromptError("Invalid prompt: the AST has no frontmatter (no yaml node).");
  }
  let data: unknown;
  try {
    data = yaml.load(typeof node.value === "string" ? node.value : "");
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new PromptError(`Malformed YAML frontmatter: ${reason}`);
  }
  if (!isRecord(data)) {
    throw new PromptError("Invalid prompt: the frontmatter must be a YAML mapping of keys (name, text_config, …).");
  }
  return data;
}
