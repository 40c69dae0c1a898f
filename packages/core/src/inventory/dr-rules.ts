import type { Issue } from '@platform/errors';
import { clusterIssue, type FleetRule } from './fleet-rule.ts';
import type { Cluster } from './schema.ts';

/**
 * Whether the cluster runs scaled down: a DR standby that is not activated. Components size by
 * this, never by the role alone, so `drActive: true` gives a DR cluster a primary's sizes
 * (docs/decisions.md#disaster-recovery).
 */
export function isScaledDownStandby(cluster: Pick<Cluster, 'role' | 'drActive'>): boolean {
  return cluster.role === 'dr' && cluster.drActive !== true;
}

/**
 * A DR cluster is the scaled-down standby of a primary of the same environment: without a
 * primary there is nothing to fail over from, and the standby would be the only cluster.
 */
export const DR_RULES: readonly FleetRule[] = [
  {
    code: 'dr-without-primary',
    description: 'every environment with a dr cluster has a primary cluster',
    check: (fleet) => {
      const issues: Issue[] = [];
      // A cluster file that did not parse may be the primary: its own errors are reported.
      if (fleet.clustersIncomplete) return issues;
      const envs = [...new Set(fleet.clusters.map((c) => c.environment))];
      for (const env of envs) {
        const inEnv = fleet.clusters.filter((c) => c.environment === env);
        const drs = inEnv.filter((c) => c.role === 'dr');
        if (drs.length === 0 || inEnv.some((c) => c.role === 'primary')) continue;
        const standbys = drs.map((c) => `${c.name} (${c.region})`).join(', ');
        for (const c of drs) {
          issues.push(
            clusterIssue(fleet, c, 'dr-without-primary', {
              path: 'role',
              message: `a dr cluster needs a primary in the same environment; ${env} has dr clusters only: ${standbys}`,
              expected: `a primary ${env} cluster for the dr cluster in ${c.region} to stand by for`,
              found: `no primary ${env} cluster (region pairs: ${drs.map((d) => `${d.region} dr -> none`).join(', ')})`,
              hint: `Add a primary ${env} cluster (usually in another region), or set role: primary on one of these.`,
            }),
          );
        }
      }
      return issues;
    },
  },
];
