import {
  ENVIRONMENT_NAMES,
  type EnvironmentName,
  type EnvironmentProfile,
  type FleetSettings,
} from './schema.ts';

/** The branch every environment reads when the fleet keeps a single branch. */
export const SINGLE_BRANCH = 'main';

/** The promotion order when `gitops.promotion` is not set. */
export const DEFAULT_PROMOTION: readonly EnvironmentName[] = ENVIRONMENT_NAMES;

/**
 * The branch of the GitOps repository that holds an environment's clusters, as the publisher
 * writes it: one branch per environment (its `targetRevision`) when the fleet asks for it,
 * otherwise `main` for every environment (a `targetRevision` of `dev` would name a branch that is
 * never written, and Argo CD would fail to resolve it).
 */
export function gitopsBranch(fleet: Pick<FleetSettings, 'gitops'>, environment: EnvironmentProfile): string {
  return fleet.gitops.branchPerEnvironment ? environment.targetRevision : SINGLE_BRANCH;
}

/**
 * The environments in the order a change moves through them (`gitops.promotion`, default
 * development, staging, production). With one branch per environment, `gen:gitops` publishes to
 * the first one's branch and `--promote <env>` moves the tree on from the previous one's branch
 * (docs/decisions.md#promotion).
 */
export function promotionOrder(fleet: Pick<FleetSettings, 'gitops'>): readonly EnvironmentName[] {
  return fleet.gitops.promotion ?? DEFAULT_PROMOTION;
}
