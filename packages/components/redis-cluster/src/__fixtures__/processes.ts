import { type ChildProcess, spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { createServer } from 'node:net';
import { type ClientTls, RespConnection } from './resp.ts';

/** A free TCP port on loopback (the OS picks it; it is released before use). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` every `everyMs` until it returns a value (not undefined) or `timeoutMs` passes. */
export async function pollUntil<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs: number,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`,
      );
    }
    await sleep(everyMs);
  }
}

/** A process started by a test; every one is killed by {@link ProcessGroup.killAll}. */
export interface Started {
  child: ChildProcess;
  exited: Promise<number | null>;
}

/** Tracks the processes a test suite starts, so `afterAll` can end all of them, even on failure. */
export class ProcessGroup {
  private readonly running = new Set<Started>();

  /**
   * Starts `command args` with exactly `env`, its output appended to `logFile`, in a process
   * group of its own: what it starts in the background (start.sh's certificate watcher) ends
   * with it.
   */
  start(
    command: string,
    args: readonly string[],
    env: NodeJS.ProcessEnv,
    logFile: string,
    cwd?: string,
  ): Started {
    const log = openSync(logFile, 'a');
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', log, log], detached: true });
    const exited = new Promise<number | null>((resolve) => {
      child.once('exit', (code) => resolve(code));
      child.once('error', () => resolve(null));
    });
    const started = { child, exited };
    this.running.add(started);
    void exited.then(() => this.running.delete(started));
    return started;
  }

  /** SIGKILLs every process still running, with its process group, and waits (bounded). */
  async killAll(): Promise<void> {
    const all = [...this.running];
    for (const p of all) killGroup(p);
    await Promise.race([Promise.all(all.map((p) => p.exited)), sleep(5000)]);
  }
}

/** SIGKILLs a started process and the process group it leads (its background children). */
export function killGroup(p: Started): void {
  try {
    if (p.child.pid !== undefined) process.kill(-p.child.pid, 'SIGKILL');
  } catch {
    p.child.kill('SIGKILL');
  }
}

/** Runs a command to completion with a timeout; resolves with its exit code and output. */
export function run(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
  cwd?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += String(d);
    });
    child.stderr.on('data', (d) => {
      stderr += String(d);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Waits until a server on loopback answers an authenticated PING (over TLS when `tls` is given). */
export async function waitForPong(
  port: number,
  password: string,
  timeoutMs = 10_000,
  tls?: ClientTls,
  host = '127.0.0.1',
): Promise<void> {
  await pollUntil(
    `PONG on ${host}:${port}`,
    async () => {
      const conn = await RespConnection.open(host, port, 500, tls);
      try {
        await conn.call(['AUTH', password]);
        return (await conn.call(['PING'])) === 'PONG' ? true : undefined;
      } finally {
        conn.close();
      }
    },
    timeoutMs,
    100,
  );
}
