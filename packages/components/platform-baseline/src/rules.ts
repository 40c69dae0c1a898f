import type { ComponentRule } from '@platform/core';
import type { ChartValues } from './schema.ts';

export const baselineRules: readonly ComponentRule[] = [
  {
    id: 'unique-namespaces',
    description: 'namespace names must be unique',
    check: (v) => {
      const seen = new Set<string>();
      return (v.chart as ChartValues).namespaces.flatMap((ns, i) => {
        const dup = seen.has(ns.name);
        seen.add(ns.name);
        return dup
          ? [
              {
                path: `chart.namespaces[${i}].name`,
                expected: 'a name not used above',
                found: JSON.stringify(ns.name),
              },
            ]
          : [];
      });
    },
  },
  {
    id: 'restricted-application-namespaces',
    description: 'application and agent namespaces must enforce the restricted Pod Security level',
    check: (v) =>
      (v.chart as ChartValues).namespaces.flatMap((ns, i) =>
        (ns.tier === 'application' || ns.tier === 'agent') && ns.podSecurity !== 'restricted'
          ? [
              {
                path: `chart.namespaces[${i}].podSecurity`,
                expected: '"restricted"',
                found: JSON.stringify(ns.podSecurity),
              },
            ]
          : [],
      ),
  },
  {
    id: 'no-kube-system',
    description: 'kube-system exists already and is never created or relabelled',
    check: (v) =>
      (v.chart as ChartValues).namespaces.flatMap((ns, i) =>
        ns.name.startsWith('kube-')
          ? [
              {
                path: `chart.namespaces[${i}].name`,
                expected: 'not a kube-* namespace',
                found: JSON.stringify(ns.name),
              },
            ]
          : [],
      ),
  },
];
