import type { ParsedTargets, RuleViolation, TypedComponentRule } from '@platform/core';
import { isScaledDownStandby } from '@platform/core';
import { GPU_MODELS, migLayoutProblems } from './gpu.ts';
import { spotAllowed } from './pools.ts';
import type { DisruptionBudget, NodePool, Targets } from './schema.ts';
import { interruptionQueue } from './values.ts';

const kv = (v: ParsedTargets<Targets>) => v.karpenter;
const chart = (v: ParsedTargets<Targets>) => v.chart;

/** Enabled pools with their names. */
function pools(v: ParsedTargets<Targets>): [string, NodePool][] {
  return Object.entries(chart(v).nodePools).filter(([, p]) => p.enabled);
}

const poolPath = (name: string, field: string) => `chart.nodePools.${name}.${field}`;

/**
 * The always-active budget that stops Karpenter disrupting for `reason`: a budget without a
 * schedule, applying to that reason (or to all reasons), that allows zero nodes. Karpenter uses
 * the most restrictive active budget, so one such budget blocks the reason entirely.
 */
export function zeroBudgetFor(
  budgets: readonly DisruptionBudget[],
  reason: string,
): DisruptionBudget | undefined {
  return budgets.find(
    (b) => !b.schedule && (!b.reasons || b.reasons.some((r) => r === reason)) && /^0%?$/.test(b.nodes),
  );
}

