import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '@continuum/config';
import { DEMO_LOGINS, seedDemo } from '@continuum/identity';
import { populateDemo } from './demo-populator';
import { createDataSource, ensureDatabase, pendingSchemaChanges, runMigrations } from '@continuum/persistence';

const USAGE = `Usage: continuum-cli <command>
  db:create              create the database named by DATABASE_URL if it does not exist
  db:migrate             apply pending migrations
  db:check               exit 1 if the entities need a migration the tree does not have
  db:seed-demo           migrate, then create the demo organisation, its logins and people if missing
  db:generate <Name>     write libs/persistence/src/migrations/<timestamp>-<name>.ts from the entity diff`;

async function main(argv: string[]): Promise<number> {
  const [command, arg] = argv;
  const config = loadConfig();
  if (command === 'db:create') {
    const created = await ensureDatabase(config.DATABASE_URL);
    console.log(created ? 'database created' : 'database already exists');
    return 0;
  }
  if (!['db:migrate', 'db:check', 'db:generate', 'db:seed-demo'].includes(command ?? '')) {
    console.error(USAGE);
    return 2;
  }
  const dataSource = await createDataSource(config, 'continuum-cli').initialize();
  try {
    if (command === 'db:migrate') {
      const applied = await runMigrations(dataSource);
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'no pending migrations');
      return 0;
    }
    if (command === 'db:seed-demo') {
      await runMigrations(dataSource);
      const created = await seedDemo(dataSource, config.DEMO_PASSWORD, populateDemo);
      console.log(
        created
          ? `demo organisation created; sign in as ${DEMO_LOGINS.coordinator} or ${DEMO_LOGINS.admin} with DEMO_PASSWORD`
          : 'demo organisation already exists',
      );
      return 0;
    }
    const { up, down } = await pendingSchemaChanges(dataSource);
    if (command === 'db:check') {
      if (up.length === 0) {
        console.log('schema matches the entities');
        return 0;
      }
      console.error(`the entities need a migration:\n${up.join(';\n')}`);
      return 1;
    }
    if (!arg || !/^[A-Z][A-Za-z0-9]+$/.test(arg)) {
      console.error('db:generate needs a PascalCase name, e.g. db:generate AddGraduates');
      return 2;
    }
    if (up.length === 0) {
      console.log('no changes: nothing generated');
      return 0;
    }
    const timestamp = Date.now();
    const file = join(process.cwd(), 'libs/persistence/src/migrations', `${timestamp}-${kebab(arg)}.ts`);
    writeFileSync(file, migrationSource(`${arg}${timestamp}`, up, down));
    console.log(`wrote ${file}; add it to MIGRATIONS in libs/persistence/src/migrations/index.ts`);
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

function migrationSource(className: string, up: string[], down: string[]): string {
  const lines = (queries: string[]) => queries.map((q) => `    await queryRunner.query(${q.includes("`") || q.includes("${") || q.includes("\\") ? JSON.stringify(q) : `\`${q}\``});`).join('\n');
  return `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${lines(up)}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${lines(down)}
  }
}
`;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  },
);
