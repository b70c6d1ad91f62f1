/**
 * npm run build — the ONE bundle: `src/index.ts` (the app with the runners of
 * `src/agentmark.config.ts`) as a single ESM file `dist/index.js` whose default export has
 * `fetch`. Every platform serves this same file: workerd, Deno, Bun, Node and Vercel
 * (see `runtimes/`). Web-standard APIs only: the build fails if anything in the bundle
 * imports a Node built-in or any other module at run time.
 *
 * A configuration with a runner that needs Node's built-ins (Mastra) is built for the server
 * runtimes instead: `npm run build -- --platform node` (Node, Bun and Deno serve it with the
 * same entries); `--entry <file>` builds another entry (e.g. examples/mastra/index.ts) and
 * `--outfile <file>` writes elsewhere. Only `node:` built-ins may then stay imports (plus
 * optional packages that dependencies load lazily and do without).
 *
 * What each build contains is decided by its entry's one config file:
 *
 * | build | command | entry → config | runs on |
 * |---|---|---|---|
 * | edge (default) | `npm run build` | `src/index.ts` → `src/agentmark.config.ts` | every runtime, Workers included |
 * | process | `npm run build:process` (`--entry src/process.ts --platform node`) | `src/process.ts` → `src/agentmark.process.config.ts`: the edge config plus runners that need an OS process (Claude Agent SDK), and `POST /runner` | Node, Bun, Deno |
 * | Mastra example | `npm run build -- --entry examples/mastra/index.ts --platform node` | `examples/mastra/agentmark.config.ts` | Node, Bun, Deno |
 *
 * The process build does not bundle the Claude Agent SDK: it loads it at run time from its
 * optional install folder (docs/claude-agent-sdk.md).
 *
 * Also writes `meta.json` next to the bundle (esbuild's metafile: what is in it and how big).
 */
import { build, type BuildOptions as EsbuildOptions, type Metafile, type Plugin } from "esbuild";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { builtinModules } from "node:module";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";

export const OUTFILE = "dist/index.js";
export const NODE_ENTRY = "dist/node.js";
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export interface BuildOptions {
  quiet?: boolean;
  /** Default `src/index.ts`. */
  entry?: string;
  /** Default `dist/index.js`. */
  outfile?: string;
  /** `web` (default): every runtime, Workers included. `node`: Node, Bun and Deno, Node built-ins allowed. */
  platform?: "web" | "node";
  /** Also write the bundle's source map (for profiles, `npm run bench:profile`). */
  sourcemap?: boolean;
  /** Default true. Unminified, the bundle shows which modules are evaluated at start (test/helpers/start-path.ts). */
  minify?: boolean;
}

/**
 * wrangler.toml's `[alias] "../locales/index.js"` for this build: zod's locales in English only
 * (scripts/zod-locales-en.ts). wrangler's alias matches that import path from any module, so the
 * build refuses to go on if anything but zod imports it (it would get zod's locale too).
 */
const zodEnglishOnly: Plugin = {
  name: "zod-english-only",
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => {
      if (!/[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)) {
        return { errors: [{ text: `${args.importer} imports "../locales/index.js", which wrangler.toml aliases to zod's English locale` }] };
      }
      return { path: resolve(REPO_ROOT, "scripts/zod-locales-en.ts") };
    });
  },
};

/**
 * wrangler.toml's `[alias] "@ai-sdk/gateway"` for the web build: the AI SDK's default provider
 * for string model ids, which this template never passes (scripts/ai-gateway-stub.ts). Node
 * builds keep the real package (a Mastra configuration may route through it).
 */
const aiGatewayLeftOut: Plugin = {
  name: "ai-gateway-left-out",
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^@ai-sdk\/gateway$/ }, () => ({ path: resolve(REPO_ROOT, "scripts/ai-gateway-stub.ts") }));
  },
};

/**
 * wrangler.toml's `[alias] "@opentelemetry/api"` for the web build: the package's own ES module
 * build. Its exports map offers that build only under the bundler-specific "module" condition, so
 * web builds (which name their conditions) would otherwise get its CommonJS build, evaluated in
 * full at start (44 modules) and reached through interop getters.
 */
const otelApiAsEsm: Plugin = {
  name: "otel-api-as-esm",
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^@opentelemetry\/api$/ }, () => ({ path: resolve(REPO_ROOT, "node_modules/@opentelemetry/api/build/esm/index.js") }));
  },
};

/** Node built-ins as `node:` imports, which Node, Bun and Deno all resolve. */
const nodeBuiltins: Plugin = {
  name: "node-builtins",
  setup(b) {
    const names = new Set(builtinModules.filter((m) => !m.startsWith("_")));
    b.onResolve({ filter: /^[a-z_/:]+$/ }, (args) => {
      const bare = args.path.replace(/^node:/, "");
      return names.has(bare) || names.has(bare.split("/")[0]!) ? { path: `node:${bare}`, external: true } : undefined;
    });
  },
};

export interface BuildResult {
  bytes: number;
  gzipBytes: number;
  /** The source files in the bundle (esbuild's metafile inputs). */
  inputs: string[];
}

