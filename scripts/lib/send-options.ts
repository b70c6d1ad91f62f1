/**
 * `npm run send` command line → options, with errors that say what to do. Experiments are
 * `--dataset [path]` plus the platform's sampling flags (`--rows`, `--sample`/`--seed`,
 * `--split`) and `--concurrency`; sampling is validated here with the Worker's own rules.
 */
import { parseArgs } from "node:util";
import { SamplingError, toSamplingOptions } from "../../src/experiments/sampling";

export const SEND_USAGE = `usage: npm run send -- <file.prompt.mdx | event.json> [options]

  --props JSON            props for a prompt-run (default: the prompt's test_settings.props)
  --no-stream             ask for one JSON envelope instead of NDJSON lines
  --dataset [path]        run an experiment (dataset-run) over the prompt's test_settings.dataset,
                          or over this dataset path (write --dataset=path when it is ambiguous)
  --rows 0,3-5            experiment: only these 0-based rows
  --sample PCT            experiment: keep each row with probability PCT % (1-100)
  --split train:80        experiment: the first 80 % of the rows (test:80: the other 20 %)
  --seed N                experiment: seeded --sample, or a seeded (not positional) --split
  --concurrency N         experiment: rows in flight at once (the webhook caps it at 100)
  --out DIR               write images and speech to files in DIR instead of summarising them
  --url URL               webhook URL (default AGENTMARK_WEBHOOK_URL or http://127.0.0.1:8787/)
  --secret S              signing secret (default: the one the local Worker uses, from .dev.vars)`;

export class UsageError extends Error {
  override readonly name = "UsageError";
}

export interface ExperimentOptions {
  /** As written; undefined → the prompt's test_settings.dataset. */
  datasetPath?: string;
  sampling?: Record<string, unknown>;
  concurrency?: number;
}

export interface SendOptions {
  file: string;
  props?: unknown;
  stream: boolean;
  url: string;
  secret?: string;
  out?: string;
  /** Present for `--dataset`: the job is a dataset-run. */
  experiment?: ExperimentOptions;
}

const DATASET = "--dataset";

/** `--dataset` takes an optional value: the next word, unless it is an option or the job file. */
function splitDatasetFlag(argv: string[]): { rest: string[]; dataset?: { path?: string } } {
  const rest: string[] = [];
  let dataset: { path?: string } | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith(`${DATASET}=`)) {
      dataset = { path: arg.slice(DATASET.length + 1) };
    } else if (arg === DATASET) {
      const next = argv[i + 1];
      const isValue = next !== undefined && !next.startsWith("-") && !/\.(mdx|json)$/.test(next);
      dataset = isValue ? { path: next } : {};
      if (isValue) i++;
    } else {
      rest.push(arg);
    }
  }
  return { rest, ...(dataset ? { dataset } : {}) };
}

function integer(value: string, flag: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || n < min || n > max) throw new UsageError(`${flag} must be an integer from ${min} to ${max}, got "${value}"`);
  return n;
}

function parseProps(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch (err) {
    throw new UsageError(`--props is not valid JSON: ${(err as Error).message}`);
  }
}

function sampling(values: { rows?: string; sample?: string; split?: string; seed?: string }): Record<string, unknown> | undefined {
  const raw: Record<string, unknown> = {};
  if (values.rows !== undefined) raw.rows = values.rows;
  if (values.sample !== undefined) raw.sample = integer(values.sample, "--sample", 1, 100);
  if (values.split !== undefined) raw.split = values.split;
  if (values.seed !== undefined) {
    const seed = Number(values.seed);
    if (values.seed.trim() === "" || !Number.isFinite(seed)) throw new UsageError(`--seed must be a number, got "${values.seed}"`);
    raw.seed = seed;
  }
  if (Object.keys(raw).length === 0) return undefined;
  try {
    toSamplingOptions(raw);
  } catch (err) {
    if (err instanceof SamplingError) throw new UsageError(err.message);
    throw err;
  }
  return raw;
}

export function parseSendArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): SendOptions {
  const { rest, dataset } = splitDatasetFlag(argv);
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        props: { type: "string" },
        "no-stream": { type: "boolean", default: false },
        rows: { type: "string" },
        sample: { type: "string" },
        split: { type: "string" },
        seed: { type: "string" },
        concurrency: { type: "string" },
        out: { type: "string" },
        url: { type: "string" },
        secret: { type: "string" },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  const file = positionals[0];
  if (!file) throw new UsageError("no job file given");
  if (positionals.length > 1) throw new UsageError(`one job file at a time, got ${positionals.join(", ")}`);
  const isPrompt = file.endsWith(".mdx");
  if (!isPrompt && !file.endsWith(".json")) throw new UsageError(`expected a .prompt.mdx or an event .json file, got ${file}`);

  const experimentFlags = (["rows", "sample", "split", "seed", "concurrency"] as const).filter((name) => values[name] !== undefined);
  if (!dataset && experimentFlags.length > 0) {
    throw new UsageError(`--${experimentFlags[0]} applies to experiments: add --dataset to run ${file} over its dataset`);
  }
  if (dataset && !isPrompt) throw new UsageError("--dataset needs a .prompt.mdx file (an event .json is sent as it is)");
  if (dataset && values.props !== undefined) throw new UsageError("--props applies to a single prompt-run; an experiment takes its props from the dataset rows");
  if (!isPrompt && values.props !== undefined) throw new UsageError("--props applies to a .prompt.mdx file (an event .json is sent as it is)");

  const options: SendOptions = {
    file,
    stream: !values["no-stream"],
    url: values.url ?? env.AGENTMARK_WEBHOOK_URL ?? "http://127.0.0.1:8787/",
  };
  if (values.props !== undefined) options.props = parseProps(values.props);
  if (values.secret !== undefined) options.secret = values.secret;
  if (values.out !== undefined) options.out = values.out;
  if (dataset) {
    const experiment: ExperimentOptions = {};
    if (dataset.path !== undefined) {
      if (dataset.path.trim() === "") throw new UsageError("--dataset= needs a path (or leave out the = to use the prompt's test_settings.dataset)");
      experiment.datasetPath = dataset.path;
    }
    const rows = sampling(values);
    if (rows) experiment.sampling = rows;
    if (values.concurrency !== undefined) experiment.concurrency = integer(values.concurrency, "--concurrency", 1, 100);
    options.experiment = experiment;
  }
  return options;
}
