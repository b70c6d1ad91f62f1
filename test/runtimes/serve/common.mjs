/** The variables a platform would hand the webhook (secrets, settings, fakes' origin). */
const NAMES = /^(AGENTMARK_|ALERT_|OPENAI_|ANTHROPIC_|FAKES_ORIGIN$)/;

export function bindingsFromEnv() {
  const out = {};
  for (const [name, value] of Object.entries(process.env)) if (NAMES.test(name) && value !== undefined) out[name] = value;
  return out;
}

export function printListening(url) {
  console.log(JSON.stringify({ level: "info", event: "listening", url }));
}
