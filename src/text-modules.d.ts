/** `.jsonl` files are bundled as text (wrangler.toml [[rules]], vitest and esbuild loaders). */
declare module "*.jsonl" {
  const text: string;
  export default text;
}