/** Cross-field rules of the Karpenter values; all are evaluated and every violation reported. */
export const karpenterRules: readonly TypedComponentRule<Targets>[] = [
  {
    id: 'settings-from-cluster',
    description: 'settings.clusterName and settings.interruptionQueue must name this cluster',
    check: (v, ctx) => {
      const s = kv(v).settings;
      const out: RuleViolation[] = [];
      if (s.clusterName !== ctx.cluster.name)
        out.push({
          path: 'karpenter.settings.clusterName',
          expected: JSON.stringify(ctx.cluster.name),
          found: JSON.stringify(s.clusterName),
          hint: 'Karpenter discovers subnets, security groups and nodes by cluster name; a wrong name provisions for another cluster.',
        });
      if (s.interruptionQueue !== interruptionQueue(ctx.cluster.name))
        out.push({
          path: 'karpenter.settings.interruptionQueue',
          expected: JSON.stringify(interruptionQueue(ctx.cluster.name)),
          found: JSON.stringify(s.interruptionQueue),
        });
      return out;
    },
  },
  {
    id: 'min-within-max',
    description: 'a NodePool floor (minNodes) cannot exceed its maximum (maxNodes)',
    check: (v) =>
      pools(v)
        .filter(([, p]) => p.minNodes > p.maxNodes)
        .map(([name, p]) => ({
          path: poolPath(name, 'minNodes'),
          expected: `<= maxNodes (${p.maxNodes})`,
          found: String(p.minNodes),
        })),
  },
  {
    id: 'node-class-exists',
    description: 'every enabled NodePool references a defined EC2NodeClass',
    check: (v) =>
      pools(v)
        .filter(([, p]) => !(p.nodeClass in chart(v).nodeClasses))
        .map(([name, p]) => ({
          path: poolPath(name, 'nodeClass'),
          expected: `one of ${Object.keys(chart(v).nodeClasses).join(', ')}`,
          found: JSON.stringify(p.nodeClass),
        })),
  },
  {
    id: 'spot-policy',
    description: 'spot capacity only where the environment allows it',
    check: (v, ctx) =>
      pools(v)
        .filter(([, p]) => p.capacityTypes.includes('spot') && !spotAllowed(p.kind, ctx.environment.spot))
        .map(([name]) => ({
          path: poolPath(name, 'capacityTypes'),
          expected: `["on-demand"] (spot policy "${ctx.environment.spot}")`,
          found: JSON.stringify(chart(v).nodePools[name]?.capacityTypes),
        })),
  },
  {
    id: 'empty-nodes-can-go',
    description: 'Karpenter must be able to remove empty nodes: no "Never" and no zero budget for Empty',
    check: (v) =>
      pools(v).flatMap(([name, p]): RuleViolation[] => {
        const out: RuleViolation[] = [];
        if (p.disruption.consolidateAfter === 'Never')
          out.push({
            path: poolPath(name, 'disruption.consolidateAfter'),
            expected: 'a duration (e.g. 5m)',
            found: '"Never"',
          });
        const zero = zeroBudgetFor(p.disruption.budgets, 'Empty');
        if (zero)
          out.push({
            path: poolPath(name, 'disruption.budgets'),
            expected: 'a budget above zero for reason Empty (scope zero budgets with reasons: [Drifted])',
            found: `nodes: "${zero.nodes}" for Empty`,
            hint: 'A zero budget blocks all voluntary disruption, so empty nodes would never be removed.',
          });
        return out;
      }),
  },
  {
    id: 'gpu-consolidation-when-empty',
    description: 'GPU pools only consolidate empty nodes, never occupied ones',
    check: (v) =>
      pools(v)
        .filter(([, p]) => p.kind === 'gpu' && p.disruption.consolidationPolicy !== 'WhenEmpty')
        .map(([name, p]) => ({
          path: poolPath(name, 'disruption.consolidationPolicy'),
          expected: '"WhenEmpty"',
          found: JSON.stringify(p.disruption.consolidationPolicy),
        })),
  },
  {
    id: 'gpu-instances-match-type',
    description: "GPU pools launch only instance types carrying the environment's GPU",
    check: (v) => {
      const g = chart(v).gpu;
      const model = GPU_MODELS[g.gpuType];
      if (!model)
        return [
          {
            path: 'chart.gpu.gpuType',
            expected: `one of ${Object.keys(GPU_MODELS).join(', ')}`,
            found: JSON.stringify(g.gpuType),
          },
        ];
      return pools(v)
        .filter(([, p]) => p.kind === 'gpu')
        .flatMap(([name, p]): RuleViolation[] => {
          const foreign = p.instanceTypes.filter((t) => !model.instanceTypes.includes(t));
          const gpus = Number(p.limits['nvidia.com/gpu'] ?? 0);
          const out: RuleViolation[] = [];
          if (foreign.length > 0)
            out.push({
              path: poolPath(name, 'instanceTypes'),
              expected: `${g.gpuType} instance types (${model.instanceTypes.join(', ')})`,
              found: JSON.stringify(foreign),
            });
          if (p.maxNodes > 0 && gpus < model.gpusPerInstance)
            out.push({
              path: poolPath(name, 'limits["nvidia.com/gpu"]'),
              expected: `>= ${model.gpusPerInstance} (GPUs of one ${model.instanceTypes.at(-1)})`,
              found: String(gpus),
            });
          return out;
        });
    },
  },
  {
    id: 'gpu-sharing-consistent',
    description: 'time-slicing needs its replica count, MIG its layout, never both',
    check: (v) => {
      const g = chart(v).gpu;
      const out: RuleViolation[] = [];
      if (g.sharing === 'time-slicing' && !g.timeSlicing)
        out.push({ path: 'chart.gpu.timeSlicing', expected: '{ replicas: 2..48 }', found: 'nothing' });
      if (g.sharing === 'mig' && !g.mig)
        out.push({ path: 'chart.gpu.mig', expected: '{ strategy, config, layout }', found: 'nothing' });
      if (g.sharing === 'mig' && g.timeSlicing)
        out.push({ path: 'chart.gpu.timeSlicing', expected: 'unset with MIG', found: 'set' });
      if (g.sharing === 'time-slicing' && g.mig)
        out.push({ path: 'chart.gpu.mig', expected: 'unset with time-slicing', found: 'set' });
      return out;
    },
  },
  {
    id: 'mig-layout-fits',
    description:
      'the MIG layout must fit what the GPU can hold (compute and memory slices, per-profile maxima)',
    check: (v) => {
      const g = chart(v).gpu;
      if (g.sharing !== 'mig' || !g.mig) return undefined;
      const out: RuleViolation[] = migLayoutProblems(g.gpuType, g.mig.layout).map((p) => ({
        path: p.profile ? `chart.gpu.mig.layout["${p.profile}"]` : 'chart.gpu.mig.layout',
        expected: p.expected,
        found: p.found,
        hint: `A valid mixed layout on 80GB GPUs is all-balanced: 2x1g.10gb + 1x2g.20gb + 1x3g.40gb.`,
      }));
      if (g.mig.strategy === 'none')
        out.push({ path: 'chart.gpu.mig.strategy', expected: '"single" or "mixed"', found: '"none"' });
      const profiles = Object.keys(g.mig.layout).length;
      if (g.mig.strategy === 'single' && profiles > 1)
        out.push({
          path: 'chart.gpu.mig.strategy',
          expected: '"mixed" (the layout has several profiles)',
          found: '"single"',
        });
      return out;
    },
  },
  {
    id: 'dr-scaled-down',
    description: 'a DR standby keeps no floor and no GPU, high-memory or batch capacity',
    check: (v, ctx) => {
      if (!isScaledDownStandby(ctx.cluster)) return undefined;
      return pools(v).flatMap(([name, p]): RuleViolation[] => {
        if (p.minNodes > 0)
          return [
            { path: poolPath(name, 'minNodes'), expected: '0 on a DR standby', found: String(p.minNodes) },
          ];
        if (p.kind !== 'general' && p.maxNodes > 0)
          return [
            { path: poolPath(name, 'maxNodes'), expected: '0 on a DR standby', found: String(p.maxNodes) },
          ];
        return [];
      });
    },
  },
  {
    id: 'service-monitor-needs-observability',
    description: 'a ServiceMonitor needs the Prometheus Operator CRDs of the observability component',
    check: (v, ctx) =>
      kv(v).serviceMonitor.enabled && !ctx.enabledComponents.has('observability')
        ? [
            {
              path: 'karpenter.serviceMonitor.enabled',
              expected: 'false (observability is not enabled on this cluster)',
              found: 'true',
            },
          ]
        : undefined,
  },
];
