import { describe, expect, it } from 'vitest';
import { findUnservedApi } from './served-apis.ts';

describe('findUnservedApi', () => {
  it.each([
    ['policy/v1beta1', 'PodDisruptionBudget', 'policy/v1'],
    ['batch/v1beta1', 'CronJob', 'batch/v1'],
    ['extensions/v1beta1', 'Ingress', 'networking.k8s.io/v1'],
    ['extensions/v1beta1', 'Deployment', 'apps/v1'],
    ['networking.k8s.io/v1beta1', 'Ingress', 'networking.k8s.io/v1'],
    ['apps/v1beta2', 'StatefulSet', 'apps/v1'],
    ['autoscaling/v2beta2', 'HorizontalPodAutoscaler', 'autoscaling/v2'],
    ['flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', 'flowcontrol.apiserver.k8s.io/v1'],
    ['storage.k8s.io/v1beta1', 'CSIStorageCapacity', 'storage.k8s.io/v1'],
    ['rbac.authorization.k8s.io/v1beta1', 'ClusterRole', 'rbac.authorization.k8s.io/v1'],
    ['external-secrets.io/v1beta1', 'ExternalSecret', 'external-secrets.io/v1'],
    ['external-secrets.io/v1alpha1', 'SecretStore', 'external-secrets.io/v1'],
    ['karpenter.sh/v1beta1', 'NodePool', 'karpenter.sh/v1'],
    ['karpenter.sh/v1alpha5', 'Provisioner', 'karpenter.sh/v1 NodePool'],
    ['karpenter.k8s.aws/v1beta1', 'EC2NodeClass', 'karpenter.k8s.aws/v1'],
    ['cert-manager.io/v1alpha2', 'Certificate', 'cert-manager.io/v1'],
    ['networking.istio.io/v1beta1', 'VirtualService', 'networking.istio.io/v1'],
    ['security.istio.io/v1beta1', 'AuthorizationPolicy', 'security.istio.io/v1'],
    ['cilium.io/v2alpha1', 'CiliumLoadBalancerIPPool', 'cilium.io/v2'],
  ])('reports %s %s and names %s as the replacement', (apiVersion, kind, replacement) => {
    expect(findUnservedApi(apiVersion, kind)?.replacement).toBe(replacement);
  });

  it('says PodSecurityPolicy has no replacement object but Pod Security Admission', () => {
    expect(findUnservedApi('policy/v1beta1', 'PodSecurityPolicy')?.replacement).toContain(
      'Pod Security Admission',
    );
  });

  it('says the Istio beta versions are superseded', () => {
    expect(findUnservedApi('networking.istio.io/v1alpha3', 'DestinationRule')?.reason).toBe(
      'superseded; emit v1',
    );
  });

  it.each([
    ['policy/v1', 'PodDisruptionBudget'],
    ['external-secrets.io/v1', 'ExternalSecret'],
    ['external-secrets.io/v1alpha1', 'PushSecret'],
    ['karpenter.sh/v1', 'NodePool'],
    ['karpenter.sh/v1alpha1', 'NodeOverlay'],
    ['networking.istio.io/v1alpha3', 'EnvoyFilter'],
    ['networking.istio.io/v1beta1', 'ProxyConfig'],
    ['monitoring.coreos.com/v1alpha1', 'AlertmanagerConfig'],
    ['cilium.io/v2alpha1', 'CiliumL2AnnouncementPolicy'],
    ['argoproj.io/v1alpha1', 'Application'],
  ])('accepts %s %s, which is served', (apiVersion, kind) => {
    expect(findUnservedApi(apiVersion, kind)).toBeUndefined();
  });

  it('accepts a Kubernetes API on clusters older than the release that removed it', () => {
    expect(findUnservedApi('policy/v1beta1', 'PodDisruptionBudget', '1.24.3')).toBeUndefined();
    expect(findUnservedApi('policy/v1beta1', 'PodDisruptionBudget', 'v1.25.0')?.replacement).toBe(
      'policy/v1',
    );
    expect(findUnservedApi('external-secrets.io/v1beta1', 'ExternalSecret', '1.20.0')).toBeDefined();
  });
});
