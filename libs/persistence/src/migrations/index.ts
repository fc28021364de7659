import type { MigrationInterface } from 'typeorm';
import { Init1795427030384 } from './1795427030384-init';

/** Every migration, in order. `npm run db:generate -- <Name>` writes a new one; add it here. */
export const MIGRATIONS: Array<new () => MigrationInterface> = [Init1795427030384];
