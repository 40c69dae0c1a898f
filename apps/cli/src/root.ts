import { requireWorkspaceRoot } from '@platform/hydrate';

/** The workspace root: the nearest folder above this module holding pnpm-workspace.yaml. */
export function findRoot(): string {
  return requireWorkspaceRoot();
}
