import { serve } from "@hono/node-server";
import { verifyApp } from "./verify-app";

serve({ fetch: verifyApp().fetch, hostname: "127.0.0.1", port: Number(process.env.PORT) });
