/**
 * What an unminified single-file esbuild bundle evaluates when it starts. A module reached
 * through `import()` (and whatever only it imports) is wrapped in a lazy initialiser,
 * `var init_x = __esm({ "path"() { … } })`; modules that run at start call theirs at top
 * level (`init_x();`), which runs the initialisers they call in turn.
 */
export interface StartPath {
  /** Source paths (relative to the repository) of every lazily wrapped module. */
  wrapped: Set<string>;
  /** Those whose initialiser runs at start. */
  initialisedAtStart: Set<string>;
}

export function startPath(bundle: string): StartPath {
  const wrappers = new Map<string, { path: string; body: string }>();
  for (const match of bundle.matchAll(/^var (init_\w+) = __esm\(\{\n {2}"([^"]+)"\(\) \{\n([\s\S]*?)\n\}\);$/gm)) {
    wrappers.set(match[1]!, { path: match[2]!, body: match[3]! });
  }
  const calledIn = (code: string, topLevelOnly: boolean) =>
    [...code.matchAll(topLevelOnly ? /^(init_\w+)\(\);$/gm : /^\s*(init_\w+)\(\);$/gm)].map((m) => m[1]!);
  const started = new Set<string>();
  const queue = calledIn(bundle, true);
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (started.has(name)) continue;
    started.add(name);
    queue.push(...calledIn(wrappers.get(name)?.body ?? "", false));
  }
  return {
    wrapped: new Set([...wrappers.values()].map((w) => w.path)),
    initialisedAtStart: new Set([...started].map((name) => wrappers.get(name)?.path ?? name)),
  };
}
