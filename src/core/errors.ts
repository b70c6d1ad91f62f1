/**
 * Failures of the deployment's own configuration (not of the caller, not of a provider):
 * an unknown model or tool, a runner that cannot run a kind, a missing or invalid setting.
 * `handlers/errors.ts` maps them to a status; nothing else does.
 */
export class ConfigurationError extends Error {
  override readonly name: string = "ConfigurationError";
}

/** A required setting is absent from the environment. The message names the variable only. */
export class MissingSettingError extends ConfigurationError {
  override readonly name = "MissingSettingError";
  constructor(readonly setting: string) {
    super(
      `${setting} is not configured. Set it as a secret (\`wrangler secret put ${setting}\`, or .dev.vars for local development).`,
    );
  }
}
