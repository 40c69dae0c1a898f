import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkChart } from '@platform/chart-harness';
import cilium from '@platform/component-cilium';
import platformBaseline from '@platform/component-platform-baseline';
import { computeFleet, type Fleet, loadFleet } from '@platform/core';
import Ajv from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import gatekeeper, { type ChartValues } from './index.ts';

const root = resolve(import.meta.dirname, '../../../..');
let fleet: Fleet;
beforeAll(async () => {
  fleet = await loadFleet(join(root, 'gitops'));
});

/** Strict schemas of the two Gatekeeper kinds we emit (the harness has no model package for them). */
const constraintTemplate = z.strictObject({
  apiVersion: z.literal('templates.gatekeeper.sh/v1'),
  kind: z.literal('ConstraintTemplate'),
  metadata: z.object({ name: z.string() }).passthrough(),
  spec: z.strictObject({
    crd: z.strictObject({
      spec: z.strictObject({
        names: z.strictObject({ kind: z.string() }),
        validation: z.strictObject({ openAPIV3Schema: z.record(z.string(), z.unknown()) }),
      }),
    }),
    targets: z.array(
      z.strictObject({ target: z.literal('admission.k8s.gatekeeper.sh'), rego: z.string().min(1) }),
    ),
  }),
});
const requiredLabelsConstraint = z.strictObject({
  apiVersion: z.literal('constraints.gatekeeper.sh/v1beta1'),
  kind: z.literal('K8sRequiredLabels'),
  metadata: z.object({ name: z.string() }).passthrough(),
  spec: z.strictObject({
    enforcementAction: z.enum(['deny', 'dryrun', 'warn']),
    match: z.strictObject({
      kinds: z.array(z.strictObject({ apiGroups: z.array(z.string()), kinds: z.array(z.string()) })),
      excludedNamespaces: z.array(z.string()),
    }),
    parameters: z.strictObject({ labels: z.array(z.string()) }),
  }),
});

async function rendered() {
  const { clusters, issues } = computeFleet(fleet, [cilium, platformBaseline, gatekeeper]);
  expect(issues).toEqual([]);
  const scenarios = clusters.map((cc) => ({
    name: cc.context.cluster.name,
    values: cc.components.find((c) => c.definition.name === 'gatekeeper')!.targets.chart!
      .values as ChartValues,
  }));
  const result = await checkChart(join(root, 'charts/gatekeeper'), scenarios, {
    allowKinds: [
      'templates.gatekeeper.sh/v1/ConstraintTemplate',
      'constraints.gatekeeper.sh/v1beta1/K8sRequiredLabels',
    ],
  });
  expect(result.findings).toEqual([]);
  return result.objects;
}

describe('gatekeeper', () => {
  it('denies in production and only audits (dryrun) elsewhere', async () => {
    const objects = await rendered();
    const action = (c: string) =>
      (
        objects.get(c)!.find((o) => o.manifest.kind === 'K8sRequiredLabels')!.manifest.spec as {
          enforcementAction: string;
        }
      ).enforcementAction;
    expect(
      ['agentic-dev-usw2', 'agentic-stg-usw2', 'agentic-prod-usw2', 'agentic-dr-use1'].map(action),
    ).toEqual(['dryrun', 'dryrun', 'deny', 'deny']);
  });

  it('renders a ConstraintTemplate and a constraint that pass strict schemas (unknown fields rejected)', async () => {
    for (const list of (await rendered()).values()) {
      for (const o of list) {
        const schema =
          o.manifest.kind === 'ConstraintTemplate' ? constraintTemplate : requiredLabelsConstraint;
        expect(schema.safeParse(o.manifest).error?.issues ?? []).toEqual([]);
      }
    }
    expect(
      requiredLabelsConstraint.safeParse({
        apiVersion: 'constraints.gatekeeper.sh/v1beta1',
        kind: 'K8sRequiredLabels',
        metadata: { name: 'x' },
        spec: {
          enforcementAction: 'deny',
          match: { kinds: [], excludedNamespaces: [] },
          parameters: { labels: [] },
          mtach: {},
        },
      }).success,
    ).toBe(false);
  });

  const catalog = resolve(
    root,
    '../shared/reference/crds-catalog/templates.gatekeeper.sh/constrainttemplate_v1.json',
  );
  it.runIf(existsSync(catalog))(
    'cross-check: the ConstraintTemplate validates against the upstream CRD schema',
    async () => {
      const validate = new Ajv({ strict: false, allErrors: true }).compile(
        JSON.parse(readFileSync(catalog, 'utf8')),
      );
      const template = (await rendered())
        .get('agentic-prod-usw2')!
        .find((o) => o.manifest.kind === 'ConstraintTemplate')!;
      expect(validate(template.manifest) ? [] : validate.errors).toEqual([]);
    },
  );

  it('fails when production would only audit', () => {
    const f: Fleet = {
      ...fleet,
      clusters: fleet.clusters.map((c) =>
        c.name === 'agentic-prod-usw2'
          ? {
              ...c,
              components: {
                gatekeeper: { values: { chart: { requiredLabels: { enforcementAction: 'warn' } } } },
              },
            }
          : c,
      ),
    };
    const { issues } = computeFleet(f, [cilium, platformBaseline, gatekeeper]);
    expect(issues.map((i) => i.code)).toEqual(['rule:production-enforces-deny']);
  });
});
