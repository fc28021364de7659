import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '@continuum/config';
import { WorkerModule } from './worker.module';

/** Builds the worker: an application context (no HTTP) running processors and ticks. */
export async function createWorker(
  config: AppConfig,
  options: { schedules?: boolean } = {},
): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, options), {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  app.enableShutdownHooks();
  await app.init();
  return app;
}
