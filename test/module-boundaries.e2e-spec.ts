import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** The Nx tags are only worth having if lint refuses a wrong arrow; prove it does. */
describe('module boundaries', () => {
  const root = join(__dirname, '..');

  // ESLint runs in a child process: its flat config is an ES module, which jest's VM cannot load.
  async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
    const run = spawnSync(
      join(root, 'node_modules/.bin/eslint'),
      ['--stdin', '--stdin-filename', join(root, filePath), '--format', 'json'],
      { cwd: root, input: code, encoding: 'utf8' },
    );
    // The Nx plugin may print a notice (e.g. about rebuilding its project graph) before the report.
    const report = run.stdout.slice(run.stdout.indexOf('[{'));
    const [result] = JSON.parse(report) as { messages: { ruleId: string | null; message: string }[] }[];
    return result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
  }

  it('keeps the domain free of frameworks and of data access', async () => {
    const errors = await boundaryErrors(
      'libs/domain/src/index.ts',
      "import { Injectable } from '@nestjs/common';\nimport { ENTITIES } from '@continuum/persistence';\nexport const x = [Injectable, ENTITIES];\n",
    );
    expect(errors).toHaveLength(2);
    expect(errors[0]).toBe('A project tagged with "type:domain" is not allowed to import "@nestjs/common"');
    // persistence already imports the domain, so Nx reports the cycle before the tag rule; either refuses the arrow.
    expect(errors[1]).toMatch(
      /^(A project tagged with "type:domain" can only depend on libs tagged with "type:domain", "type:util"|Circular dependency between "domain" and "persistence")/,
    );
  });

  it('keeps test helpers out of the apps', async () => {
    const errors = await boundaryErrors(
      'apps/api/src/main.ts',
      "import { testConfig } from '@continuum/testing';\nexport const x = testConfig;\n",
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('type:app');
  });

  it('accepts an arrow the rules allow', async () => {
    const errors = await boundaryErrors(
      'libs/persistence/src/index.ts',
      "import { NotFoundError } from '@continuum/domain';\nexport const x = NotFoundError;\n",
    );
    expect(errors).toEqual([]);
  });
});
