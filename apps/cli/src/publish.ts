import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describePath } from '@platform/emitter';
import { UsageError } from '@platform/errors';
import { buildCommitMessage, isRemoteUrl, publishBranches, sourceCommitOf } from '@platform/publisher';
import type { CliOptions } from './args.ts';
import { type Generated, generatorInfo, type Workspace } from './generate.ts';

export interface PublishSummary {
  target: string;
  branches: { branch: string; status: string; commit: string }[];
  summary: string;
}

/** Default publishing target: a local repository in the workspace, created on first run. */
export function defaultTarget(root: string): string {
  return join(root, '.gitops-repo');
}

/**
 * Splits the tree per branch when the inventory asks for one branch per environment: each
 * branch holds its environment's clusters plus the shared files (charts, README).
 */
function branchesOf(gen: Generated): Map<string, Map<string, string>> {
  if (!gen.fleet.settings.gitops.branchPerEnvironment) return new Map([['main', gen.files]]);
  const envOfCluster = new Map(gen.fleet.clusters.map((c) => [c.name, c.environment]));
  const out = new Map<string, Map<string, string>>();
  for (const env of Object.values(gen.fleet.environments)) {
    const files = new Map<string, string>();
    for (const [p, content] of gen.files) {
      const cluster = describePath(p).cluster;
      if (!cluster || envOfCluster.get(cluster) === env.name) files.set(p, content);
    }
    out.set(env.targetRevision, files);
  }
  return out;
}

/** Commits the generated tree to the GitOps repository (one commit per branch, none when unchanged). */
export async function publishTree(
  ws: Workspace,
  gen: Generated,
  opts: CliOptions,
  cwd: string,
): Promise<PublishSummary> {
  const configured = opts.repo ?? gen.fleet.settings.gitops.publishRepo;
  const target = configured
    ? isRemoteUrl(configured)
      ? configured
      : resolve(cwd, configured)
    : defaultTarget(ws.root);
  // The default target is created on first run (documented). A path the user named that does
  // not exist is more likely a typo than a wish for a new repository: create it only on --init.
  const created = !isRemoteUrl(target) && !existsSync(target);
  if (created && configured && !opts.init) {
    const from = opts.repo !== undefined ? '--repo' : 'gitops.publishRepo in fleet.yaml';
    throw new UsageError(
      `${from}: ${target} does not exist; pass --init to create a new GitOps repository there, or check the path`,
    );
  }
  let source: { sha: string; dirty: boolean } | undefined;
  const generator = generatorInfo(ws.root);
  const results = await publishBranches(branchesOf(gen), {
    target,
    workdir: process.env.GEN_GITOPS_WORKDIR ?? join(ws.root, '.gitops-repo-cache'),
    message: async (changes, { initial }) => {
      // The inputs of the tree: an untracked cluster file or chart file makes the source dirty.
      source ??= await sourceCommitOf(ws.root, [ws.inventoryDir, join(ws.root, 'charts')]);
      return buildCommitMessage({
        changes,
        initial,
        describe: (p) => {
          const d = describePath(p);
          if (d.cluster)
            return { group: d.component ? `${d.cluster}/${d.component}` : d.cluster, kind: 'cluster' };
          return d.component ? { group: d.component, kind: 'chart' } : { group: 'shared', kind: 'shared' };
        },
        sourceCommit: source.sha,
        dirty: source.dirty,
        generator,
        rendered: gen.rendered,
      });
    },
  });
  const branches = [...results].map(([branch, r]) => ({ branch, status: r.status, commit: r.commit }));
  const lines = branches.map((b) =>
    b.status === 'unchanged'
      ? `${b.branch}: no change in the generated tree; nothing to commit (${b.commit.slice(0, 12)})`
      : `${b.branch}: committed ${b.commit.slice(0, 12)}`,
  );
  const header = `GitOps repository: ${target}${created ? ' (created, new repository)' : ''}`;
  return { target, branches, summary: [header, ...lines].join('\n') };
}
