import { formatIssue, type Issue } from '@platform/errors';
import { createTwoFilesPatch } from 'diff';
import type { TreeDiff } from './tree-io.ts';

/** Groups a repo path by cluster and component: `clusters/<cluster>/...<component>...`. */
export type PathDescriber = (path: string) => { cluster?: string; component?: string };

function groupKey(describe: PathDescriber, path: string): string {
  const d = describe(path);
  if (d.cluster && d.component) return `${d.cluster} / ${d.component}`;
  if (d.cluster) return `${d.cluster}`;
  if (d.component) return `(all clusters) / ${d.component}`;
  return '(shared)';
}

/** `{ group: [ [kind, path], ... ] }`, groups and paths sorted. */
export function groupChanges(diff: TreeDiff, describe: PathDescriber): Map<string, [string, string][]> {
  const groups = new Map<string, [string, string][]>();
  const add = (kind: string, p: string) => {
    const k = groupKey(describe, p);
    const list = groups.get(k) ?? [];
    list.push([kind, p]);
    groups.set(k, list);
  };
  for (const p of diff.added) add('added', p);
  for (const p of diff.changed) add('changed', p);
  for (const p of diff.removed) add('removed', p);
  return new Map([...groups].sort(([a], [b]) => a.localeCompare(b)));
}

/** One line per differing file, grouped by cluster and component. */
export function formatSummary(diff: TreeDiff, describe: PathDescriber): string {
  const lines: string[] = [];
  for (const [group, entries] of groupChanges(diff, describe)) {
    lines.push(`${group}:`);
    for (const [kind, p] of entries.sort((a, b) => a[1].localeCompare(b[1])))
      lines.push(`  ${kind.padEnd(8)} ${p}`);
  }
  return lines.join('\n');
}

/** Unified diffs grouped by cluster and component (`old` is the directory, `next` the generated tree). */
export function formatDiff(
  diff: TreeDiff,
  old: ReadonlyMap<string, string>,
  next: ReadonlyMap<string, string>,
  describe: PathDescriber,
): string {
  const out: string[] = [];
  for (const [group, entries] of groupChanges(diff, describe)) {
    out.push(`=== ${group}`);
    for (const [, p] of entries) {
      out.push(
        createTwoFilesPatch(`a/${p}`, `b/${p}`, old.get(p) ?? '', next.get(p) ?? '', '', '', {
          context: 3,
        }).trimEnd(),
      );
    }
  }
  return out.join('\n');
}

/**
 * One issue for people: like `formatIssue`, with the file written `file:line:column` when the
 * position is known (the form editors and terminals turn into a link to the spot).
 */
export function formatLocatedIssue(i: Issue & { line?: number; column?: number }): string {
  if (!i.file || i.line === undefined) return formatIssue(i);
  return formatIssue({ ...i, file: `${i.file}:${i.line}:${i.column ?? 1}` });
}
