/**
 * Model names → `provider/model`, without any SDK. Resolution order:
 *   1. exact aliases (`"gpt-4o": "openai/gpt-4o"`),
 *   2. pattern aliases, in order (`[/^claude-(.*)$/, (m) => \`anthropic/claude-${m[1]}\`]`),
 *   3. `provider/model` with a known provider (`openai/gpt-4o-mini`), or `provider.api/model`
 *      to pick one of the provider's model factories by name (`openai.chat/gpt-4o-mini`).
 */
import { ConfigurationError } from "../../core/errors";

export type AliasTarget = string | ((match: RegExpMatchArray) => string);
export type AliasRule = readonly [pattern: string | RegExp, target: AliasTarget];
/** `{ "gpt-4o": "openai/gpt-4o" }` or `[["gpt-4o", "openai/gpt-4o"], [/^o\d/, (m) => \`openai/${m[0]}\`]]`. */
export type Aliases = Readonly<Record<string, string>> | readonly AliasRule[];

export interface ResolvedModelName {
  provider: string;
  /** A named model factory of the provider (`chat` in `openai.chat/<id>`). */
  api?: string;
  modelId: string;
}

export class ModelNames {
  private readonly exact = new Map<string, AliasTarget>();
  private readonly patterns: Array<readonly [RegExp, AliasTarget]> = [];

  /** @param providers the provider names this resolver knows (`openai`, `anthropic`, …) */
  constructor(
    private readonly providers: ReadonlySet<string>,
    aliases: Aliases = {},
  ) {
    for (const name of providers) {
      if (name.includes("/") || name.includes(".")) {
        throw new ConfigurationError(`Provider name '${name}' must not contain '/' or '.'.`);
      }
    }
    const rules: readonly AliasRule[] = Array.isArray(aliases)
      ? (aliases as readonly AliasRule[])
      : Object.entries(aliases as Record<string, string>);
    for (const [pattern, target] of rules) {
      if (typeof pattern === "string") this.exact.set(pattern, target);
      else this.patterns.push([pattern, target]);
    }
  }

  get providerNames(): string[] {
    return [...this.providers];
  }

  /** True when `modelName` is an alias or a `provider/model` name of a known provider. */
  handles(modelName: string): boolean {
    return this.tryResolve(modelName) !== undefined;
  }

  /** The provider and model id a model name stands for, or a `ConfigurationError` naming the model. */
  resolve(modelName: string): ResolvedModelName {
    const parsed = this.tryResolve(modelName);
    if (parsed) return parsed;
    const aliased = this.applyAlias(modelName);
    const via = aliased !== undefined && aliased !== modelName ? ` (alias of '${aliased}')` : "";
    throw new ConfigurationError(
      `Model '${modelName}'${via} is not available: use 'provider/model' with a registered provider or add an alias. Registered providers: ${
        this.providerNames.join(", ") || "(none)"
      }.`,
    );
  }

  tryResolve(modelName: string): ResolvedModelName | undefined {
    return this.parse(this.applyAlias(modelName) ?? modelName);
  }

  private applyAlias(modelName: string): string | undefined {
    const exact = this.exact.get(modelName);
    if (exact !== undefined) {
      return typeof exact === "string" ? exact : exact(modelName.match(/^.*$/s)!);
    }
    for (const [pattern, target] of this.patterns) {
      pattern.lastIndex = 0;
      const match = modelName.match(pattern);
      if (match) return typeof target === "string" ? target : target(match);
    }
    return undefined;
  }

  private parse(name: string): ResolvedModelName | undefined {
    const slash = name.indexOf("/");
    if (slash <= 0 || slash === name.length - 1) return undefined;
    const head = name.slice(0, slash);
    const modelId = name.slice(slash + 1);
    if (this.providers.has(head)) return { provider: head, modelId };
    const dot = head.indexOf(".");
    if (dot > 0 && dot < head.length - 1) {
      const provider = head.slice(0, dot);
      if (this.providers.has(provider)) return { provider, api: head.slice(dot + 1), modelId };
    }
    return undefined;
  }
}
