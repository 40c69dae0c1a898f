import { spawn } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { message, scratch, sh, tree } from './__fixtures__/repo.ts';
import { publish } from './publish.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const child = join(import.meta.dirname, '__fixtures__/publish-child.ts');
const FILES = 300;
const KILLS = 20;

/**
 * Runs the child publish in ONE node process (tsx as a loader: the `tsx` binary would run the
 * script in a grandchild that a SIGKILL of its parent does not reach) and SIGKILLs its whole
 * process group after `delayMs` (or lets it finish).
 */
function runChild(repo: string, delayMs?: number): Promise<{ killed: boolean; ms: number }> {
  return new Promise((done) => {
    const start = Date.now();
    const p = spawn(process.execPath, ['--import', 'tsx', child, repo, 'b', String(FILES)], {
      cwd: ROOT,
      stdio: 'ignore',
      detached: true,
    });
    const kill = () => {
      try {
        process.kill(-(p.pid ?? 0), 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = delayMs === undefined ? undefined : setTimeout(kill, delayMs);
    p.on('exit', (_code, signal) => {
      if (timer) clearTimeout(timer);
      done({ killed: signal === 'SIGKILL', ms: Date.now() - start });
    });
  });
}

describe('publishing is atomic when the process is killed at any moment', () => {
  const s = scratch();
  const base = join(s.dir, 'base');
  let oldCommit = '';
  let newTree = '';
  let fullRunMs = 0;

  beforeAll(async () => {
    await publish({ files: tree(FILES, 'a'), target: base, message });
    oldCommit = sh(base, 'rev-parse', 'main').trim();
    const reference = join(s.dir, 'reference');
    cpSync(base, reference, { recursive: true });
    fullRunMs = (await runChild(reference)).ms;
    newTree = sh(reference, 'rev-parse', 'main^{tree}').trim();
  });
  afterAll(() => s.cleanup());

  it(`leaves history old-or-new, never partial, for ${KILLS} kill points; the next run completes the tree`, async () => {
    const outcomes = { before: 0, after: 0, killed: 0 };
    for (let i = 0; i < KILLS; i++) {
      const repo = join(s.dir, `kill-${i}`);
      cpSync(base, repo, { recursive: true });
      const delay = Math.round(((i + 1) * fullRunMs) / KILLS);
      if ((await runChild(repo, delay)).killed) outcomes.killed++;
      sh(repo, 'fsck', '--no-dangling', '--no-progress');
      const head = sh(repo, 'rev-parse', 'main').trim();
      if (head === oldCommit) outcomes.before++;
      else {
        expect(sh(repo, 'rev-parse', 'main^').trim(), `kill at ${delay} ms`).toBe(oldCommit);
        expect(sh(repo, 'rev-parse', 'main^{tree}').trim(), `kill at ${delay} ms`).toBe(newTree);
        outcomes.after++;
      }
      await publish({ files: tree(FILES, 'b'), target: repo, message, lockTimeoutMs: 5_000 });
      expect(sh(repo, 'rev-parse', 'main^{tree}').trim()).toBe(newTree);
      expect(sh(repo, 'status', '--porcelain'), `working tree after kill at ${delay} ms`).toBe('');
      expect(sh(repo, 'rev-list', '--count', 'main').trim()).toBe('2');
    }
    expect(outcomes.before + outcomes.after).toBe(KILLS);
    expect(outcomes.before).toBeGreaterThan(0);
    // the kills really interrupted publishing runs (a run that finished first was not killed)
    expect(outcomes.killed, JSON.stringify(outcomes)).toBeGreaterThan(0);
  });
});
