import { computeFleet, type Fleet } from '@platform/core';
import { formatIssue } from '@platform/errors';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMPONENTS, computed, loadDefaultFleet, targetsOf, withOverride } from './__fixtures__/fleet.ts';
import { dcgmExporterValues, devicePluginValues } from './index.ts';

let fleet: Fleet;
let byCluster: Map<string, Record<string, any>>;
beforeAll(async () => {
  fleet = await loadDefaultFleet();
  byCluster = new Map(computed(fleet).map((cc) => [cc.context.cluster.name, targetsOf(cc, 'gpu')]));
});
const plugin = (c: string) => byCluster.get(c)!['nvidia-device-plugin'];
const dcgm = (c: string) => byCluster.get(c)!['dcgm-exporter'];

describe('gpu values of the default fleet', () => {
  it('computes valid values for both charts on every cluster', () => {
    expect(byCluster.size).toBe(4);
    for (const [, v] of byCluster) {
      expect(() => devicePluginValues.parse(v['nvidia-device-plugin'])).not.toThrow();
      expect(() => dcgmExporterValues.parse(v['dcgm-exporter'])).not.toThrow();
    }
  });

  it('shares GPUs as the environment profile says: time-slicing x2 / x4, MIG mixed in production', () => {
    expect(plugin('agentic-dev-usw2').config).toEqual({
      name: 'nvidia-device-plugin-config',
      default: 'time-slicing-x2',
    });
    expect(plugin('agentic-stg-usw2').config.default).toBe('time-slicing-x4');
    expect(plugin('agentic-prod-usw2').config.default).toBe('mig-mixed');
    expect(plugin('agentic-dr-use1').config.default).toBe('mig-mixed');
  });

  it('runs both DaemonSets only on nodes with the GPU pool label, tolerating the GPU taint', () => {
    for (const c of byCluster.keys()) {
      const terms =
        plugin(c).affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
      expect(terms).toEqual([
        { matchExpressions: [{ key: 'nvidia.com/device-plugin.config', operator: 'Exists' }] },
      ]);
      expect(dcgm(c).affinity).toEqual(plugin(c).affinity);
      for (const t of [plugin(c).tolerations, dcgm(c).tolerations])
        expect(t).toEqual([
          { key: 'nvidia.com/gpu', operator: 'Equal', value: 'true', effect: 'NoSchedule' },
        ]);
    }
    expect(dcgm('agentic-prod-usw2').serviceMonitor).toEqual({
      enabled: true,
      interval: '30s',
      honorLabels: false,
    });
  });
});

describe('gpu bad input', () => {
  const issuesOf = (values: Record<string, any>, cluster = 'agentic-prod-usw2') =>
    computeFleet(withOverride(fleet, cluster, values), COMPONENTS).issues;

  it("refuses a device plugin entry the environment's sharing does not render, naming the path", () => {
    const issues = issuesOf({ 'nvidia-device-plugin': { config: { default: 'time-slicing-x4' } } });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      cluster: 'agentic-prod-usw2',
      component: 'gpu',
      path: 'nvidia-device-plugin.config.default',
      found: 'time-slicing-x4',
    });
    expect(formatIssue(issues[0]!)).toMatch(/mig-mixed/);
  });

  it('refuses tolerations that miss the GPU taint and an exporter on other nodes, all at once', () => {
    const issues = issuesOf({
      'dcgm-exporter': {
        tolerations: [{ key: 'nvidia.com/gpu', operator: 'Equal', value: 'present', effect: 'NoSchedule' }],
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: 'node-pool', operator: 'In', values: ['general'] }] },
              ],
            },
          },
        },
      },
    });
    expect(issues.map((i) => i.path)).toEqual(['dcgm-exporter.tolerations', 'dcgm-exporter.affinity']);
  });

  it('refuses a config key that is not one of the ConfigMap forms', () => {
    const issues = issuesOf({ 'nvidia-device-plugin': { config: { default: 'default' } } });
    expect(issues.map((i) => i.path)).toContain('nvidia-device-plugin.config.default');
  });
});
