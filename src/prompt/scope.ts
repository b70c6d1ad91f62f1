/**
 * Variables visible to expressions, plus the state of the `If`/`ElseIf`/`Else` chain of
 * the siblings rendered in this scope.
 */
export class Scope {
  /** Whether a branch of the current conditional chain has rendered. */
  chainMet = false;

  constructor(
    private readonly variables: Readonly<Record<string, unknown>>,
    private readonly parent?: Scope,
  ) {}

  get(name: string): unknown {
    if (Object.hasOwn(this.variables, name)) return this.variables[name];
    return this.parent?.get(name);
  }

  child(variables: Readonly<Record<string, unknown>> = {}): Scope {
    return new Scope(variables, this);
  }
}
