import { describe, expect, it } from 'vitest';
import { goodDeployment } from './__fixtures__/manifests.ts';
import { checkObjects } from './check-objects.ts';
import type { RenderedObject } from './types.ts';

const rendered = (...manifests: Record<string, unknown>[]): RenderedObject[] =>
  manifests.map((manifest) => ({ source: 'chart/templates/x.yaml', manifest }));

const pdb = (apiVersion: string) => ({
  apiVersion,
  kind: 'PodDisruptionBudget',
  metadata: { name: 'app', namespace: 'ns' },
  spec: { minAvailable: true, selectr: {} },
});

describe('checkObjects', () => {
  it('reports nothing for objects that pass every check', async () => {
    expect(await checkObjects(rendered(goodDeployment()), { scenario: 's' })).toEqual([]);
  });

  it('reports an unserved API version instead of validating the object against an old schema', async () => {
    const findings = await checkObjects(rendered(pdb('policy/v1beta1')), { scenario: 's' });
    expect(findings).toEqual([
      {
        scenario: 's',
        check: 'served-api',
        object: 'policy/v1beta1 PodDisruptionBudget ns/app',
        path: 'apiVersion',
        message: expect.stringContaining('expected policy/v1, found policy/v1beta1'),
      },
    ]);
  });

  it('reports schema errors and unknown fields of the same object together', async () => {
    const findings = await checkObjects(rendered(pdb('policy/v1')), { scenario: 's' });
    expect(findings.map((f) => [f.check, f.path])).toEqual([
      ['schema', 'spec.minAvailable'],
      ['unknown-field', 'spec.selectr'],
    ]);
    expect(findings[0]?.message).toContain('expected string or integer, found boolean true');
    expect(findings[1]?.message).toContain('did you mean "selector"?');
  });

  it('reports unknown fields of custom resources too', async () => {
    const application = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'app', namespace: 'argocd' },
      spec: {
        project: 'default',
        destination: { server: 'https://kubernetes.default.svc', namespace: 'app' },
        source: { repoURL: 'https://example.com/repo.git', path: '.', targetRevision: 'main' },
        syncPolicy: { automated: { prune: true, selfheal: true } },
      },
    };
    expect(await checkObjects(rendered(application), { scenario: 's' })).toEqual([
      expect.objectContaining({
        check: 'unknown-field',
        object: 'argoproj.io/v1alpha1 Application argocd/app',
        path: 'spec.syncPolicy.automated.selfheal',
        message: expect.stringContaining('did you mean "selfHeal"?'),
      }),
    ]);
  });

  it('accepts an API removed after the Kubernetes version the scenario renders for', async () => {
    const findings = await checkObjects(rendered(pdb('policy/v1beta1')), {
      scenario: 's',
      kubeVersion: '1.24.0',
    });
    expect(findings.map((f) => f.check)).toEqual(['schema', 'unknown-field']);
  });

  it('reports a kind with no known schema unless the caller allows it', async () => {
    const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } };
    const findings = await checkObjects(rendered(widget), { scenario: 's' });
    expect(findings).toEqual([
      expect.objectContaining({
        check: 'schema',
        path: '',
        message: expect.stringContaining('no schema known for example.com/v1 Widget'),
      }),
    ]);
    expect(
      await checkObjects(rendered(widget), { scenario: 's', allowKinds: ['example.com/v1/Widget'] }),
    ).toEqual([]);
    expect(await checkObjects(rendered(widget), { scenario: 's', allowKinds: ['example.com/v1/*'] })).toEqual(
      [],
    );
  });

  it('skips the policy checks for charts that are not ours', async () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'upstream' },
      data: { token: 'eA==' },
    };
    const latest = goodDeployment({ containers: [{ name: 'c', image: 'c:latest' }] });
    expect(await checkObjects(rendered(secret, latest), { scenario: 's', ownWorkloads: false })).toEqual([]);
    const ours = await checkObjects(rendered(secret, latest), { scenario: 's' });
    expect(new Set(ours.map((f) => f.check))).toEqual(
      new Set(['secret', 'pod-security', 'image', 'resources']),
    );
  });

  it('skips only the pod-security check for a workload listed in hostAccess', async () => {
    const host = goodDeployment({ hostPID: true, containers: [{ name: 'c', image: 'c:latest' }] });
    const checks = async (hostAccess?: string[]) =>
      (await checkObjects(rendered(host), { scenario: 's', ...(hostAccess ? { hostAccess } : {}) })).map(
        (f) => f.check,
      );
    expect(await checks()).toContain('pod-security');
    const exempt = await checks(['apps/v1/Deployment/app']);
    expect(exempt).not.toContain('pod-security');
    expect(exempt).toContain('image');
    expect(await checks(['apps/v1/Deployment/other'])).toContain('pod-security');
  });
});
