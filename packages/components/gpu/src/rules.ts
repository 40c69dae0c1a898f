import type { ParsedTargets, RuleViolation, TypedComponentRule } from '@platform/core';
import type { Targets, Toleration } from './schema.ts';
import { devicePluginConfigKey, gpuTolerations } from './values.ts';

const plugin = (v: ParsedTargets<Targets>) => v['nvidia-device-plugin'];
const dcgm = (v: ParsedTargets<Targets>) => v['dcgm-exporter'];

const tolerates = (ts: readonly Toleration[], taint: Toleration) =>
  ts.some(
    (t) =>
      t.key === taint.key &&
      (t.effect === undefined || t.effect === taint.effect) &&
      (t.operator === 'Exists' || t.value === taint.value),
  );

/** Cross-field rules of the GPU values; every violation is reported. */
export const gpuRules: readonly TypedComponentRule<Targets>[] = [
  {
    id: 'config-matches-environment-sharing',
    description:
      "The device plugin's default entry is the one charts/karpenter renders for the environment's GPU sharing",
    check: (v, ctx) => {
      const want = devicePluginConfigKey(ctx.environment);
      const found = plugin(v).config.default;
      return found === want
        ? undefined
        : [
            {
              path: 'nvidia-device-plugin.config.default',
              expected: `${want} (the environment's GPU sharing, ${ctx.environment.gpu.sharing})`,
              found,
            },
          ];
    },
  },
  {
    id: 'tolerates-gpu-taints',
    description: "Both DaemonSets tolerate every taint of Karpenter's GPU pools",
    check: (v) => {
      const out: RuleViolation[] = [];
      for (const [target, ts] of [
        ['nvidia-device-plugin', plugin(v).tolerations],
        ['dcgm-exporter', dcgm(v).tolerations],
      ] as const)
        for (const taint of gpuTolerations())
          if (!tolerates(ts, taint))
            out.push({
              path: `${target}.tolerations`,
              expected: `a toleration of ${taint.key}=${taint.value ?? ''}:${taint.effect}`,
              found: JSON.stringify(ts),
            });
      return out.length > 0 ? out : undefined;
    },
  },
  {
    id: 'exporter-on-plugin-nodes',
    description: 'The DCGM exporter runs on exactly the nodes the device plugin runs on',
    check: (v) => {
      const a = JSON.stringify(plugin(v).affinity);
      const b = JSON.stringify(dcgm(v).affinity);
      return a === b
        ? undefined
        : [{ path: 'dcgm-exporter.affinity', expected: `the device plugin's affinity ${a}`, found: b }];
    },
  },
];
