import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';

/**
 * A built app (`dist/apps/<name>/main.js`) in a process of its own, as it is deployed, its output
 * appended to `log`. Only PATH and HOME pass through from this process's environment: the app
 * sees the settings given and its own defaults, nothing of the caller's. `exited` resolves when
 * the process is gone, whatever the reason.
 */
export function spawnBuiltApp(bundle: string, env: Record<string, string>, log: string): { child: ChildProcess; exited: Promise<void> } {
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: build it first (npx nx build <app>)`);
  const fd = openSync(log, 'a');
  const child = spawn(process.execPath, ['--enable-source-maps', bundle], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  return { child, exited: new Promise<void>((resolve) => child.once('exit', () => resolve())) };
}

/** The last lines of a log file, for an error message; `(no log)` when there is none. */
export function tailFile(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
