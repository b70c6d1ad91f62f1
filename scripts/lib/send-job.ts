/**
 * The job `npm run send` posts: an event file as it is, or a prompt source turned into the
 * AST the AgentMark CLI sends (a `prompt-run`, or with `--dataset` a `dataset-run`).
 * Problems in the files are reported as `<file>:<line>:<column>: <what>`.
 */
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import yaml from "js-yaml";
import { promptSourceToAst } from "./prompt-source";
import type { SendOptions } from "./send-options";

export class JobFileError extends Error {
  override readonly name = "JobFileError";
}

interface Positioned {
  line?: number;
  column?: number;
  reason?: string;
  message: string;
}

interface YamlNode {
  type: string;
  value?: unknown;
  position?: { start?: { line?: number } };
}

function at(file: string, line: number | undefined, column: number | undefined, what: string): JobFileError {
  const place = line ? `:${line}${column ? `:${column}` : ""}` : "";
  return new JobFileError(`${file}${place}: ${what}`);
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new JobFileError(code === "ENOENT" ? `${file}: no such file` : `${file}: ${(err as Error).message}`);
  }
}

async function parsePrompt(file: string): Promise<Record<string, unknown>> {
  await readText(file); // a missing file is reported as such, not as a parse error
  try {
    return await promptSourceToAst(file);
  } catch (err) {
    const { line, column, reason, message } = err as Positioned;
    throw at(file, line, column, reason ?? message);
  }
}

/** The frontmatter as the Worker will read it; a YAML error points at its line in the file. */
function frontmatter(file: string, ast: Record<string, unknown>): Record<string, unknown> {
  const node = (ast.children as YamlNode[] | undefined)?.find((child) => child.type === "yaml");
  if (!node || typeof node.value !== "string") throw at(file, 1, undefined, "the prompt has no YAML frontmatter (--- name: … ---)");
  try {
    const data = yaml.load(node.value);
    return typeof data === "object" && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  } catch (err) {
    const mark = (err as { mark?: { line: number; column: number } }).mark;
    const firstLine = (node.position?.start?.line ?? 1) + 1; // the line after the opening ---
    const reason = (err as { reason?: string }).reason ?? (err as Error).message;
    throw at(file, mark ? firstLine + mark.line : undefined, mark ? mark.column + 1 : undefined, `invalid YAML frontmatter: ${reason}`);
  }
}

export async function buildJob(options: SendOptions): Promise<unknown> {
  const { file } = options;
  if (file.endsWith(".json")) {
    const text = await readText(file);
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new JobFileError(`${file}: not valid JSON: ${(err as Error).message}`);
    }
  }
  const ast = await parsePrompt(file);
  const meta = frontmatter(file, ast);
  if (options.experiment) {
    const { datasetPath, sampling, concurrency } = options.experiment;
    const testSettings = meta.test_settings as { dataset?: unknown } | undefined;
    if (datasetPath === undefined && !testSettings?.dataset) {
      throw new JobFileError(`${file}: no test_settings.dataset in the frontmatter: add one, or name the dataset with --dataset=<path>`);
    }
    const data: Record<string, unknown> = {
      ast,
      promptPath: basename(file),
      experimentId: typeof meta.name === "string" && meta.name ? meta.name : "local-experiment",
    };
    if (datasetPath !== undefined) data.datasetPath = datasetPath;
    if (sampling) data.sampling = sampling;
    if (concurrency !== undefined) data.concurrency = concurrency;
    return { type: "dataset-run", data };
  }
  const data: Record<string, unknown> = { ast, promptPath: file, options: { shouldStream: options.stream } };
  if (options.props !== undefined) data.customProps = options.props;
  return { type: "prompt-run", data };
}
