import { join, resolve } from 'node:path';
import { describePath } from '@platform/emitter';
import { buildCommitMessage, publishBranches, sourceCommitOf } from '@platform/publisher';
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
    ? /^[a-z]+:\/\//.test(configured)
      ? configured
      : resolve(cwd, configured)
    : defaultTarget(ws.root);
  let source: { sha: string; dirty: boolean } | undefined;
  const generator = generatorInfo(ws.root);
  const results = await publishBranches(branchesOf(gen), {
    target,
    workdir: process.env.GEN_GITOPS_WORKDIR ?? join(ws.root, '.gitops-repo-cache'),
    message: async (changes) => {
      source ??= await sourceCommitOf(ws.root);
      return buildCommitMessage({
        changes,
        describe: (p) => {
          const d = describePath(p);
          return {
            group: d.cluster
              ? d.component
                ? `${d.cluster}/${d.component}`
                : d.cluster
              : (d.component ?? 'shared'),
          };
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
  return { target, branches, summary: [`GitOps repository: ${target}`, ...lines].join('\n') };
}
