# syntax=docker/dockerfile:1
# Build context: the repository root (docker build -f docker/worker.Dockerfile .)
FROM node:20-bookworm-slim AS build
WORKDIR /repo
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
ENV NX_DAEMON=false NX_NO_CLOUD=true
RUN npx nx build worker --outputStyle=static

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
# Nx writes the app's own package.json and lockfile beside the bundle: install only those.
COPY --from=build /repo/dist/apps/worker/package.json /repo/dist/apps/worker/package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /repo/dist/apps/worker/ ./
USER node

CMD ["node", "--enable-source-maps", "main.js"]
