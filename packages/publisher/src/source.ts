import { resolve } from 'node:path';
import { git, revParse } from './git.ts';

/**
 * HEAD of the source repository (the monorepo) and whether the tree it generated differs from
 * that commit: uncommitted changes to tracked files, or untracked files under `inputs` (the
 * inventory, our charts), which a new cluster file usually is. An input outside the repository
 * is not in any commit of it, so it counts as dirty too.
 */
export async function sourceCommitOf(
  dir: string,
  inputs: readonly string[] = [],
): Promise<{ sha: string; dirty: boolean }> {
  const sha = (await revParse(dir, 'HEAD')) ?? 'unknown';
  let dirty = false;
  try {
    const top = resolve((await git(dir, ['rev-parse', '--show-toplevel'])).trim());
    const abs = inputs.map((p) => resolve(dir, p));
    const inside = abs.filter((p) => p === top || p.startsWith(`${top}/`));
    dirty =
      inside.length < abs.length ||
      (await git(dir, ['status', '--porcelain', '--untracked-files=no'])).trim() !== '' ||
      (inside.length > 0 &&
        (await git(top, ['status', '--porcelain', '--untracked-files=all', '--', ...inside]))
          .split('\n')
          .some((l) => l.startsWith('??')));
  } catch {
    dirty = false;
  }
  return { sha, dirty };
}
