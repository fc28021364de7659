# syntax=docker/dockerfile:1
# Build context: the repository root (docker build -f docker/api.Dockerfile .)
FROM node:20-bookworm-slim AS build
WORKDIR /repo
COPY package.json package-lock.json ./
# `npm install` installs the locked versions; `npm ci` refuses this lockfile (it lists only the
# Linux builds of platform-specific optional packages, see .ci/run).
RUN npm install --no-audit --no-fund
COPY . .
ENV NX_DAEMON=false NX_NO_CLOUD=true
RUN npx nx run-many -t build -p api web --outputStyle=static

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
# Nx writes the app's own package.json and lockfile beside the bundle: install only those.
COPY --from=build /repo/dist/apps/api/package.json /repo/dist/apps/api/package-lock.json ./
RUN npm install --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /repo/dist/apps/api/ ./
# The coordinator dashboard, served by the API under /app.
COPY --from=build /repo/dist/apps/web/ ./web/
ENV WEB_DIST_DIR=/app/web
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --retries=3 CMD node -e "fetch('http://127.0.0.1:3000/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--enable-source-maps", "main.js"]
