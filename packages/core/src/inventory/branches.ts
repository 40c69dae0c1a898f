import type { EnvironmentProfile, FleetSettings } from './schema.ts';

/** The branch every environment reads when the fleet keeps a single branch. */
export const SINGLE_BRANCH = 'main';

/**
 * The branch of the GitOps repository that holds an environment's clusters, as the publisher
 * writes it: one branch per environment (its `targetRevision`) when the fleet asks for it,
 * otherwise `main` for every environment (a `targetRevision` of `dev` would name a branch that is
 * never written, and Argo CD would fail to resolve it).
 */
export function gitopsBranch(fleet: Pick<FleetSettings, 'gitops'>, environment: EnvironmentProfile): string {
  return fleet.gitops.branchPerEnvironment ? environment.targetRevision : SINGLE_BRANCH;
}
