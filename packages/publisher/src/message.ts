/** What a publish changes, by path. */
export interface TreeChanges {
  added: string[];
  changed: string[];
  removed: string[];
}

export interface CommitMessageInput {
  changes: TreeChanges;
  /**
   * Groups a path for the message, e.g. `agentic-prod-usw2/cilium`; `kind` tells a cluster's
   * group from one of our charts (`charts/<name>/`) or a shared file, so each is counted apart.
   * Without a kind, a group is a cluster (`cluster` or `cluster/component`).
   */
  describe: (path: string) => { group: string; kind?: 'cluster' | 'chart' | 'shared' };
  /** The first commit of the branch: the subject says `initial` instead of listing everything. */
  initial?: boolean;
  sourceCommit: string;
  dirty: boolean;
  generator: { name: string; version: string };
  /**
   * How the tree was checked before commit, as a `Rendered:` trailer, e.g. `1234 objects in 48
   * sources checked` or `skipped (--no-render)`; no trailer when undefined.
   */
  rendered?: string;
  /**
   * With one branch per environment: `skipped` when every branch was written at once
   * (`--skip-promotion`: subject says so, `Promotion: skipped` trailer); or the branch and
   * commit this commit promotes (subject `promote <from>@<sha> to <to>`, `Promoted-From` trailer).
   */
  promotion?: { skipped: true } | { from: string; commit: string; to: string };
}

const SUBJECT_MAX = 72;

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/** `prefix a, b and N more <what>s<suffix>`: as many items as fit in `max` characters. */
function fitted(prefix: string, items: readonly string[], what: string, suffix: string, max: number): string {
  let out = `${prefix}${items[0] ?? ''}`;
  // Not even one name fits beside "and N more": the count alone.
  if (items.length > 1 && `${out} and ${plural(items.length - 1, `more ${what}`)}${suffix}`.length > max)
    return `${prefix}${plural(items.length, what)}${suffix}`;
  for (let i = 1; i < items.length; i++) {
    const rest = items.length - i - 1;
    const next = `${out}, ${items[i]}`;
    if (`${next}${rest > 0 ? ` and ${plural(rest, `more ${what}`)}` : ''}${suffix}`.length > max)
      return `${out} and ${plural(items.length - i, `more ${what}`)}${suffix}`;
    out = next;
  }
  return `${out}${suffix}`;
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
  const kinds = new Map<string, 'cluster' | 'chart' | 'shared'>();
  for (const p of [...input.changes.added, ...input.changes.changed, ...input.changes.removed]) {
    const d = input.describe(p);
    kinds.set(d.group, d.kind ?? 'cluster');
  }
  const byCluster = new Map<string, string[]>();
  const charts: string[] = [];
  let shared = false;
  for (const g of names) {
    const kind = kinds.get(g) ?? 'cluster';
    if (kind === 'chart') charts.push(g);
    else if (kind === 'shared') shared = true;
    else {
      const [cluster, component] = g.split('/');
      const list = byCluster.get(cluster!) ?? [];
      if (component) list.push(component);
      byCluster.set(cluster!, list);
    }
  }
  const counts = [
    ...(byCluster.size > 0 ? [plural(byCluster.size, 'cluster')] : []),
    ...(charts.length > 0 ? [plural(charts.length, 'chart')] : []),
  ].join(', ');
  const promotion = input.promotion;
  // Said at the end of the subject, which keeps to SUBJECT_MAX with it.
  const note = promotion && 'skipped' in promotion ? ' [promotion skipped]' : '';
  const max = SUBJECT_MAX - note.length;
  let subject: string;
  if (promotion && !('skipped' in promotion)) {
    subject = `gen-gitops: promote ${promotion.from}@${promotion.commit.slice(0, 12)} to ${promotion.to}`;
  } else if (input.initial) {
    subject = `gen-gitops: initial${counts ? ` (${counts})` : ''}`;
  } else {
    const parts = [
      ...[...byCluster].map(([c, comps]) => (comps.length ? `${c} (${comps.join(', ')})` : c)),
      ...(charts.length > 0 ? [`charts (${charts.join(', ')})`] : []),
      ...(shared ? ['shared'] : []),
    ];
    const prefix = 'gen-gitops: update ';
    const full = `${prefix}${parts.join(', ')}`;
    // Everything when it fits; otherwise the cluster names alone, as many as fit, "and N more
    // clusters", then the number of charts: clusters and charts are never counted together.
    const chartSuffix = charts.length > 0 ? `; ${plural(charts.length, 'chart')}` : '';
    subject =
      full.length <= max
        ? full
        : byCluster.size > 0
          ? fitted(prefix, [...byCluster.keys()], 'cluster', chartSuffix, max)
          : `${prefix}${plural(charts.length, 'chart')}`;
  }
  subject += note;
  const body = names
    .map(
      (g) =>
        `${g}:\n${groups
          .get(g)!
          .map((l) => `  ${l}`)
          .join('\n')}`,
    )
    .join('\n\n');
  const intro =
    promotion && !('skipped' in promotion)
      ? `Promotes ${promotion.from} at ${promotion.commit} to ${promotion.to}: ${promotion.from} holds what this source generates for it, and ${promotion.to} gets the same source's tree for its own clusters.\n\n`
      : '';
  const trailers = [
    `Source-Commit: ${input.sourceCommit}${input.dirty ? '-dirty' : ''}`,
    `Generator: ${input.generator.name} ${input.generator.version}`,
    ...(input.rendered === undefined ? [] : [`Rendered: ${input.rendered}`]),
    ...(promotion === undefined
      ? []
      : 'skipped' in promotion
        ? ['Promotion: skipped']
        : [`Promoted-From: ${promotion.from}@${promotion.commit}`]),
  ];
  return `${subject}\n\n${intro}${body}\n\n${trailers.join('\n')}\n`;
}
