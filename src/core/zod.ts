/**
 * zod for our own schemas, through its functional API (`zod/mini`): the same library, checks
 * and messages as `import { z } from "zod"`, with functions where the classic API has methods
 * (`z.optional(s)` for `s.optional()`). The classic API gives every schema ~50 method closures
 * and costs every cold start its evaluation (~20 ms in Node); the AI SDK loads it when it
 * needs it. Mini does not register English messages by itself (classic does): done here.
 */
import { z } from "zod/mini";

z.config(z.locales.en());

export { z };
