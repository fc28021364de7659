import 'reflect-metadata';
import { ConfigError, loadConfig } from '@continuum/config';
import { createApi } from './create-api';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApi(config);
  await app.listen(config.API_PORT, config.API_HOST);
}

main().catch((error: unknown) => {
  // Before the logger exists, say plainly what stopped the boot.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
