import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type EnvironmentName, gitopsBranch, promotionOrder, SINGLE_BRANCH } from '@platform/core';
import { describePath } from '@platform/emitter';
import { PromotionError, UsageError } from '@platform/errors';
import {
  buildCommitMessage,
  type CommitMessageInput,
  isRemoteUrl,
  type PublishResult,
  promote,
  publish,
  sourceCommitOf,
} from '@platform/publisher';
import type { CliOptions } from './args.ts';
import { type Generated, generatorInfo, unknownName, type Workspace } from './generate.ts';

export interface PublishSummary {
  target: string;
  branches: { branch: string; status: string; commit: string }[];
  /** With one branch per environment: what was done about promotion. */
  promotion?: { kind: 'first' | 'skipped' } | { kind: 'promote'; from: string; to: string };
  summary: string;
}

/** Default publishing target: a local repository in the workspace, created on first run. */
export function defaultTarget(root: string): string {
  return join(root, '.gitops-repo');
}

/** One branch of the GitOps repository and the files it holds. */
export interface BranchTree {
  /** The environment whose clusters the branch holds; undefined for the single branch. */
  environment?: EnvironmentName;
  branch: string;
  files: Map<string, string>;
}

/**
 * Splits the tree per branch when the inventory asks for one branch per environment: each
 * branch holds its environment's clusters plus the shared files (charts, README), in promotion
 * order (`gitops.promotion`). Otherwise one branch, `main`, with everything.
 */
export function branchesOf(gen: Pick<Generated, 'fleet' | 'files'>): BranchTree[] {
  const settings = gen.fleet.settings;
  if (!settings.gitops.branchPerEnvironment) return [{ branch: SINGLE_BRANCH, files: gen.files }];
  const envOfCluster = new Map(gen.fleet.clusters.map((c) => [c.name, c.environment]));
  return promotionOrder(settings).map((name) => {
    const env = gen.fleet.environments[name];
    const files = new Map<string, string>();
    for (const [p, content] of gen.files) {
      const cluster = describePath(p).cluster;
      if (!cluster || envOfCluster.get(cluster) === name) files.set(p, content);
    }
    return { environment: name, branch: gitopsBranch(settings, env), files };
  });
}

/** Test hook: the state of the source checkout (default: its HEAD and whether the inputs are dirty). */
export interface SourceHooks {
  source?: () => Promise<{ sha: string; dirty: boolean }>;
}

function sourceState(ws: Workspace, hooks: SourceHooks): Promise<{ sha: string; dirty: boolean }> {
  // The inputs of the tree: an untracked cluster file or chart file makes the source dirty.
  return hooks.source ? hooks.source() : sourceCommitOf(ws.root, [ws.inventoryDir, join(ws.root, 'charts')]);
}

/** What a publish will do about promotion, decided before the (slow) rendering. */
export type PromotionPlan =
  | { kind: 'single' }
  | { kind: 'first'; write: BranchTree; later: BranchTree[] }
  | { kind: 'skipped' }
  | { kind: 'promote'; from: BranchTree; to: BranchTree; source: { sha: string; dirty: boolean } };

/**
 * Checks --promote and --skip-promotion against the inventory and the source checkout, before
 * anything is rendered or written: usage errors (exit 2) for an option the inventory cannot
 * serve, a PromotionError (exit 1) for a dirty checkout.
 */
export async function planPromotion(
  ws: Workspace,
  gen: Generated,
  opts: CliOptions,
  hooks: SourceHooks = {},
): Promise<PromotionPlan> {
  const settings = gen.fleet.settings;
  const file = gen.fleet.files.fleet ?? 'gitops/fleet.yaml';
  if (!settings.gitops.branchPerEnvironment) {
    if (opts.promote !== undefined || opts.skipPromotion)
      throw new UsageError(
        `${opts.promote !== undefined ? '--promote' : '--skip-promotion'} needs one branch per environment: set gitops.branchPerEnvironment: true in ${file} (today every environment reads the single branch ${SINGLE_BRANCH})`,
      );
    return { kind: 'single' };
  }
  const branches = branchesOf(gen);
  if (opts.skipPromotion) return { kind: 'skipped' };
  if (opts.promote === undefined) return { kind: 'first', write: branches[0]!, later: branches.slice(1) };
  const order = branches.map((b) => b.environment!);
  const index = order.indexOf(opts.promote as EnvironmentName);
  if (index < 0) throw unknownName('--promote', 'environment', opts.promote, order);
  if (index === 0)
    throw new UsageError(
      `--promote ${opts.promote}: ${opts.promote} is the first environment of the promotion order (gitops.promotion in ${file}: ${order.join(' -> ')}); "pnpm gen:gitops" publishes to it, there is nothing to promote it from`,
    );
  const source = await sourceState(ws, hooks);
  if (source.dirty)
    throw new PromotionError(
      `--promote ${opts.promote}: the source checkout has uncommitted changes (or inputs outside any commit of it), so what would be promoted is not what was published to ${branches[index - 1]!.branch}; nothing was written. Commit or stash them, publish with "pnpm gen:gitops" and let ${order[index - 1]} verify it, then promote.`,
    );
  return { kind: 'promote', from: branches[index - 1]!, to: branches[index]!, source };
}

