/** The AI SDK runner passes the runner conformance suite against the fake OpenAI (inside workerd), on both OpenAI APIs. */
import { createAiSdkRunner, openaiFromEnv } from "../../../src/runners/ai-sdk";
import { describeRunnerConformance, OPENAI_MODEL_FLAGS } from "../../conformance/runner-conformance";
import { FAKE_KEY, fakeEnv, origin } from "./helpers";

for (const [api, provider] of [
  ["Responses API", "openai"],
  ["Chat Completions", "openai.chat"],
] as const) {
  describeRunnerConformance({
    name: `ai-sdk, ${api}`,
    create: ({ tools }) => createAiSdkRunner({ providers: { openai: openaiFromEnv }, tools }),
    model: (behaviour) => `${provider}/${OPENAI_MODEL_FLAGS[behaviour]}`,
    env: fakeEnv,
    upstream: { origin, secret: FAKE_KEY },
  });
}
