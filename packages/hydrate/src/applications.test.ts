import { describe, expect, it } from 'vitest';
import { applicationsOfTree, goTemplate } from './applications.ts';

const appSet = `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: { name: c1, namespace: argocd }
spec:
  goTemplate: true
  goTemplateOptions: [missingkey=error]
  generators:
    - list:
        elements:
          - component: web
            namespace: web-ns
            sources: [{ repoURL: https://charts.example.com, chart: web, targetRevision: 1.0.0 }]
  template:
    metadata: { name: 'c1-{{ .component }}' }
    spec:
      project: c1
      destination: { server: https://kubernetes.default.svc, namespace: '{{ .namespace }}' }
  templatePatch: |
    spec:
      sources: {{ toJson .sources }}
`;

describe('applicationsOfTree', () => {
  it('expands list generators with the template and its patch, as the ApplicationSet controller does', () => {
    const apps = applicationsOfTree(new Map([['clusters/c1/apps/applicationset.yaml', appSet]]));
    expect(apps).toHaveLength(1);
    expect(apps[0]).toMatchObject({
      cluster: 'c1',
      component: 'web',
      manifest: {
        kind: 'Application',
        metadata: { name: 'c1-web', namespace: 'argocd' },
        spec: { project: 'c1', destination: { namespace: 'web-ns' } },
      },
      sources: [{ chart: 'web', targetRevision: '1.0.0' }],
    });
  });

  it('fails like missingkey=error on a key the element does not have', () => {
    expect(() => goTemplate('{{ .nope }}', { a: 1 }, 'here')).toThrow(
      /here: map has no entry for key "nope"/,
    );
    expect(() => goTemplate('{{ .a | upper }}', { a: 1 }, 'here')).toThrow(/unsupported template expression/);
  });
});
