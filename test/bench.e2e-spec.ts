import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The bench must keep running and writing its file; how fast it is is for `npm run bench` to say. */
describe('npm run bench -- --quick', () => {
  it('runs every scenario and writes the results file', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'continuum-bench-')), 'latest.json');
    const run = spawnSync('npm', ['run', 'bench', '--', '--quick', '--out', out], {
      cwd: join(__dirname, '..'),
      encoding: 'utf8',
      env: { ...process.env, NX_DAEMON: 'false' },
      timeout: 180_000,
    });
    expect(run.status).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    expect(result.mode).toBe('quick');
    expect(result.machine).toMatchObject({ cpus: expect.any(Number), node: process.version });
    for (const name of ['raw_bullmq_noop_per_s', 'raw_pg_insert_rows_per_s', 'import_10k_rows_s', 'graduates_list_p95_ms']) {
      expect(result.metrics[name]).toMatchObject({ value: expect.any(Number), unit: expect.any(String) });
      expect(result.metrics[name].value).toBeGreaterThan(0);
    }
    expect(run.stdout).toContain('raw_bullmq_noop_per_s');
    expect(run.stdout).toContain('graduates_list_p95_ms');
  }, 200_000);
});
