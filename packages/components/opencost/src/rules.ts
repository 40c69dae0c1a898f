import {
  durationSeconds,
  type ParsedTargets,
  type RuleViolation,
  type TypedComponentRule,
} from '@platform/core';
import { SEVERITIES, type Targets } from './schema.ts';

const chart = (v: ParsedTargets<Targets>) => v.chart;
const one = (v: RuleViolation): RuleViolation[] => [v];

/** Prometheus looks back 5 minutes for the latest sample of a series (its staleness window). */
export const LOOKBACK_SECONDS = 300;

/** A lower index is more severe. */
const rank = (s: (typeof SEVERITIES)[number]) => SEVERITIES.indexOf(s);

/** Cross-field rules of the OpenCost values; every violation is reported. */
export const opencostRules: readonly TypedComponentRule<Targets>[] = [
  {
    id: 'approaching-below-exceeded',
    description: 'The approaching-budget threshold is below the exceeded-budget threshold',
    check: (v) => {
      const { approaching, exceeded } = chart(v).alerts;
      return approaching.threshold < exceeded.threshold
        ? undefined
        : one({
            path: 'chart.alerts.approaching.threshold',
            expected: `below chart.alerts.exceeded.threshold (${exceeded.threshold})`,
            found: String(approaching.threshold),
          });
    },
  },
  {
    id: 'exceeded-at-least-as-severe',
    description: 'Exceeding a budget is at least as severe as approaching it',
    check: (v) => {
      const { approaching, exceeded } = chart(v).alerts;
      return rank(exceeded.severity) <= rank(approaching.severity)
        ? undefined
        : one({
            path: 'chart.alerts.exceeded.severity',
            expected: `${approaching.severity} or more severe (the approaching alert's severity)`,
            found: exceeded.severity,
          });
    },
  },
  {
    id: 'recording-within-lookback',
    description:
      'Cost recording rules are evaluated at least every 5m, so the alert group always sees a fresh sample',
    check: (v) => {
      const interval = chart(v).recordingInterval;
      return durationSeconds(interval) <= LOOKBACK_SECONDS
        ? undefined
        : one({
            path: 'chart.recordingInterval',
            expected: 'at most 5m (Prometheus lookback); alerts in another group would see no sample',
            found: interval,
          });
    },
  },
  {
    id: 'cloud-costs-need-report',
    description:
      'Cloud costs are on with the Cost and Usage Report to read, and the upstream chart ingests and mounts what our chart writes',
    check: (v) => {
      const { enabled, athena } = chart(v).cloudCosts;
      const upstream = v.opencost;
      const ingests = upstream.opencost.cloudCost?.enabled === true;
      const mounted = (upstream.opencost.exporter.extraVolumeMounts ?? []).some(
        (m) => m.mountPath === '/var/configs/cloud-integration.json',
      );
      const out: RuleViolation[] = [];
      if (enabled && athena === undefined)
        out.push({
          path: 'chart.cloudCosts.athena',
          expected: 'the report (costAndUsageReport in gitops/fleet.yaml) when cloudCosts.enabled is true',
          found: 'none',
        });
      if (enabled !== ingests)
        out.push({
          path: 'opencost.opencost.cloudCost.enabled',
          expected: `${enabled} (chart.cloudCosts.enabled)`,
          found: String(ingests),
        });
      if (enabled && !mounted)
        out.push({
          path: 'opencost.opencost.exporter.extraVolumeMounts',
          expected: 'the cloud-integration ConfigMap mounted at /var/configs/cloud-integration.json',
          found: 'no such mount',
        });
      return out.length > 0 ? out : undefined;
    },
  },
];
