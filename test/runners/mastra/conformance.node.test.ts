/** The Mastra runner passes the runner conformance suite against the fake OpenAI (in Node), on both OpenAI APIs. */
import { createMastraRunner } from "../../../src/runners/mastra";
import { createModelRegistry } from "../../../src/runners/toolkit";
import { openaiFromEnv } from "../../../src/runners/toolkit/openai";
import { describeRunnerConformance, OPENAI_MODEL_FLAGS } from "../../conformance/runner-conformance";
import { FAKE_KEY, fakeEnv, origin } from "./helpers";

const models = createModelRegistry({ providers: { openai: openaiFromEnv } });

for (const [api, provider] of [
  ["Responses API", "openai"],
  ["Chat Completions", "openai.chat"],
] as const) {
  describeRunnerConformance({
    name: `mastra, ${api}`,
    create: ({ tools }) => createMastraRunner({ models, tools }),
    model: (behaviour) => `${provider}/${OPENAI_MODEL_FLAGS[behaviour]}`,
    env: fakeEnv,
    upstream: { origin, secret: FAKE_KEY },
    timeout: 15_000,
  });
}
