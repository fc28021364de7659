import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnBuiltApp, tailFile } from '@continuum/testing';

interface Slot {
  index: number;
  process: ChildProcess;
  startedAt: number;
  log: string;
  /** Set when we killed it (SIGKILL) or asked it to stop; any other exit is a crash. */
  expectedExit: boolean;
  exited: Promise<void>;
}

/**
 * `count` worker processes (`node dist/apps/worker/main.js`), each restarted as soon as it dies.
 * Each generation of each slot logs to its own file in `logDir`.
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private generation = 0;
  private stopping = false;
  /** Exits we did not cause, with the tail of the log: a worker should only ever die when killed. */
  readonly crashes: { log: string; code: number | null; signal: NodeJS.Signals | null }[] = [];

  constructor(
    private readonly bundle: string,
    private readonly env: Record<string, string>,
    private readonly count: number,
    private readonly logDir: string,
  ) {
    if (!existsSync(bundle)) throw new Error(`${bundle} is missing: build the worker first (npx nx build worker)`);
  }

  start(): void {
    for (let i = 0; i < this.count; i += 1) this.slots[i] = this.spawn(i);
  }

  /** Kills a random worker that has been up at least `minUpMs` with SIGKILL; resolves once it is dead and its successor spawned. */
  async killRandom(random: () => number, minUpMs: number): Promise<boolean> {
    const now = Date.now();
    const candidates = this.slots.filter((s) => now - s.startedAt >= minUpMs && s.process.exitCode === null && !s.expectedExit);
    if (candidates.length === 0) return false;
    const victim = candidates[Math.floor(random() * candidates.length)];
    victim.expectedExit = true;
    victim.process.kill('SIGKILL');
    await victim.exited;
    return true;
  }

  /** SIGTERM to every worker (a graceful close); SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    this.stopping = true;
    for (const slot of this.slots) {
      slot.expectedExit = true;
      if (slot.process.exitCode === null) slot.process.kill('SIGTERM');
    }
    const timer = setTimeout(() => {
      for (const slot of this.slots) if (slot.process.exitCode === null) slot.process.kill('SIGKILL');
    }, graceMs);
    await Promise.all(this.slots.map((s) => s.exited));
    clearTimeout(timer);
  }

  get logs(): string[] {
    return this.slots.map((s) => s.log);
  }

  private spawn(index: number): Slot {
    this.generation += 1;
    const log = join(this.logDir, `worker-${index}-${this.generation}.log`);
    const { child, exited } = spawnBuiltApp(this.bundle, this.env, log);
    const slot: Slot = { index, process: child, startedAt: Date.now(), log, expectedExit: false, exited };
    child.once('exit', (code, signal) => {
      if (!slot.expectedExit) this.crashes.push({ log: tailFile(log, 20), code, signal });
      // A worker that crashes at boot (a bad setting) would be restarted forever: give up after a few.
      if (!this.stopping && this.crashes.length <= 5) this.slots[index] = this.spawn(index);
    });
    return slot;
  }
}

