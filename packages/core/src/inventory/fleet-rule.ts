import type { Issue } from '@platform/errors';
import { type FleetDraft, fileOf } from './fleet-draft.ts';
import type { Cluster } from './schema.ts';

/** What a cluster rule found: the issue without the parts the rule runner stamps. */
export type RuleFinding = Omit<Issue, 'code' | 'file' | 'cluster' | 'component'>;

/** A check of one cluster; the runner stamps code, file and cluster on every finding. */
export interface ClusterRule {
  /** Issue code of every finding, e.g. `cidr-overlap`. */
  code: string;
  description: string;
  check(cluster: Cluster, fleet: FleetDraft): RuleFinding[];
}

/** A check across the fleet (several clusters, environments, regions); returns full issues. */
export interface FleetRule {
  code: string;
  description: string;
  check(fleet: FleetDraft): Issue[];
}

/** Lifts a cluster rule to a fleet rule that runs it on every cluster. */
export function forEachCluster(rule: ClusterRule): FleetRule {
  return {
    code: rule.code,
    description: rule.description,
    check: (fleet) =>
      fleet.clusters.flatMap((c) =>
        rule.check(c, fleet).map((f) => ({
          code: rule.code,
          file: fileOf(fleet, { cluster: c }),
          cluster: c.name,
          ...f,
        })),
      ),
  };
}

/** An issue located on one cluster of the fleet. */
export function clusterIssue(fleet: FleetDraft, c: Cluster, code: string, finding: RuleFinding): Issue {
  return { code, file: fileOf(fleet, { cluster: c }), cluster: c.name, ...finding };
}