/**
 * The esbuild options of a build of `entry` for `platform`, without where it is written:
 * `buildBundle` adds `outfile`; bench/cold-start-options.ts adds `outdir` and `splitting` to
 * measure a split build with exactly these settings.
 */
export function bundleOptions({ entry = "src/index.ts", platform = "web", sourcemap = false, minify = true, quiet = false }: Omit<BuildOptions, "outfile"> = {}): EsbuildOptions & { metafile: true } {
  const forNode = platform === "node";
  return {
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    ...(forNode
      ? {
          platform: "node",
          target: "node22",
          conditions: ["node", "import"],
          mainFields: ["module", "main"],
          plugins: [nodeBuiltins, zodEnglishOnly],
          // CommonJS dependencies inside an ES module still call require() for built-ins.
          banner: { js: 'import { createRequire as __amCreateRequire } from "node:module"; const require = __amCreateRequire(import.meta.url);' },
        }
      : {
          // Resolve packages the way wrangler does for workerd: web builds, including packages'
          // `browser` file maps (OpenTelemetry swaps its Node platform code out through them).
          platform: "browser",
          target: "es2022",
          conditions: ["workerd", "worker", "edge-light", "browser", "import"],
          mainFields: ["browser", "module", "main"],
          plugins: [zodEnglishOnly, aiGatewayLeftOut, otelApiAsEsm],
        }),
    // Text modules, as wrangler.toml's [[rules]] bundle them for the Worker (datasets).
    loader: { ".jsonl": "text" },
    metafile: true,
    // As wrangler.toml does for the Worker: `minify = true`, `keep_names = false`, `[alias]`.
    minify,
    keepNames: false,
    legalComments: "none",
    sourcemap,
    sourcesContent: false,
    logLevel: quiet ? "silent" : "warning",
  };
}

export async function buildBundle({ quiet = false, entry = "src/index.ts", outfile = OUTFILE, platform = "web", sourcemap = false, minify = true }: BuildOptions = {}): Promise<BuildResult> {
  if (outfile === OUTFILE) await rm("dist", { recursive: true, force: true });
  await mkdir(dirname(outfile), { recursive: true });
  const forNode = platform === "node";
  const result = await build({ ...bundleOptions({ quiet, entry, platform, sourcemap, minify }), outfile }).catch((err: unknown) => {
    if (!forNode && /built into node|nodejs_compat|Could not resolve "(node:)?[a-z_]+"/.test(String((err as Error).message))) {
      throw new Error(`${(err as Error).message}\nThis configuration needs Node's built-ins (a Mastra runner does): build it for Node, Bun and Deno with \`npm run build -- --platform node\` (docs/mastra.md).`);
    }
    throw err;
  });
  // For Node: built-ins, and optional packages a dependency loads lazily inside a try
  // (`ws` → bufferutil, Mastra → @react-email/render), which fail softly when absent.
  const imports = runtimeImports(result.metafile)
    .filter((imp) => !(forNode && (imp.path.startsWith("node:") || imp.kind === "dynamic-import" || imp.kind === "require-call")))
    .map((imp) => imp.path);
  if (imports.length > 0) {
    throw new Error(
      `The bundle must not import anything at run time (it runs on workerd, Deno, Bun, Node and Vercel Edge), but it imports: ${imports.join(", ")}`,
    );
  }
  await writeFile(join(dirname(outfile), "meta.json"), JSON.stringify(result.metafile));
  if (basename(outfile) === "index.js") await buildNodeEntry(join(dirname(outfile), "node.js"), quiet);
  const source = readFileSync(outfile);
  return { bytes: source.length, gzipBytes: gzipSync(source, { level: 9 }).length, inputs: Object.keys(result.metafile.inputs) };
}

/**
 * `dist/node.js` (`node.js` next to any `index.js` bundle): runtimes/node.ts as plain
 * JavaScript (what `npm run start:node` runs), so a Node server does not strip TypeScript types
 * at every start. It imports the bundle next to it and @hono/node-server from node_modules.
 */
async function buildNodeEntry(outfile: string, quiet: boolean): Promise<void> {
  await build({
    entryPoints: [resolve(REPO_ROOT, "runtimes/node.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    packages: "external",
    external: ["../dist/index.js"],
    logLevel: quiet ? "silent" : "warning",
  });
}

function runtimeImports(meta: Metafile): Array<{ path: string; kind: string }> {
  const out = new Map<string, { path: string; kind: string }>();
  for (const output of Object.values(meta.outputs)) for (const imp of output.imports) out.set(`${imp.kind} ${imp.path}`, imp);
  return [...out.values()];
}

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("scripts/build.ts")) {
  const outfile = flag("outfile") ?? OUTFILE;
  const platform = flag("platform") === "node" ? "node" : "web";
  buildBundle({ entry: flag("entry") ?? "src/index.ts", outfile, platform })
    .then(({ bytes, gzipBytes }) => {
      console.log(`${outfile}: ${(bytes / 1024).toFixed(1)} KiB (${(gzipBytes / 1024).toFixed(1)} KiB gzip)${platform === "node" ? ", for Node, Bun and Deno" : ""}`);
    })
    .catch((err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    });
}
