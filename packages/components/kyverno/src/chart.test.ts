import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  checkChart,
  crdProblems,
  crdSchema,
  type RenderedObject,
  upstreamCrds,
} from '@platform/chart-harness';
import { cachedChartPath, chartCacheDir } from '@platform/hydrate';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  CHART_DIR,
  CLUSTERS,
  kyvernoValuesByCluster,
  loadDefaultFleet,
  RELEASE,
  ROOT,
  renderFor,
} from './__fixtures__/fleet.ts';
import kyverno from './index.ts';

type Manifest = Record<string, any>;
const PIN = kyverno.upstreamCharts.find((u) => u.id === 'kyverno')!;
const ALLOW_KINDS = (
  parse(readFileSync(join(CHART_DIR, 'ci/harness.yaml'), 'utf8')) as { allowKinds: string[] }
).allowKinds;

let objects: Map<string, RenderedObject[]>;
let values: Map<string, Record<string, any>>;
beforeAll(async () => {
  values = kyvernoValuesByCluster(await loadDefaultFleet());
  const scenarios = CLUSTERS.map((name) => ({ name, values: values.get(name)!.chart, ...RELEASE }));
  const result = await checkChart(CHART_DIR, scenarios, { allowKinds: ALLOW_KINDS });
  expect(result.findings).toEqual([]);
  objects = result.objects;
});

const policy = (cluster: string, name: string): Manifest =>
  (objects.get(cluster) ?? []).map((o) => o.manifest as Manifest).find((m) => m.metadata.name === name)!;
const verify = (cluster: string, policyName: string, rule: string) =>
  policy(cluster, policyName).spec.rules.find((r: Manifest) => r.name === rule).verifyImages[0];

describe('charts/kyverno rendered with the real helm for every cluster', () => {
  it('renders the two supply-chain ClusterPolicies, synced after the CRD', () => {
    for (const c of CLUSTERS) {
      const all = (objects.get(c) ?? []).map((o) => o.manifest as Manifest);
      expect(all.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([
        'ClusterPolicy/verify-image-signatures',
        'ClusterPolicy/block-critical-vulnerabilities',
      ]);
      for (const m of all) {
        expect(m.metadata.labels).toMatchObject({ layer: 'l00', component: 'supply-chain-security' });
        expect(m.metadata.annotations['argocd.argoproj.io/sync-options']).toBe(
          'SkipDryRunOnMissingResource=true',
        );
      }
    }
  });

  it("verifies keyless Cosign signatures and the SBOM on the org's images only", () => {
    const v = verify('agentic-prod-usw2', 'verify-image-signatures', 'verify-cosign-signature');
    expect(v.imageReferences).toEqual(['*.dkr.ecr.*.amazonaws.com/*', 'ghcr.io/example-org/*']);
    expect(v.failureAction).toBe('Enforce');
    expect(v.attestors[0].entries[0].keyless).toEqual({
      subject: 'https://github.com/example-org/*',
      issuer: 'https://token.actions.githubusercontent.com',
      rekor: { url: 'https://rekor.sigstore.dev' },
    });
    expect(v.attestations[0]).toMatchObject({
      type: 'https://spdx.dev/Document',
      conditions: [{ all: [{ key: '{{ creationInfo.created }}', operator: 'NotEquals', value: '' }] }],
    });
    const dev = verify('agentic-dev-usw2', 'verify-image-signatures', 'verify-cosign-signature');
    expect([dev.failureAction, dev.mutateDigest]).toEqual(['Audit', false]);
  });

  it('gates vulnerabilities on org images and only audits third-party ones', () => {
    const org = verify(
      'agentic-prod-usw2',
      'block-critical-vulnerabilities',
      'org-images-vulnerability-gate',
    );
    expect(org.failureAction).toBe('Enforce');
    const third = verify(
      'agentic-prod-usw2',
      'block-critical-vulnerabilities',
      'third-party-vulnerability-audit',
    );
    expect(third).toMatchObject({
      imageReferences: ['*'],
      skipImageReferences: ['*.dkr.ecr.*.amazonaws.com/*', 'ghcr.io/example-org/*'],
      failureAction: 'Audit',
      mutateDigest: false,
    });
  });

  it("excludes Gatekeeper's exempt namespaces and the break-glass label in every rule", () => {
    for (const name of ['verify-image-signatures', 'block-critical-vulnerabilities'])
      for (const rule of policy('agentic-stg-usw2', name).spec.rules)
        expect(rule.exclude.any).toEqual([
          {
            resources: {
              namespaces: ['argocd', 'gatekeeper-system', 'kube-public', 'kube-system', 'kyverno'],
            },
          },
          { resources: { selector: { matchLabels: { 'skip-signature-verification': 'true' } } } },
        ]);
  });

  it('fails production values that audit, and an exemption list without kube-system, all at once', async () => {
    const v = structuredClone(values.get('agentic-prod-usw2')!.chart);
    v.signatures.failureAction = 'Audit';
    v.exemptNamespaces = ['kyverno'];
    await expect(renderFor(v)).rejects.toThrow(
      /exemptNamespaces: must contain kube-system[\s\S]*signatures\.failureAction: must be Enforce in production, found Audit/,
    );
  });

  it('fails an Enforce third-party gate through values.schema.json', async () => {
    const v = structuredClone(values.get('agentic-dev-usw2')!.chart);
    v.vulnerabilities.thirdPartyFailureAction = 'Enforce';
    await expect(renderFor(v)).rejects.toThrow(/thirdPartyFailureAction/);
  });
});

describe(`the ClusterPolicies against the kyverno ${PIN.version} CRD (chart cache)`, () => {
  it('validates against kyverno.io/v1 ClusterPolicy, and a misspelt field fails', async () => {
    const crds = await upstreamCrds(cachedChartPath(chartCacheDir(ROOT), PIN.chart, PIN.version), {
      namespace: kyverno.namespace,
    });
    const schema = crdSchema(crds, 'ClusterPolicy', 'v1');
    expect(schema).toBeDefined();
    for (const c of CLUSTERS)
      for (const o of objects.get(c) ?? []) expect(crdProblems(schema!, o.manifest), c).toEqual([]);
    const bad = structuredClone(policy('agentic-prod-usw2', 'verify-image-signatures'));
    bad.spec.rules[0].verifyImages[0].failureActon = 'Enforce';
    expect(crdProblems(schema!, bad)).toEqual(['spec.rules[0].verifyImages[0].failureActon: unknown field']);
  });
});
