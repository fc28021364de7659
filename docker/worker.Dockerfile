# syntax=docker/dockerfile:1
# Build context: the repository root (docker build -f docker/worker.Dockerfile .)
FROM node:20-bookworm-slim AS build
WORKDIR /repo
COPY package.json package-lock.json ./
# `npm install` installs the locked versions; `npm ci` refuses this lockfile (it lists only the
# Linux builds of platform-specific optional packages, see .ci/run).
RUN npm install --no-audit --no-fund
COPY . .
ENV NX_DAEMON=false NX_NO_CLOUD=true
RUN npx nx build worker --outputStyle=static

FROM node:20-bookworm-slim AS runtime
# V8 grows its heap lazily: uncapped, the worker's resident set reached 337 MB draining a backlog
# at ~2,000 sends a second; capped, 185 MB at the same rate (bench/README.md, "Worker memory").
# Set NODE_OPTIONS yourself to change it (scripts/start.mjs and the bench use the same default).
ENV NODE_ENV=production NODE_OPTIONS=--max-old-space-size=192
WORKDIR /app
# Nx writes the app's own package.json and lockfile beside the bundle: install only those.
COPY --from=build /repo/dist/apps/worker/package.json /repo/dist/apps/worker/package-lock.json ./
RUN npm install --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /repo/dist/apps/worker/ ./
USER node

CMD ["node", "--enable-source-maps", "main.js"]
