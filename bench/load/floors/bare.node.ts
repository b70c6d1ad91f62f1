import { serve } from "@hono/node-server";
import { bareApp } from "./bare-app";

serve({ fetch: bareApp().fetch, hostname: "127.0.0.1", port: Number(process.env.PORT) });
