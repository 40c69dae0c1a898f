import { describe, expect, it } from 'vitest';
import { registeredServers, unregisteredDestination } from './argo-project-clusters.ts';

describe('cluster registrations on the hub', () => {
  const externalSecret = {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    spec: {
      target: {
        template: {
          metadata: { labels: { 'argocd.argoproj.io/secret-type': 'cluster' } },
          data: { server: 'https://spoke.example.com', config: '{"bearerToken":"{{ .bearerToken }}"}' },
        },
      },
    },
  };

  it('reads the server an ExternalSecret registers, and ignores other ExternalSecrets', () => {
    const other = {
      kind: 'ExternalSecret',
      spec: { target: { template: { data: { server: 'https://x' } } } },
    };
    expect([...registeredServers([externalSecret, other])]).toEqual(['https://spoke.example.com']);
  });

  it('accepts in-cluster and registered destinations, fails an unregistered one', () => {
    const registered = registeredServers([externalSecret]);
    expect(unregisteredDestination('https://kubernetes.default.svc', registered)).toBeUndefined();
    expect(unregisteredDestination('https://spoke.example.com', registered)).toBeUndefined();
    expect(unregisteredDestination('https://other.example.com', registered)).toMatchObject({
      code: 'argo-project-cluster',
      found: 'https://other.example.com',
    });
  });
});
