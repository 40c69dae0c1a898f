{{/* Labels on every object: cost allocation, layer, environment, app.kubernetes.io. */}}
{{- define "obs.labels" -}}
cost-center: {{ index .Values.labels "cost-center" | quote }}
layer: {{ .Values.labels.layer | quote }}
environment: {{ .Values.environment | quote }}
app.kubernetes.io/name: observability
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: infrastructure
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | quote }}
{{- end -}}

{{/* The labels above plus extra ones (dict "ctx" $ "extra" $map); the chart's own labels win. */}}
{{- define "obs.labelsWith" -}}
{{- $labels := include "obs.labels" .ctx | fromYaml -}}
{{- toYaml (merge $labels (deepCopy (.extra | default dict))) -}}
{{- end -}}

{{/* How many rules one group renders: recording rules plus enabled alerts. */}}
{{- define "obs.groupRuleCount" -}}
{{- $count := len .records -}}
{{- range $name, $a := .alerts -}}
{{- if $a.enabled -}}{{- $count = add1 $count -}}{{- end -}}
{{- end -}}
{{- $count -}}
{{- end -}}

{{/*
The rules of one group (dict "ctx" $ "group" $g): recording rules, then enabled alerts, each by
name. Every string is quoted: values such as error codes (E0301) must stay strings for every
YAML reader.
*/}}
{{- define "obs.groupRules" -}}
{{- $ctx := .ctx -}}
{{- range $record, $expr := .group.records }}
- record: {{ $record }}
  expr: {{ $expr | quote }}
{{- end }}
{{- range $name, $a := .group.alerts }}
{{- if $a.enabled }}
{{- $labels := merge (dict "severity" $a.severity "layer" $ctx.Values.labels.layer) (deepCopy ($a.labels | default dict)) }}
{{- if $a.errorCode }}
{{- $_ := set $labels "error_code" $a.errorCode }}
{{- end }}
- alert: {{ $name }}
  expr: {{ $a.expr | quote }}
  for: {{ $a.for | quote }}
  labels:
    {{- range $k, $v := $labels }}
    {{ $k }}: {{ $v | quote }}
    {{- end }}
  annotations:
    summary: {{ $a.summary | quote }}
    description: {{ $a.description | quote }}
    runbook_url: {{ printf "%s/%s" (trimSuffix "/" $ctx.Values.runbookBaseUrl) $a.runbook | quote }}
{{- end }}
{{- end }}
{{- end -}}

{{/* The endpoints of a monitor, with the fields the Prometheus Operator knows. */}}
{{- define "obs.endpoints" -}}
{{- range . }}
- port: {{ .port }}
  path: {{ .path }}
  interval: {{ .interval }}
  {{- with .scrapeTimeout }}
  scrapeTimeout: {{ . }}
  {{- end }}
  {{- with .relabelings }}
  relabelings:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
{{- end -}}

{{/* selector and namespaceSelector of a monitor; no namespaces means every namespace. */}}
{{- define "obs.monitorTargets" -}}
{{- with .jobLabel }}
jobLabel: {{ . }}
{{- end }}
selector:
  {{- with .selector.matchLabels }}
  matchLabels:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .selector.matchExpressions }}
  matchExpressions:
    {{- toYaml . | nindent 4 }}
  {{- end }}
namespaceSelector:
  {{- if .namespaces }}
  matchNames:
    {{- toYaml .namespaces | nindent 4 }}
  {{- else }}
  any: true
  {{- end }}
{{- end -}}

{{/* A Prometheus duration (1h30m, 30s, 500ms) in milliseconds. */}}
{{- define "obs.millis" -}}
{{- $units := dict "ms" 1 "s" 1000 "m" 60000 "h" 3600000 "d" 86400000 "w" 604800000 "y" 31536000000 -}}
{{- $total := 0 -}}
{{- range regexFindAll "[0-9]+(ms|[smhdwy])" . -1 -}}
{{- $unit := regexReplaceAll "^[0-9]+" . "" -}}
{{- $total = add $total (mul (int64 (regexReplaceAll "[a-z]+$" . "")) (get $units $unit)) -}}
{{- end -}}
{{- $total -}}
{{- end -}}
