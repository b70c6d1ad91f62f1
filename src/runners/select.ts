/**
 * Which configured runner runs a prompt. The candidates are the runners that serve its
 * model name and its kind:
 *   1. a route for the prompt's name (`routes: { "support-triage": "mastra" }`) picks that runner;
 *   2. else a single candidate runs it;
 *   3. else, with several, `defaultRunner` picks (`defaultRunner: "mastra"`: "I use Mastra");
 *   4. else the configuration is ambiguous: an error that says what to add — never a silent pick.
 */
import { ConfigurationError } from "../core/errors";
import { modelNameOf, type CompiledPrompt } from "../prompt/types";
import { supportsKind, unsupportedKind } from "./dispatch";
import type { Runner } from "./types";

export interface Routing {
  /** The runner that runs every prompt several runners could run (by runner name). */
  defaultRunner?: string;
  /** Prompt name (frontmatter `name`) → the runner that runs it. */
  routes?: Readonly<Record<string, string>>;
}

const CONFIG_FILE = "src/agentmark.config.ts";

function byName(runners: readonly Runner[], name: string, where: string): Runner {
  const named = runners.filter((r) => r.name === name);
  const names = runners.map((r) => r.name).join(", ");
  if (named.length === 0) throw new ConfigurationError(`${where} names runner "${name}", which is not in runners (configured: ${names}).`);
  if (named.length > 1) throw new ConfigurationError(`${where} names runner "${name}", but ${named.length} runners have that name.`);
  return named[0]!;
}

/** Checked once at startup (`defineConfig`): every runner the routing names exists, exactly once. */
export function checkRouting(runners: readonly Runner[], routing: Routing): void {
  if (routing.defaultRunner !== undefined) byName(runners, routing.defaultRunner, `${CONFIG_FILE}: defaultRunner`);
  for (const [prompt, runner] of Object.entries(routing.routes ?? {})) byName(runners, runner, `${CONFIG_FILE}: routes["${prompt}"]`);
}

export function selectRunner(runners: readonly Runner[], prompt: CompiledPrompt, routing: Routing = {}): Runner {
  const model = modelNameOf(prompt);
  const serving = runners.filter((r) => r.handles(model));
  const route = routing.routes && Object.hasOwn(routing.routes, prompt.name) ? routing.routes[prompt.name] : undefined;
  if (route !== undefined) {
    const runner = byName(runners, route, `${CONFIG_FILE}: routes["${prompt.name}"]`);
    if (!serving.includes(runner)) {
      throw new ConfigurationError(`Prompt "${prompt.name}" is routed to runner "${route}" (routes in ${CONFIG_FILE}), which does not serve model "${model}".`);
    }
    if (!supportsKind(runner, prompt.kind)) throw unsupportedKind(runner, prompt.kind);
    return runner;
  }
  if (serving.length === 0) {
    const names = runners.map((r) => r.name).join(", ");
    throw new ConfigurationError(
      `No runner serves model "${model}" (configured runners: ${names}). Use a model name one of them handles, e.g. "local/echo" or "openai/gpt-4o-mini", or add a runner in ${CONFIG_FILE}.`,
    );
  }
  const candidates = serving.filter((r) => supportsKind(r, prompt.kind));
  if (candidates.length === 0) throw unsupportedKind(serving[0]!, prompt.kind);
  if (candidates.length === 1) return candidates[0]!;
  const preferred = routing.defaultRunner !== undefined ? candidates.find((r) => r.name === routing.defaultRunner) : undefined;
  if (preferred) return preferred;
  const names = candidates.map((r) => r.name);
  const promptName = prompt.name || "(unnamed)";
  throw new ConfigurationError(
    `Model "${model}" (${prompt.kind} prompt "${promptName}") is served by more than one runner: ${names.join(", ")}. Say which one runs it in ${CONFIG_FILE}: defaultRunner: "${names[1]}" (every prompt they can both run), or routes: { "${promptName}": "${names[1]}" } (this prompt only), or keep only one of these runners.`,
  );
}
