/**
 * The frontmatter keys of spec §4.2 as zod schemas. Unknown keys inside a `*_config` are
 * dropped, as the platform's schemas do; `test_settings` and `agentmark_meta` pass through.
 */
import { z } from "zod";

const finite = z.number();

const toolDefinition = z.looseObject({
  description: z.string().optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
});

/** A list of tool names / `mcp://server/tool` URIs, or the older record form. */
export const toolsSchema = z.union([
  z.array(z.string()),
  z.record(z.string(), z.union([z.string(), toolDefinition])),
]);

const languageModelSettings = {
  model_name: z.string(),
  max_tokens: finite.optional(),
  temperature: finite.optional(),
  max_calls: finite.optional(),
  top_p: finite.optional(),
  top_k: finite.optional(),
  presence_penalty: finite.optional(),
  frequency_penalty: finite.optional(),
  stop_sequences: z.array(z.string()).optional(),
  seed: finite.optional(),
  max_retries: finite.optional(),
  tools: toolsSchema.optional(),
};

const toolChoice = z.union([
  z.enum(["auto", "none", "required"]),
  z.object({ type: z.literal("tool"), tool_name: z.string() }),
]);

export const textConfigSchema = z.object({ ...languageModelSettings, tool_choice: toolChoice.optional() });

export const objectConfigSchema = z.object({
  ...languageModelSettings,
  schema: z.record(z.string(), z.unknown()),
  schema_name: z.string().optional(),
  schema_description: z.string().optional(),
});

export const imageConfigSchema = z.object({
  model_name: z.string(),
  num_images: finite.optional(),
  size: z.string().regex(/^\d+x\d+$/, 'expected "<width>x<height>"').optional(),
  aspect_ratio: z.string().regex(/^\d+:\d+$/, 'expected "<a>:<b>"').optional(),
  seed: finite.optional(),
});

export const speechConfigSchema = z.object({
  model_name: z.string(),
  voice: z.string().optional(),
  output_format: z.string().optional(),
  speed: finite.optional(),
});

export const testSettingsSchema = z.looseObject({
  props: z.record(z.string(), z.unknown()).nullable().optional(),
  dataset: z.string().optional(),
  evals: z.array(z.string()).optional(),
  experiment_key: z.string().optional(),
  regression_tolerance: finite.optional(),
  score_thresholds: z.record(z.string(), finite).optional(),
});

export const agentmarkMetaSchema = z.looseObject({ commit_sha: z.string().optional() });

export const nameSchema = z.string();
