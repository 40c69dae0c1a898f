import { createHash } from 'node:crypto';
import { git } from './git.ts';

/** The record of the files the generator owns, committed in the repository itself. */
export const OWNED_FILES_PATH = '.gen-gitops/owned-files';

/** Git's blob id of a content, computed in process (no git call per file). */
export function blobSha(content: string): string {
  const body = Buffer.from(content, 'utf8');
  return createHash('sha1').update(`blob ${body.length}\0`).update(body).digest('hex');
}

export async function treeListing(dir: string, commit: string | undefined): Promise<Map<string, string>> {
  if (!commit) return new Map();
  const out = await git(dir, ['ls-tree', '-r', '-z', '--full-tree', commit]);
  const map = new Map<string, string>();
  for (const entry of out.split('\0')) {
    if (!entry) continue;
    const tab = entry.indexOf('\t');
    const [, , sha] = entry.slice(0, tab).split(' ');
    map.set(entry.slice(tab + 1), sha!);
  }
  return map;
}

export async function ownedAt(dir: string, commit: string | undefined): Promise<Set<string>> {
  if (!commit) return new Set();
  try {
    const text = await git(dir, ['show', `${commit}:${OWNED_FILES_PATH}`]);
    return new Set(text.split('\n').filter(Boolean));
  } catch {
    return new Set();
  }
}
