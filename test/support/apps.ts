import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from '@continuum/config';
import { createApi } from '../../apps/api/src/create-api';
import { createWorker } from '../../apps/worker/src/create-worker';

/** The real API application (real pipes, filters, Postgres and Redis), initialised but not listening. */
export async function startApi(config: AppConfig): Promise<NestExpressApplication> {
  const app = await createApi(config);
  await app.init();
  return app;
}

/** The real worker; schedules off unless asked, so tests drive ticks themselves. */
export async function startWorker(config: AppConfig, options: { schedules?: boolean } = {}): Promise<INestApplicationContext> {
  return createWorker(config, { schedules: options.schedules ?? false });
}

/** A TCP port nobody listens on right now, for an app whose public URL must be known before it starts. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
