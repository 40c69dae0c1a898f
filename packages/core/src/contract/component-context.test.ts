import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { addon, cluster, demo, fleet } from '../values/__fixtures__/fleet.ts';
import { computeFleet } from '../values/compute.ts';
import { type ComponentDefinition, defineComponent } from './component.ts';
import { unknownIntegrations } from './component-context.ts';

const probeValues = z.strictObject({ addonPresent: z.boolean(), window: z.int().default(5) });

/** A component whose values say whether `addon` runs, declared (or not) as an integration. */
function probe(integrates?: ComponentDefinition['integrates']): ComponentDefinition {
  return defineComponent({
    name: 'probe',
    namespace: 'probe',
    description: 'asks about addon',
    upstreamCharts: [],
    chart: { valuesSchema: probeValues },
    dependsOn: [],
    ...(integrates === undefined ? {} : { integrates }),
    enabledByDefault: () => true,
    values: (ctx) => ({ defaults: { chart: { addonPresent: ctx.enabledComponents.has('addon') } } }),
    rules: [
      {
        id: 'window-at-most-3',
        description: 'the window is at most 3',
        // `window` comes from the schema's default: the rule sees the parsed values
        check: (v) =>
          v.chart.window > 3
            ? [{ path: 'chart.window', expected: '<= 3', found: String(v.chart.window) }]
            : undefined,
      },
    ],
  });
}

const staging = () => fleet([cluster('stg-a', 'staging')]);

describe('soft integrations (ComponentDefinition.integrates)', () => {
  it('throws when a component asks about a component it declares nowhere', () => {
    expect(() => computeFleet(staging(), [demo, addon, probe()])).toThrow(
      "component probe asks whether addon is enabled but declares it in neither dependsOn nor integrates; add 'addon' to its integrates",
    );
  });

  it('answers for a declared integration, and for any component with integrates: any', () => {
    for (const integrates of [['addon'], 'any'] as const) {
      const { clusters } = computeFleet(staging(), [demo, addon, probe(integrates)]);
      const p = clusters[0]!.components.find((c) => c.definition.name === 'probe')!;
      expect(p.targets.chart?.values.addonPresent).toBe(true);
    }
  });

  it('reports an integration with an unknown component against the complete set of components', () => {
    const issues = unknownIntegrations([demo, addon, probe(['addon', 'adon'])]);
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'unknown-integration',
        component: 'probe',
        path: 'integrates[1]',
        found: '"adon"',
        expected: 'one of addon, demo, probe',
        message: 'integrates with an unknown component',
      }),
    ]);
    expect(unknownIntegrations([demo, addon, probe(['addon']), probe('any')])).toEqual([]);
  });

  it('lets a smaller set of components leave an integration out (a soft dependency)', () => {
    const { issues, clusters } = computeFleet(staging(), [demo, probe(['addon'])]);
    expect(issues).toEqual([expect.objectContaining({ code: 'rule:window-at-most-3' })]);
    const p = clusters[0]!.components.find((c) => c.definition.name === 'probe')!;
    expect(p.targets.chart?.values.addonPresent).toBe(false);
  });
});

describe('defineComponent', () => {
  it('gives rules the values as the target schema parsed them (defaults filled in)', () => {
    const { issues } = computeFleet(staging(), [demo, addon, probe(['addon'])]);
    expect(issues).toContainEqual(
      expect.objectContaining({
        code: 'rule:window-at-most-3',
        cluster: 'stg-a',
        path: 'chart.window',
        found: '5',
      }),
    );
  });

  it('types builders and rules by the targets it declares', () => {
    const spec = {
      name: 'typed',
      namespace: 'typed',
      description: 'typed targets',
      upstreamCharts: [
        {
          id: 'up',
          repoURL: 'https://charts.example.com',
          chart: 'up',
          version: '1.0.0',
          valuesSchema: probeValues,
        },
      ],
      dependsOn: [],
      enabledByDefault: () => true,
    } as const;
    const ok = defineComponent({
      ...spec,
      values: () => ({ defaults: { up: { addonPresent: false } } }),
      rules: [{ id: 'r', description: 'r', check: (v) => (v.up.window > 0 ? undefined : []) }],
    });
    expect(ok.name).toBe('typed');
    defineComponent({
      ...spec,
      // @ts-expect-error a target the component does not have
      values: () => ({ defaults: { chart: { addonPresent: false } } }),
      rules: [],
    });
    defineComponent({
      ...spec,
      // @ts-expect-error a value of the wrong type for the target's schema
      values: () => ({ defaults: { up: { addonPresent: 'yes' } } }),
      rules: [],
    });
    defineComponent({
      ...spec,
      values: () => ({}),
      // @ts-expect-error a field the target's schema does not declare
      rules: [{ id: 'r', description: 'r', check: (v) => (v.up.replicas ? undefined : []) }],
    });
  });
});
