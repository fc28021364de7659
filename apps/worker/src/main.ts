import 'reflect-metadata';
import { ConfigError, loadConfig } from '@continuum/config';
import { createWorker } from './create-worker';

createWorker(loadConfig()).catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
