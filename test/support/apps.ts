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
