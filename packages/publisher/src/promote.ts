import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PromotionError } from '@platform/errors';
import { revParse } from './git.ts';
import type { TreeChanges } from './message.ts';
import { isRemote, type PublishOptions, type PublishResult, publish } from './publish.ts';
import { blobSha, ownedAt, treeListing } from './tree.ts';

export interface PromoteOptions extends Omit<PublishOptions, 'message' | 'branch' | 'before'> {
  /** The branch to promote to; `files` is what the source generates for it. */
  branch: string;
  /** The previous environment's branch, promoted from. */
  from: string;
  /** What the source generates for `from`: the branch must hold exactly these generated files. */
  expected: ReadonlyMap<string, string>;
  message: (changes: TreeChanges, info: { initial: boolean; fromCommit: string }) => string | Promise<string>;
}

export type PromoteResult = PublishResult & { fromCommit: string };

/** The generated files of `commit` that differ from `expected` (files it does not own are ignored). */
async function differences(
  dir: string,
  commit: string,
  expected: ReadonlyMap<string, string>,
): Promise<TreeChanges> {
  const listing = await treeListing(dir, commit);
  const owned = await ownedAt(dir, commit);
  const out: TreeChanges = { added: [], changed: [], removed: [] };
  for (const [p, content] of [...expected].sort(([a], [b]) => a.localeCompare(b))) {
    const sha = listing.get(p);
    if (sha === undefined) out.added.push(p);
    else if (sha !== blobSha(content)) out.changed.push(p);
  }
  out.removed.push(...[...owned].filter((p) => !expected.has(p) && listing.has(p)).sort());
  return out;
}

/**
 * Promotes to `branch` from `from`: refuses (PromotionError, nothing written) when `from` does
 * not exist or its generated files are not `expected` (the source changed since `from` was
 * published, or someone committed to it), then commits `files` on `branch` like `publish` does
 * (none when the branch already holds them). The message gets the commit promoted from.
 */
export async function promote(opts: PromoteOptions): Promise<PromoteResult> {
  if (!isRemote(opts.target) && !existsSync(join(opts.target, '.git')))
    throw new PromotionError(
      `there is nothing to promote from: ${resolve(opts.target)} is not a GitOps repository yet (no branch ${opts.from})`,
    );
  let fromCommit = '';
  const result = await publish({
    ...opts,
    message: (changes, info) => opts.message(changes, { ...info, fromCommit }),
    before: async ({ dir, ref }) => {
      const head = await revParse(dir, ref(opts.from));
      if (!head)
        throw new PromotionError(
          `branch ${opts.from} does not exist in ${opts.target}: there is nothing to promote to ${opts.branch} from`,
        );
      const diff = await differences(dir, head, opts.expected);
      const files = [
        ...diff.added.map((p) => `missing ${p}`),
        ...diff.changed.map((p) => `differs ${p}`),
        ...diff.removed.map((p) => `not generated any more ${p}`),
      ];
      if (files.length > 0) {
        const shown = files.slice(0, 10).map((f) => `  ${f}`);
        if (files.length > shown.length) shown.push(`  and ${files.length - shown.length} more`);
        throw new PromotionError(
          `branch ${opts.from} (${head.slice(0, 12)}) is not what this checkout generates for it, so this checkout's tree was never published to ${opts.from}; ${files.length} file(s):\n${shown.join('\n')}`,
        );
      }
      fromCommit = head;
    },
  });
  return { ...result, fromCommit };
}
