import { describe, expect, it } from 'vitest';
import { loadModel, locateModel, packageForGroup, splitApiVersion } from './model-registry.ts';

describe('model registry', () => {
  it('splits apiVersions into group and version', () => {
    expect(splitApiVersion('v1')).toEqual({ group: '', version: 'v1' });
    expect(splitApiVersion('networking.k8s.io/v1')).toEqual({ group: 'networking.k8s.io', version: 'v1' });
  });

  it.each([
    ['', 'kubernetes-models'],
    ['apps', 'kubernetes-models'],
    ['rbac.authorization.k8s.io', 'kubernetes-models'],
    ['argoproj.io', '@kubernetes-models/argo-cd'],
    ['karpenter.sh', '@kubernetes-models/karpenter'],
    ['karpenter.k8s.aws', '@kubernetes-models/karpenter'],
    ['external-secrets.io', '@kubernetes-models/external-secrets'],
    ['networking.istio.io', '@kubernetes-models/istio'],
    ['security.istio.io', '@kubernetes-models/istio'],
    ['monitoring.coreos.com', '@kubernetes-models/prometheus-operator'],
    ['cert-manager.io', '@kubernetes-models/cert-manager'],
    ['acme.cert-manager.io', '@kubernetes-models/cert-manager'],
    ['keda.sh', '@kubernetes-models/keda'],
  ])('maps the API group "%s" to %s', (group, pkg) => {
    expect(packageForGroup(group)).toBe(pkg);
  });

  it('knows no package for other groups', () => {
    expect(packageForGroup('cilium.io')).toBeUndefined();
    expect(packageForGroup('example.com')).toBeUndefined();
  });

  it('locates and loads the model class of a kind', async () => {
    const location = locateModel('monitoring.coreos.com/v1', 'PrometheusRule');
    expect(location?.specifier).toBe(
      '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule',
    );
    const model = location && (await loadModel(location));
    expect(model?.kind).toBe('PrometheusRule');
    expect(locateModel('v1', 'Pod')?.specifier).toBe('kubernetes-models/v1/Pod');
  });

  it('finds no model for unknown kinds, versions or nested types', async () => {
    expect(locateModel('apps/v1', 'Deploymnet')).toBeUndefined();
    expect(locateModel('apps/v7', 'Deployment')).toBeUndefined();
    expect(locateModel('apps/v1', '../v1/Pod')).toBeUndefined();
    const nested = locateModel('apps/v1', 'DeploymentSpec');
    expect(nested && (await loadModel(nested))).toBeUndefined();
  });
});
