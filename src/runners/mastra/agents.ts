/**
 * Which Mastra `Agent` runs a prompt: one the user registered (by prompt name, then by model
 * name), or one built for this run from the compiled prompt — its model from the shared
 * provider map, its instructions from the prompt's System messages, its tools from the
 * shared tool registry. Built agents belong to one private `Mastra` instance whose logger is
 * silent (Mastra's console logger would print provider errors, which can echo an API key).
 */
import { Agent, type AgentConfig } from "@mastra/core/agent";
import { noopLogger, type IMastraLogger } from "@mastra/core/logger";
import { Mastra } from "@mastra/core/mastra";
import { RequestContext } from "@mastra/core/request-context";
import type { LanguageModel, ToolSet } from "ai";
import type { EnvVars } from "../../core/env";
import type { ModelRegistry } from "../toolkit";

/** Where a run puts the request's environment for the agent's model (a function: never serialised into a trace or log). */
const ENV_KEY = "agentmark.env";

/** A request context carrying the request's environment, for agents whose model is `agentmarkModel(...)`. */
export function requestContextFor(env: EnvVars): RequestContext {
  const context = new RequestContext();
  context.set(ENV_KEY, () => env);
  return context;
}

type ProcessLike = { env: Record<string, string | undefined> };

/**
 * A model for your own `new Agent({ model })` from the shared provider map: resolved per run
 * with that request's environment (API keys, base URLs), so your agents use the same providers
 * and aliases as every other runner. Outside a webhook run it reads `process.env`.
 */
export function agentmarkModel(models: ModelRegistry, modelName: string): AgentConfig["model"] {
  return (({ requestContext }: { requestContext: RequestContext }) => {
    const fromRun = requestContext?.get(ENV_KEY) as (() => EnvVars) | undefined;
    const env = fromRun ? fromRun() : ((globalThis as { process?: ProcessLike }).process?.env ?? {});
    return models.languageModel(modelName, env);
  }) as unknown as AgentConfig["model"];
}

/** Agents the user already has, by the prompt name (frontmatter `name`) or the `model_name` that selects them. */
export interface RegisteredAgents {
  prompts?: Readonly<Record<string, Agent>>;
  models?: Readonly<Record<string, Agent>>;
}

export function registeredAgent(agents: RegisteredAgents | undefined, promptName: string, modelName: string): Agent | undefined {
  const byPrompt = agents?.prompts && Object.hasOwn(agents.prompts, promptName) ? agents.prompts[promptName] : undefined;
  if (byPrompt) return byPrompt;
  return agents?.models && Object.hasOwn(agents.models, modelName) ? agents.models[modelName] : undefined;
}

/** The one `Mastra` instance the built agents belong to, made on first use (never at module load). */
export function lazyMastra(options: { mastra?: Mastra; logger?: IMastraLogger }): () => Mastra {
  let instance = options.mastra;
  return () => (instance ??= new Mastra({ logger: options.logger ?? noopLogger }));
}

export interface BuiltAgentInput {
  name: string;
  instructions: string | undefined;
  model: Exclude<LanguageModel, string>;
  tools: ToolSet | undefined;
  mastra: Mastra;
}

export function buildAgent({ name, instructions, model, tools, mastra }: BuiltAgentInput): Agent {
  return new Agent({
    id: "agentmark",
    name: name || "agentmark",
    instructions: instructions ?? "",
    model: model as never,
    tools: (tools ?? {}) as never,
    mastra,
  });
}
