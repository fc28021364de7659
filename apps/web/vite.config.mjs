// The coordinator dashboard. Built into dist/apps/web and served by the API under /app;
// `npx nx serve web` runs Vite on :5173 and forwards the API's routes to API_URL (default :3000).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.API_URL ?? 'http://localhost:3000';
// Every top-level path the API answers that the dashboard calls.
const apiPrefixes = [
  'auth', 'graduates', 'contacts', 'programs', 'alerts', 'check-ins', 'check-in-plans', 'check-in-enrolments',
  'meeting-series', 'meeting-occurrences', 'family-sessions', 'deliveries', 'outbox', 'templates', 'reports',
  'worklist', 'caseload', 'broadcasts', 'staff',
];

export default defineConfig({
  root,
  base: '/app/',
  build: {
    outDir: fileURLToPath(new URL('../../dist/apps/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    rolldownOptions: {
      // react-router marks its entry "use client" for React Server Components; a plain SPA bundle has none.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    port: 5173,
    proxy: Object.fromEntries(apiPrefixes.map((p) => [`^/${p}(/|\\?|$)`, { target: api, changeOrigin: false }])),
  },
});
