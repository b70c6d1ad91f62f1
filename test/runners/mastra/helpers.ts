/** Shared setup of the Mastra runner tests (Node: Mastra does not run in the default Worker). */
import { inject } from "vitest";
import type { EnvVars } from "../../../src/core/env";

export const origin = inject("fakesOrigin");
export const FAKE_KEY = "sk-test-mastra-key-0123456789abcdef";
export const fakeEnv: EnvVars = { OPENAI_API_KEY: FAKE_KEY, OPENAI_BASE_URL: `${origin}/openai/v1` };

export interface Recorded {
  path: string;
  body: string;
}

/** Requests the fake received whose body contains `marker`. */
export async function requestsWith(marker: string): Promise<Recorded[]> {
  const all = (await (await fetch(`${origin}/_control/requests`)).json()) as Recorded[];
  return all.filter((r) => r.body.includes(marker));
}
