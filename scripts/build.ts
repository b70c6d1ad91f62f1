/**
 * npm run build — the two builds, each one minified ESM file whose default export has `fetch`:
 *
 * | build | entry → output | runs on | may import at run time |
 * |---|---|---|---|
 * | edge | `src/index.ts` → `dist/index.js` | workerd, Deno, Vercel (Edge and Node), and any runtime below | nothing |
 * | process | `src/process.ts` → `dist/process.js` | Node, Bun (`runtimes/node.ts`, `runtimes/bun.ts`) | Node built-ins, and the optional Claude Agent SDK from its install folder |
 *
 * What each build contains is decided by its config: the edge build by
 * `src/agentmark.config.ts`; the process build by `src/agentmark.process.config.ts`, which
 * is the edge config plus runners that need an OS process (the Claude Agent SDK spawns one)
 * and the `/runner` endpoint through which an edge deployment uses them. The edge build
 * fails if anything in it would import a Node built-in or any other module at run time.
 *
 * Also writes `dist/meta.json` / `dist/process.meta.json` (esbuild's metafiles: what is in
 * each bundle and how big).
 */
import { build, type BuildOptions, type Metafile } from "esbuild";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { builtinModules } from "node:module";
import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";

export interface BuildTarget {
  entry: string;
  outfile: string;
  metafile: string;
  /** What the bundle may still import when it runs; anything else fails the build. */
  allowedImport: (path: string) => boolean;
  /** Why an import is refused (the end of the error message). */
  rule: string;
  esbuild: BuildOptions;
}

const NODE_BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

const shared: BuildOptions = {
  bundle: true,
  format: "esm",
  target: "es2022",
  // Text modules, as wrangler.toml's [[rules]] bundle them for the Worker (datasets).
  loader: { ".jsonl": "text" },
  metafile: true,
  // As wrangler.toml's `minify = true` does for the Worker (wrangler keeps names too).
  minify: true,
  keepNames: true,
  legalComments: "none",
};

export const BUILDS = {
  edge: {
    entry: "src/index.ts",
    outfile: "dist/index.js",
    metafile: "dist/meta.json",
    allowedImport: () => false,
    rule: "the edge bundle runs on workerd, Deno, Bun, Node and Vercel Edge, so it must not import anything at run time",
    esbuild: {
      // Resolve packages the way wrangler does for workerd: web builds, including packages'
      // `browser` file maps (OpenTelemetry swaps its Node platform code out through them).
      platform: "browser",
      conditions: ["workerd", "worker", "edge-light", "browser", "import"],
      mainFields: ["browser", "module", "main"],
    },
  },
  process: {
    entry: "src/process.ts",
    outfile: "dist/process.js",
    metafile: "dist/process.meta.json",
    allowedImport: (path) => NODE_BUILTINS.has(path),
    rule: "the process bundle may import Node built-ins only (the Claude Agent SDK is loaded from its install folder at run time)",
    esbuild: {
      platform: "node",
      conditions: ["node", "import"],
      // ESM output has no `require`; some dependencies call it for Node built-ins.
      banner: { js: 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);' },
    },
  },
} as const satisfies Record<string, BuildTarget>;

export type BuildName = keyof typeof BUILDS;

export interface BuildResult {
  outfile: string;
  bytes: number;
  gzipBytes: number;
  /** The source files in the bundle (esbuild's metafile inputs). */
  inputs: string[];
}

export async function buildTarget(name: BuildName, { quiet = false, outfile }: { quiet?: boolean; outfile?: string } = {}): Promise<BuildResult> {
  const target: BuildTarget = BUILDS[name];
  const out = outfile ?? target.outfile;
  const result = await build({
    ...shared,
    ...target.esbuild,
    entryPoints: [target.entry],
    outfile: out,
    logLevel: quiet ? "silent" : "warning",
  });
  const refused = runtimeImports(result.metafile!).filter((path) => !target.allowedImport(path));
  if (refused.length > 0) throw new Error(`${target.entry}: ${target.rule}, but it imports: ${refused.join(", ")}`);
  if (!outfile) await writeFile(target.metafile, JSON.stringify(result.metafile));
  const source = readFileSync(out);
  return { outfile: out, bytes: source.length, gzipBytes: gzipSync(source, { level: 9 }).length, inputs: Object.keys(result.metafile!.inputs) };
}

/** The edge bundle, `dist/index.js` (what every runtime can serve). */
export async function buildBundle({ quiet = false } = {}): Promise<BuildResult> {
  await mkdir("dist", { recursive: true });
  return buildTarget("edge", { quiet });
}

/** Both builds into a fresh `dist/`. */
export async function buildAll({ quiet = false } = {}): Promise<BuildResult[]> {
  await rm("dist", { recursive: true, force: true });
  await mkdir("dist", { recursive: true });
  return Promise.all((Object.keys(BUILDS) as BuildName[]).map((name) => buildTarget(name, { quiet })));
}

function runtimeImports(meta: Metafile): string[] {
  const out = new Set<string>();
  for (const output of Object.values(meta.outputs)) for (const imp of output.imports) out.add(imp.path);
  return [...out];
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("scripts/build.ts")) {
  buildAll()
    .then((results) => {
      for (const { outfile, bytes, gzipBytes } of results) {
        console.log(`${outfile}: ${(bytes / 1024).toFixed(1)} KiB (${(gzipBytes / 1024).toFixed(1)} KiB gzip)`);
      }
    })
    .catch((err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    });
}
