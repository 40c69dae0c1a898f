import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A scratch directory; HOME points at an empty folder so no global git config is used. */
export function scratch(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'publisher-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function sh(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, HOME: cwd, GIT_CONFIG_NOSYSTEM: '1' },
  });
}

/** A map of `n` files spread over folders, with content depending on `version`. */
export function tree(n: number, version: string): Map<string, string> {
  const files = new Map<string, string>();
  for (let i = 0; i < n; i++)
    files.set(`clusters/c${i % 10}/components/x${i}/values.yaml`, `v: ${version}\ni: ${i}\n`);
  files.set('README.md', `# tree ${version}\n`);
  return files;
}

export const message = (changes: { added: string[]; changed: string[]; removed: string[] }) =>
  `update\n\n${changes.added.length} added, ${changes.changed.length} changed, ${changes.removed.length} removed\n`;
