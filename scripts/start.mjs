#!/usr/bin/env node
// `npm start`: checks that Postgres and Redis answer, builds the API and the worker, creates the
// database when missing, then runs both processes (the API applies migrations as it boots).
// Ctrl-C (or SIGTERM) stops both gracefully.
import { spawn, spawnSync } from 'node:child_process';
import { connect } from 'node:net';

const env = { ...process.env };
// With no provider credentials every message lands in the local outbox, and the demo's
// minutes-apart check-in plan sends several texts in five minutes: the production caps (one
// routine SMS a day per person) would hold all but the first. Raise them for the outbox only,
// unless set; with real Twilio or SMTP credentials the safe defaults stand.
const outboxOnly = !env.TWILIO_ACCOUNT_SID && !env.SMTP_URL;
const demoCaps = { SMS_PER_DAY: '20', SMS_PER_WEEK: '60', EMAIL_PER_DAY: '20', EMAIL_PER_WEEK: '60' };
if (outboxOnly) for (const [name, value] of Object.entries(demoCaps)) env[name] ??= value;
const databaseUrl = new URL(env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/continuum');
const redisUrl = new URL(env.REDIS_URL || 'redis://127.0.0.1:6379');

function reachable(host, port) {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
  });
}

const checks = [
  ['PostgreSQL', databaseUrl.hostname, Number(databaseUrl.port || 5432), 'DATABASE_URL',
    "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start   (or: docker compose -f docker/compose.yml up -d postgres)"],
  ['Redis', redisUrl.hostname, Number(redisUrl.port || 6379), 'REDIS_URL',
    'redis-server --daemonize yes --port 6379   (or: docker compose -f docker/compose.yml up -d redis)'],
];
let missing = false;
for (const [name, host, port, variable, howTo] of checks) {
  if (!(await reachable(host, port))) {
    missing = true;
    console.error(`✗ ${name} is not reachable at ${host}:${port} (${variable}).\n  Start it with: ${howTo}`);
  }
}
if (missing) process.exit(1);

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run('npx', ['nx', 'run-many', '-t', 'build', '-p', 'api', 'worker', 'web', '--outputStyle=static']);
run('node', ['dist/apps/api/cli.js', 'db:create']);
run('node', ['dist/apps/api/cli.js', 'db:seed-demo']);

// The worker's heap cap, as in docker/worker.Dockerfile (see there), unless NODE_OPTIONS is set.
const WORKER_NODE_OPTIONS = '--max-old-space-size=192';
const children = ['api', 'worker'].map((name) => {
  const own = name === 'worker' && !env.NODE_OPTIONS ? { NODE_OPTIONS: WORKER_NODE_OPTIONS } : {};
  const child = spawn('node', ['--enable-source-maps', `dist/apps/${name}/main.js`], { stdio: 'inherit', env: { ...env, ...own } });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${name} exited (${signal ?? code}); stopping the other process`);
      stop(code ?? 1);
    }
  });
  return child;
});

let stopping = false;
function stop(code = 0) {
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null))).then(() =>
    process.exit(code),
  );
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
console.log(
  `Continuum: API on http://localhost:${env.API_PORT || 3000} (docs at /docs), worker running. Ctrl-C stops both.\n` +
    `Demo sign-in: coordinator@demo.continuum.test or admin@demo.continuum.test, password ${env.DEMO_PASSWORD ? '$DEMO_PASSWORD' : 'continuum-demo-2026'}` +
    (outboxOnly ? `\nNo Twilio or SMTP credentials: messages go to the local outbox (GET /outbox), with per-person caps of ${env.SMS_PER_DAY} SMS / ${env.EMAIL_PER_DAY} emails a day for the demo.` : ''),
);
