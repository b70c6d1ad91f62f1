/**
 * The prompt's YAML frontmatter (spec §4.2): the first `yaml` node, read with js-yaml. Its
 * source length, nesting (js-yaml's own `maxDepth`) and its size once aliases are expanded
 * are bounded by the compile limits: js-yaml shares aliased nodes instead of copying them,
 * so a "billion laughs" document loads in microseconds but explodes when anything walks it.
 */
import yaml from "js-yaml";
import { isRecord, type AstNode } from "./ast";
import { limitError, type Budget } from "./budget";
import { checkData } from "./data-shape";
import { PromptError } from "./errors";

export function readFrontmatter(children: readonly AstNode[], budget: Budget): Record<string, unknown> {
  const { maxDepth, maxFrontmatterChars } = budget.limits;
  const node = children.find((child) => child.type === "yaml");
  if (node === undefined) {
    throw new PromptError("Invalid prompt: the AST has no frontmatter (no yaml node).");
  }
  const source = typeof node.value === "string" ? node.value : "";
  if (source.length > maxFrontmatterChars) {
    throw limitError("maxFrontmatterChars", `the YAML frontmatter is ${source.length} characters long, more than ${maxFrontmatterChars}`);
  }
  let data: unknown;
  try {
    // `maxDepth` is js-yaml ≥ 4.2's own nesting guard (not yet in @types/js-yaml).
    data = yaml.load(source, { maxDepth } as yaml.LoadOptions);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (reason.includes("nesting exceeded maxDepth")) {
      throw limitError("maxDepth", `the YAML frontmatter is nested deeper than ${maxDepth} levels`);
    }
    throw new PromptError(`Malformed YAML frontmatter: ${reason}`);
  }
  if (!isRecord(data)) {
    throw new PromptError("Invalid prompt: the frontmatter must be a YAML mapping of keys (name, text_config, …).");
  }
  // Without an alias (`*name`) nothing is shared: js-yaml's maxDepth bounded the nesting and
  // the source length bounds the size, so the walk is needed only when aliases are used.
  if (source.includes("*")) checkData(data, "frontmatter", { maxDepth, maxChars: maxFrontmatterChars });
  return data;
}
