import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';

export const DASHBOARD_PATH = '/app';

/**
 * Serves the built dashboard (apps/web) under /app: hashed assets cached for a year, every other
 * GET under /app answered with index.html (the client-side router takes it from there), and /
 * sent to /app/. When the dashboard was not built, /app says how to build it instead of a bare 404.
 */
export function mountDashboard(app: NestExpressApplication, directory: string): void {
  const root = resolve(directory);
  const index = join(root, 'index.html');
  const built = existsSync(index);
  app.use(DASHBOARD_PATH, express.static(root, { index: false, immutable: true, maxAge: '365d', fallthrough: true }));
  app.use(DASHBOARD_PATH, (request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    if (!built) {
      response.status(404).type('text/plain').send('The dashboard is not built: run `npx nx build web` (npm start does it).');
      return;
    }
    // Asset paths that did not match a file are real 404s, not the app shell.
    if (request.path.startsWith('/assets/')) return next();
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(index);
  });
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (request.method === 'GET' && request.path === '/') return response.redirect(302, `${DASHBOARD_PATH}/`);
    next();
  });
}
