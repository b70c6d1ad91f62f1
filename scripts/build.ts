/**
 * npm run build — the ONE bundle: `src/index.ts` (the app with the runners of
 * `src/agentmark.config.ts`) as a single ESM file `dist/index.js` whose default export has
 * `fetch`. Every platform serves this same file: workerd, Deno, Bun, Node and Vercel
 * (see `runtimes/`). Web-standard APIs only: the build fails if anything in the bundle
 * imports a Node built-in or any other module at run time.
 *
 * Also writes `dist/meta.json` (esbuild's metafile: what is in the bundle and how big).
 */
import { build, type Metafile, type Plugin } from "esbuild";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

export const OUTFILE = "dist/index.js";
export const NODE_ENTRY = "dist/node.js";

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
      return { path: resolve("scripts/zod-locales-en.ts") };
    });
  },
};

/** `sourcemap`: also write dist/index.js.map (for profiles, `npm run bench:profile`). */
export async function buildBundle({ quiet = false, sourcemap = false } = {}): Promise<{ bytes: number; gzipBytes: number }> {
  await rm("dist", { recursive: true, force: true });
  await mkdir("dist", { recursive: true });
  const result = await build({
    entryPoints: ["src/index.ts"],
    outfile: OUTFILE,
    bundle: true,
    format: "esm",
    // Resolve packages the way wrangler does for workerd: web builds, including packages'
    // `browser` file maps (OpenTelemetry swaps its Node platform code out through them).
    platform: "browser",
    target: "es2022",
    conditions: ["workerd", "worker", "edge-light", "browser", "import"],
    mainFields: ["browser", "module", "main"],
    // Text modules, as wrangler.toml's [[rules]] bundle them for the Worker (datasets).
    loader: { ".jsonl": "text" },
    metafile: true,
    // As wrangler.toml does for the Worker: `minify = true`, `keep_names = false`, `[alias]`.
    minify: true,
    keepNames: false,
    plugins: [zodEnglishOnly],
    legalComments: "none",
    sourcemap,
    sourcesContent: false,
    logLevel: quiet ? "silent" : "warning",
  });
  const imports = runtimeImports(result.metafile);
  if (imports.length > 0) {
    throw new Error(
      `The bundle must not import anything at run time (it runs on workerd, Deno, Bun, Node and Vercel Edge), but it imports: ${imports.join(", ")}`,
    );
  }
  await writeFile("dist/meta.json", JSON.stringify(result.metafile));
  await buildNodeEntry(quiet);
  const source = readFileSync(OUTFILE);
  return { bytes: source.length, gzipBytes: gzipSync(source, { level: 9 }).length };
}

/**
 * `dist/node.js`: runtimes/node.ts as plain JavaScript (what `npm run start:node` runs), so a
 * Node server does not strip TypeScript types at every start. It imports the bundle next to it
 * and @hono/node-server from node_modules.
 */
async function buildNodeEntry(quiet: boolean): Promise<void> {
  await build({
    entryPoints: ["runtimes/node.ts"],
    outfile: NODE_ENTRY,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    packages: "external",
    external: ["../dist/index.js"],
    logLevel: quiet ? "silent" : "warning",
  });
}

function runtimeImports(meta: Metafile): string[] {
  const out = new Set<string>();
  for (const output of Object.values(meta.outputs)) for (const imp of output.imports) out.add(imp.path);
  return [...out];
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("scripts/build.ts")) {
  buildBundle()
    .then(({ bytes, gzipBytes }) => {
      console.log(`${OUTFILE}: ${(bytes / 1024).toFixed(1)} KiB (${(gzipBytes / 1024).toFixed(1)} KiB gzip)`);
    })
    .catch((err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    });
}
