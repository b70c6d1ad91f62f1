/**
 * The frontmatter keys of spec §4.2 as zod schemas. Unknown keys inside a `*_config` are
 * dropped, as the platform's schemas do; `test_settings` and `agentmark_meta` pass through.
 */
import { z } from "../core/zod";

const finite = z.number();

const toolDefinition = z.looseObject({
  description: z.optional(z.string()),
  parameters: z.optional(z.record(z.string(), z.unknown())),
});

/** A list of tool names / `mcp://server/tool` URIs, or the older record form. */
export const toolsSchema = z.union([
  z.array(z.string()),
  z.record(z.string(), z.union([z.string(), toolDefinition])),
]);

const languageModelSettings = {
  model_name: z.string(),
  max_tokens: z.optional(finite),
  temperature: z.optional(finite),
  max_calls: z.optional(finite),
  top_p: z.optional(finite),
  top_k: z.optional(finite),
  presence_penalty: z.optional(finite),
  frequency_penalty: z.optional(finite),
  stop_sequences: z.optional(z.array(z.string())),
  seed: z.optional(finite),
  max_retries: z.optional(finite),
  tools: z.optional(toolsSchema),
};

const toolChoice = z.union([
  z.enum(["auto", "none", "required"]),
  z.object({ type: z.literal("tool"), tool_name: z.string() }),
]);

export const textConfigSchema = z.object({ ...languageModelSettings, tool_choice: z.optional(toolChoice) });

export const objectConfigSchema = z.object({
  ...languageModelSettings,
  schema: z.record(z.string(), z.unknown()),
  schema_name: z.optional(z.string()),
  schema_description: z.optional(z.string()),
});

export const imageConfigSchema = z.object({
  model_name: z.string(),
  num_images: z.optional(finite),
  size: z.optional(z.string().check(z.regex(/^\d+x\d+$/, 'expected "<width>x<height>"'))),
  aspect_ratio: z.optional(z.string().check(z.regex(/^\d+:\d+$/, 'expected "<a>:<b>"'))),
  seed: z.optional(finite),
});

export const speechConfigSchema = z.object({
  model_name: z.string(),
  voice: z.optional(z.string()),
  output_format: z.optional(z.string()),
  speed: z.optional(finite),
});

export const testSettingsSchema = z.looseObject({
  props: z.optional(z.nullable(z.record(z.string(), z.unknown()))),
  dataset: z.optional(z.string()),
  evals: z.optional(z.array(z.string())),
  experiment_key: z.optional(z.string()),
  regression_tolerance: z.optional(finite),
  score_thresholds: z.optional(z.record(z.string(), finite)),
});

export const agentmarkMetaSchema = z.looseObject({ commit_sha: z.optional(z.string()) });

export const nameSchema = z.string();
