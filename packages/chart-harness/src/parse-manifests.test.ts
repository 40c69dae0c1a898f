import { describe, expect, it } from 'vitest';
import { parseManifests } from './parse-manifests.ts';

const output = `---
# Source: demo/templates/configmap.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: demo
data:
  enabled: yes
  since: 2024-01-01
---
# Source: demo/templates/empty.yaml
---
# Source: demo/templates/service.yaml
apiVersion: v1
kind: Service
metadata:
  name: demo
`;

describe('parseManifests', () => {
  it('keeps each object with the template it came from and skips empty documents', () => {
    const { objects, problems } = parseManifests(output);
    expect(problems).toEqual([]);
    expect(objects.map((o) => [o.source, o.manifest.kind])).toEqual([
      ['demo/templates/configmap.yaml', 'ConfigMap'],
      ['demo/templates/service.yaml', 'Service'],
    ]);
  });

  it('reads YAML 1.1 booleans like Kubernetes does and keeps timestamps as strings', () => {
    const data = parseManifests(output).objects[0]?.manifest.data;
    expect(data).toEqual({ enabled: true, since: '2024-01-01' });
  });

  it('reports documents that do not parse or are not objects', () => {
    const { objects, problems } = parseManifests(
      [
        '---\n# Source: x/templates/a.yaml\nkind: [oops\n',
        '---\n# Source: x/templates/b.yaml\n- 1\n',
        '---\n# Source: x/templates/c.yaml\nfoo: bar\n',
      ].join(''),
    );
    expect(objects).toEqual([]);
    expect(problems.map((p) => p.source)).toEqual([
      'x/templates/a.yaml',
      'x/templates/b.yaml',
      'x/templates/c.yaml',
    ]);
    expect(problems[1]?.message).toContain('found a list');
    expect(problems[2]?.message).toContain('apiVersion and kind');
  });
});
