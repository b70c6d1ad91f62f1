/**
 * Deno and Deno Deploy: `npm run build && deno task start` (see deno.json). A `deno serve`
 * module: the default export's `fetch` serves the one bundle. Permissions: network, and
 * read access to the environment variables the webhook uses (`--allow-env=<names>`); a
 * variable outside that list reads as unset. No file, subprocess or FFI access.
 */
import app from "../dist/index.js";

export default {
  fetch: (request: Request) => app.fetch(request),
};
