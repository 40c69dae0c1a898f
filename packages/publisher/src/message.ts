/** What a publish changes, by path. */
export interface TreeChanges {
  added: string[];
  changed: string[];
  removed: string[];
}

export interface CommitMessageInput {
  changes: TreeChanges;
  /** Groups a path for the message, e.g. `agentic-prod-usw2/cilium`. */
  describe: (path: string) => { group: string };
  sourceCommit: string;
  dirty: boolean;
  generator: { name: string; version: string };
  /**
   * How the tree was checked before commit, as a `Rendered:` trailer, e.g. `1234 objects in 48
   * sources checked` or `skipped (--no-render)`; no trailer when undefined.
   */
  rendered?: string;
}

const SUBJECT_MAX = 72;

function fitted(prefix: string, items: readonly string[]): string {
  let out = `${prefix}${items[0] ?? ''}`;
  for (let i = 1; i < items.length; i++) {
    const rest = items.length - i - 1;
    const next = `${out}, ${items[i]}`;
    if (`${next}${rest > 0 ? ` and ${rest} more` : ''}`.length > SUBJECT_MAX)
      return `${out} and ${items.length - i} more`;
    out = next;
  }
  return out;
}

/**
 * The one function that builds commit messages: a subject naming what changed (clusters and
 * their components), a body listing the changed files per group, and trailers
 * `Source-Commit: <sha>[-dirty]` and `Generator: <name> <version>`.
 */
export function buildCommitMessage(input: CommitMessageInput): string {
  const groups = new Map<string, string[]>();
  const add = (kind: string, p: string) => {
    const g = input.describe(p).group;
    const list = groups.get(g) ?? [];
    list.push(`${kind} ${p}`);
    groups.set(g, list);
  };
  for (const p of [...input.changes.added].sort()) add('A', p);
  for (const p of [...input.changes.changed].sort()) add('M', p);
  for (const p of [...input.changes.removed].sort()) add('D', p);
  const names = [...groups.keys()].sort();
  const byCluster = new Map<string, string[]>();
  for (const g of names) {
    const [cluster, component] = g.split('/');
    const list = byCluster.get(cluster!) ?? [];
    if (component) list.push(component);
    byCluster.set(cluster!, list);
  }
  const parts = [...byCluster].map(([c, comps]) => (comps.length ? `${c} (${comps.join(', ')})` : c));
  const prefix = 'gen-gitops: update ';
  const full = `${prefix}${parts.join(', ')}`;
  // Everything when it fits; otherwise the cluster names alone, as many as fit, "and N more".
  const subject = full.length <= SUBJECT_MAX ? full : fitted(prefix, [...byCluster.keys()]);
  const body = names
    .map(
      (g) =>
        `${g}:\n${groups
          .get(g)!
          .map((l) => `  ${l}`)
          .join('\n')}`,
    )
    .join('\n\n');
  const trailers = [
    `Source-Commit: ${input.sourceCommit}${input.dirty ? '-dirty' : ''}`,
    `Generator: ${input.generator.name} ${input.generator.version}`,
    ...(input.rendered === undefined ? [] : [`Rendered: ${input.rendered}`]),
  ];
  return `${subject}\n\n${body}\n\n${trailers.join('\n')}\n`;
}
