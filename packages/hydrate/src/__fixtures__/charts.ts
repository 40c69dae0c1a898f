import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { locateHelm } from '@platform/chart-harness';

export const helm = (): string => locateHelm();

/** Writes a chart folder from a map of files. */
export function writeChart(dir: string, files: Record<string, string>): string {
  for (const [p, c] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), c);
  }
  return dir;
}

/** A chart that reports how helm rendered it (release, namespace, Kubernetes version, values). */
export const probeChart = (name: string, version: string): Record<string, string> => ({
  'Chart.yaml': `apiVersion: v2\nname: ${name}\nversion: ${version}\n`,
  'values.yaml': 'greeting: hello\n',
  'templates/cm.yaml': [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: {{ .Release.Name }}-probe',
    'data:',
    '  release: {{ .Release.Name | quote }}',
    '  namespace: {{ .Release.Namespace | quote }}',
    '  kube: {{ .Capabilities.KubeVersion.Version | quote }}',
    '  greeting: {{ .Values.greeting | quote }}',
    '',
  ].join('\n'),
});

/** A chart that installs a CRD (example.com/v1 Widget). */
export const crdChart: Record<string, string> = {
  'Chart.yaml': 'apiVersion: v2\nname: widgets-crds\nversion: 1.0.0\n',
  'crds/widgets.yaml': [
    'apiVersion: apiextensions.k8s.io/v1',
    'kind: CustomResourceDefinition',
    'metadata:',
    '  name: widgets.example.com',
    'spec:',
    '  group: example.com',
    '  names: { kind: Widget, plural: widgets, singular: widget, listKind: WidgetList }',
    '  scope: Namespaced',
    '  versions:',
    '    - name: v1',
    '      served: true',
    '      storage: true',
    '      schema: { openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true } }',
    '',
  ].join('\n'),
};

/** A chart that renders a Widget only when the cluster serves example.com/v1/Widget. */
export const widgetChart: Record<string, string> = {
  'Chart.yaml': 'apiVersion: v2\nname: widget\nversion: 2.0.0\n',
  'templates/widget.yaml': [
    '{{- if .Capabilities.APIVersions.Has "example.com/v1/Widget" }}',
    'apiVersion: example.com/v1',
    'kind: Widget',
    'metadata:',
    '  name: {{ .Release.Name }}',
    '{{- end }}',
    '',
  ].join('\n'),
};

/** Packages chart folders into a Helm repository folder (index.yaml + .tgz) with the real helm. */
export function helmRepository(charts: Record<string, string>[]): string {
  const repo = mkdtempSync(join(tmpdir(), 'hydrate-repo-'));
  for (const files of charts) {
    const src = writeChart(mkdtempSync(join(tmpdir(), 'hydrate-chart-')), files);
    execFileSync(helm(), ['package', src, '--destination', repo], { stdio: 'pipe' });
  }
  execFileSync(helm(), ['repo', 'index', repo, '--url', 'http://127.0.0.1:8879'], { stdio: 'pipe' });
  return repo;
}
