import type { Issue } from '@platform/errors';
import { fileOf } from './fleet-draft.ts';
import { clusterIssue, type FleetRule } from './fleet-rule.ts';
import type { Cluster, DnsFailover, FleetSettings } from './schema.ts';

/** What a cluster publishes of its environment's Route53 failover name (docs/decisions.md#dns-failover). */
export interface FailoverRecord extends DnsFailover {
  /** PRIMARY on the primary cluster, SECONDARY on the dr cluster. */
  failover: 'PRIMARY' | 'SECONDARY';
  /** Route53 set identifier: `primary` or `secondary` (one record of each per name). */
  setIdentifier: 'primary' | 'secondary';
}

/** The failover record the cluster publishes, if its environment has a failover name. */
export function failoverRecordOf(
  settings: Pick<FleetSettings, 'dnsFailover'>,
  cluster: Pick<Cluster, 'environment' | 'role'>,
): FailoverRecord | undefined {
  const f = settings.dnsFailover?.find((d) => d.environment === cluster.environment);
  if (!f) return undefined;
  return cluster.role === 'primary'
    ? { ...f, failover: 'PRIMARY', setIdentifier: 'primary' }
    : { ...f, failover: 'SECONDARY', setIdentifier: 'secondary' };
}

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
    code: 'dns-failover-pair',
    description:
      'a failover name belongs to one environment with exactly one primary and at most one dr cluster, inside its zone',
    check: (fleet) => {
      const issues: Issue[] = [];
      const entries = fleet.settings?.dnsFailover ?? [];
      if (entries.length === 0) return issues;
      const file = fileOf(fleet, 'fleet');
      entries.forEach((f, i) => {
        const at = (path: string, message: string, expected: string, found: string, hint?: string) =>
          issues.push({
            code: 'dns-failover-pair',
            file,
            path: `dnsFailover[${i}].${path}`,
            message,
            expected,
            found,
            ...(hint ? { hint } : {}),
          });
        if (entries.findIndex((e) => e.environment === f.environment) !== i)
          at(
            'environment',
            `${f.environment} has two failover names`,
            'one entry per environment',
            f.environment,
          );
        if (f.host !== f.zone && !f.host.endsWith(`.${f.zone}`))
          at('host', `${f.host} is not inside the zone ${f.zone}`, `a name ending in .${f.zone}`, f.host);
        if (fleet.clustersIncomplete) return;
        const inEnv = fleet.clusters.filter((c) => c.environment === f.environment);
        const primaries = inEnv.filter((c) => c.role === 'primary').map((c) => c.name);
        const drs = inEnv.filter((c) => c.role === 'dr').map((c) => c.name);
        if (primaries.length !== 1)
          at(
            'environment',
            `Route53 failover has one PRIMARY record per name; ${f.environment} has ${primaries.length} primary clusters`,
            `exactly one primary ${f.environment} cluster`,
            primaries.length === 0 ? 'none' : primaries.join(', '),
            'Give each primary its own name, or remove the failover entry.',
          );
        if (drs.length > 1)
          at(
            'environment',
            `Route53 failover has one SECONDARY record per name; ${f.environment} has ${drs.length} dr clusters`,
            `at most one dr ${f.environment} cluster`,
            drs.join(', '),
          );
      });
      return issues;
    },
  },
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