/** How commit messages name a path's group (cluster/component, chart, shared). */
function describeForMessage(p: string): ReturnType<CommitMessageInput['describe']> {
  const d = describePath(p);
  if (d.cluster) return { group: d.component ? `${d.cluster}/${d.component}` : d.cluster, kind: 'cluster' };
  return d.component ? { group: d.component, kind: 'chart' } : { group: 'shared', kind: 'shared' };
}

/**
 * Commits the generated tree to the GitOps repository (one commit per branch written, none when
 * unchanged). With one branch per environment, only the first environment's branch is written
 * unless --skip-promotion; --promote <env> moves the tree onto <env>'s branch (see `plan`).
 */
export async function publishTree(
  ws: Workspace,
  gen: Generated,
  opts: CliOptions,
  cwd: string,
  plan: PromotionPlan = { kind: 'single' },
  hooks: SourceHooks = {},
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
  // A promotion never creates a repository: it says there is nothing to promote from (below).
  if (created && configured && !opts.init && plan.kind !== 'promote') {
    const from = opts.repo !== undefined ? '--repo' : 'gitops.publishRepo in fleet.yaml';
    throw new UsageError(
      `${from}: ${target} does not exist; pass --init to create a new GitOps repository there, or check the path`,
    );
  }
  let source: { sha: string; dirty: boolean } | undefined = plan.kind === 'promote' ? plan.source : undefined;
  const generator = generatorInfo(ws.root);
  const common = {
    target,
    workdir: process.env.GEN_GITOPS_WORKDIR ?? join(ws.root, '.gitops-repo-cache'),
  };
  const message = async (
    changes: CommitMessageInput['changes'],
    initial: boolean,
    promotion?: CommitMessageInput['promotion'],
  ) => {
    source ??= await sourceState(ws, hooks);
    return buildCommitMessage({
      changes,
      initial,
      describe: describeForMessage,
      sourceCommit: source.sha,
      dirty: source.dirty,
      generator,
      rendered: gen.rendered,
      ...(promotion ? { promotion } : {}),
    });
  };
  const header = `GitOps repository: ${target}${created ? ' (created, new repository)' : ''}`;

  if (plan.kind === 'promote') {
    const { from, to } = plan;
    let r: Awaited<ReturnType<typeof promote>>;
    try {
      r = await promote({
        ...common,
        branch: to.branch,
        files: to.files,
        from: from.branch,
        expected: from.files,
        message: (changes, info) =>
          message(changes, info.initial, { from: from.branch, commit: info.fromCommit, to: to.branch }),
      });
    } catch (err) {
      if (!(err instanceof PromotionError)) throw err;
      throw new PromotionError(
        `--promote ${to.environment}: ${err.message}\nNothing was written. Publish this checkout to ${from.branch} first ("pnpm gen:gitops"${from.environment === branchesOf(gen)[0]!.environment ? '' : ` then "pnpm gen:gitops --promote ${from.environment}"`}), let ${from.environment} verify it, then promote.`,
        { cause: err },
      );
    }
    const short = `${from.branch}@${r.fromCommit.slice(0, 12)}`;
    const line =
      r.status === 'unchanged'
        ? `${to.branch}: nothing to promote: ${to.branch} already holds what ${short} holds (${r.commit.slice(0, 12)}); nothing written`
        : `${to.branch}: promoted ${short}, committed ${r.commit.slice(0, 12)}`;
    return {
      target,
      branches: [{ branch: to.branch, status: r.status, commit: r.commit }],
      promotion: { kind: 'promote', from: `${from.branch}@${r.fromCommit}`, to: to.branch },
      summary: [header, line].join('\n'),
    };
  }

  const all = branchesOf(gen);
  const writes = plan.kind === 'first' ? [plan.write] : all;
  const promotion: CommitMessageInput['promotion'] = plan.kind === 'skipped' ? { skipped: true } : undefined;
  const results: { branch: string; result: PublishResult }[] = [];
  for (const b of writes) {
    results.push({
      branch: b.branch,
      result: await publish({
        ...common,
        branch: b.branch,
        files: b.files,
        message: (changes, { initial }) => message(changes, initial, promotion),
      }),
    });
  }
  const branches = results.map(({ branch, result }) => ({
    branch,
    status: result.status,
    commit: result.commit,
  }));
  const lines = branches.map((b) =>
    b.status === 'unchanged'
      ? `${b.branch}: no change in the generated tree; nothing to commit (${b.commit.slice(0, 12)})`
      : `${b.branch}: committed ${b.commit.slice(0, 12)}`,
  );
  if (plan.kind === 'first' && plan.later.length > 0) {
    const next = plan.later[0]!;
    lines.push(
      `${plan.later.map((b) => b.branch).join(', ')}: not written; promote with "pnpm gen:gitops --promote ${next.environment}" once ${plan.write.environment} is verified`,
    );
  }
  if (plan.kind === 'skipped')
    lines.push('promotion skipped (--skip-promotion): every environment branch written at once');
  return {
    target,
    branches,
    ...(plan.kind === 'first' || plan.kind === 'skipped' ? { promotion: { kind: plan.kind } } : {}),
    summary: [header, ...lines].join('\n'),
  };
}
