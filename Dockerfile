# The process build on Node with the Claude Agent SDK runner: the deployment a Worker hands
# `claude/*` prompts to (docs/remote-runner.md), or a webhook on its own.
#
#   docker build -t agentmark-claude-runner .
#   docker run -p 8787:8787 -e AGENTMARK_RUNNER_SECRET=… -e ANTHROPIC_API_KEY=… agentmark-claude-runner
#
# Add -e AGENTMARK_WEBHOOK_SECRET=… to also serve AgentMark's webhook directly.

FROM node:22.23.3-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# The process build: src/process.ts (the default config plus the Claude runner) → dist/index.js.
RUN npm run build:process
# The SDK and the Claude Code executable for this image's platform, from their own lockfile.
RUN npm run claude:install

FROM node:22.23.3-bookworm-slim
WORKDIR /app
# Only what the server runs: the bundle (it has every dependency inside), its entry, the
# entry's HTTP server (@hono/node-server and hono), and the SDK with its executable.
COPY --from=build /app/dist/index.js /app/dist/node.js ./dist/
COPY --from=build /app/node_modules/@hono/node-server ./node_modules/@hono/node-server
COPY --from=build /app/node_modules/hono ./node_modules/hono
COPY --from=build /app/optional/claude-agent-sdk ./optional/claude-agent-sdk
# dist/node.js (runtimes/node.ts compiled by the build, what `npm run start:node` runs) is an ES module.
RUN echo '{"type":"module"}' > package.json
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8787
# Each Claude run gets its own folder under the OS temp dir, removed afterwards.
USER node
EXPOSE 8787
CMD ["node", "dist/node.js"]
