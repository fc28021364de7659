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
      // The HTTP load figures take ~15 s of it (2 s warm-up + 2 s per GET endpoint, 200 answers).
      timeout: 270_000,
    });
    expect(run.status).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    expect(result.mode).toBe('quick');
    expect(result.machine).toMatchObject({ cpus: expect.any(Number), node: process.version });
    expect(result.load).toMatchObject({ start: expect.any(Array), end: expect.any(Array) });
    const metrics = [
      'raw_bullmq_noop_per_s',
      'raw_pg_insert_rows_per_s',
      'import_10k_rows_s',
      'graduates_list_p95_ms',
      'dispatch_per_s',
      'dispatch_http_per_s',
      'lateness_p99_ms',
      'backlog_drain_ratio',
      'enrol_10k_graduates_s',
      'answer_to_alert_p99_ms',
      'invite_5k_alumni_s',
      'broadcast_10k_s',
      'worklist_p95_ms',
      'nightly_rollup_s',
      'timeline_p95_ms',
      'cohort_report_p95_ms',
      'csv_export_100k_s',
      'http_graduates_list_rps',
      'http_graduates_list_p99_ms',
      'http_timeline_rps',
      'http_timeline_p99_ms',
      'http_checkin_submit_rps',
      'http_checkin_submit_p99_ms',
      'worker_peak_rss_mb',
    ];
    for (const name of metrics) {
      expect(result.metrics[name]).toMatchObject({ value: expect.any(Number), unit: expect.any(String) });
      expect(result.metrics[name].value).toBeGreaterThan(0);
      expect(run.stdout).toContain(name);
    }
    expect(result.metrics.lateness_p99_ms.details[0]).toMatchObject({ p50_ms: expect.any(Number), deliveries: 400 });
    // What the dispatch cost each side, per delivery, read from /proc: both did work.
    const cpu = result.metrics.dispatch_per_s.details[0];
    expect(cpu.cpu_us_node).toBeGreaterThan(0);
    expect(cpu.cpu_us_postgres).toBeGreaterThan(0);
    expect(cpu.cpu_us_total).toBe(cpu.cpu_us_node + cpu.cpu_us_postgres + cpu.cpu_us_redis);
    expect(result.metrics.enrol_10k_graduates_s.details[0].checkIns).toBeGreaterThan(200);
    expect(result.metrics.answer_to_alert_p99_ms.details[0]).toMatchObject({ p50: expect.any(Number), answers: 20 });
    expect(result.metrics.invite_5k_alumni_s.details[0]).toMatchObject({ invited: 300, delivered: 300 });
    expect(result.metrics.broadcast_10k_s.details[0]).toMatchObject({ recipients: 300, delivered: 300, send_s: expect.any(Number) });
    expect(result.metrics.worklist_p95_ms.details[0]).toMatchObject({ p50_ms: expect.any(Number), requests: 20 });
    expect(result.metrics.worklist_p95_ms.details[0].items).toBeGreaterThan(0);
    expect(result.metrics.backlog_drain_ratio.details[0]).toMatchObject({ seconds: expect.any(Number), deliveries: 1_000, failed_jobs: 0 });
    // The worker process's memory from the same drain: read from /proc (a Node process holds tens
    // of MB before it does anything), and the drain's peak is no lower than the kernel's
    // high-water mark or what the worker held when it was ready.
    const memory = result.metrics.backlog_drain_ratio.details[0];
    expect(result.metrics.worker_peak_rss_mb).toMatchObject({ unit: 'MB', value: memory.worker_peak_rss_mb });
    expect(memory.worker_ready_rss_mb).toBeGreaterThan(20);
    expect(memory.worker_hwm_rss_mb).toBeGreaterThanOrEqual(memory.worker_ready_rss_mb);
    expect(memory.worker_peak_rss_mb).toBeGreaterThanOrEqual(memory.worker_hwm_rss_mb);
    expect(result.metrics.nightly_rollup_s.details[0]).toMatchObject({ first_s: expect.any(Number), rerun_s: expect.any(Number), scores: 500 });
    expect(result.metrics.timeline_p95_ms.details[0]).toMatchObject({ p50_ms: expect.any(Number), requests: 50 });
    expect(result.metrics.cohort_report_p95_ms.details[0]).toMatchObject({ rates_p95_ms: expect.any(Number), retention_p95_ms: expect.any(Number) });
    // The quick run exports the last quarter of 20,000 events spread over a year.
    expect(result.metrics.csv_export_100k_s.details[0].rows).toBeGreaterThanOrEqual(4_750);
    // Load figures: every request answered 2xx; a rate and a p99 from the same runs.
    for (const endpoint of ['graduates_list', 'timeline', 'checkin_submit']) {
      const [run] = result.metrics[`http_${endpoint}_rps`].details;
      expect(run).toMatchObject({ non2xx: 0, errors: 0, p50_ms: expect.any(Number) });
      expect(run.requests).toBeGreaterThan(0);
      expect(result.metrics[`http_${endpoint}_p99_ms`].value).toBe(run.p99_ms);
      expect(run.p99_ms).toBeGreaterThanOrEqual(run.p50_ms);
    }
    expect(result.metrics.http_graduates_list_rps.details[0].kb_per_s).toBeGreaterThan(0);
    expect(result.metrics.http_timeline_rps.details[0].kb_per_s).toBeGreaterThan(0);
    // Exactly one answer per single-use token, each the thanks page.
    expect(result.sizes.loadAnswers).toBe(200);
    expect(result.metrics.http_checkin_submit_rps.details[0]).toMatchObject({ requests: 200, non2xx: 0 });
  }, 290_000);
});
