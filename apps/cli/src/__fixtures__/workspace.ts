import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { run } from '../main.ts';
import type { SourceHooks } from '../publish.ts';

export const workspaceRoot = resolve(import.meta.dirname, '../../../..');

/** A scratch directory with a copy of the default inventory; removed by `cleanup`. */
export function scratch(): { dir: string; inventory: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'gen-gitops-'));
  const inventory = join(dir, 'gitops');
  cpSync(join(workspaceRoot, 'gitops'), inventory, { recursive: true });
  return { dir, inventory, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Edits one inventory file with a text transformation. */
export function edit(inventory: string, file: string, change: (text: string) => string): void {
  const path = join(inventory, file);
  writeFileSync(path, change(readFileSync(path, 'utf8')));
}

/**
 * Runs the command like a user would, capturing stdout, stderr and the exit code. These tests
 * are about the inventory, the tree and publishing, so they pass `--no-render` unless asked to
 * render; rendering and the fleet checks have their own suite (render.test.ts).
 */
export async function cli(
  args: string[],
  cwd = workspaceRoot,
  opts: { render?: boolean; source?: SourceHooks['source'] } = {},
): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const argv =
    opts.render || args.includes('--render') || args.includes('--no-render')
      ? args
      : [...args, '--no-render'];
  const code = await run(
    argv,
    { out: (s) => out.push(s), err: (s) => err.push(s), isTTY: false },
    cwd,
    opts.source ? { source: opts.source } : {},
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}
