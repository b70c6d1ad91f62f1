/**
 * Starts the fakes of the outside world (model providers, AgentMark API, Slack) on
 * 127.0.0.1 before any test file, and hands their origin to the tests.
 */
import type { TestProject } from "vitest/node";
import { startFakes } from "./server";

export default async function setup(project: TestProject) {
  const fakes = await startFakes();
  project.provide("fakesOrigin", fakes.origin);
  return async () => {
    await fakes.close();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    fakesOrigin: string;
  }
}
