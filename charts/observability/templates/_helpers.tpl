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

{{/* The object storage configuration of a bucket (dict "bucket" "endpoint" "region"): no keys, the AWS SDK chain finds the Pod Identity role. */}}
{{- define "obs.objstore" -}}
type: S3
config:
  bucket: {{ .bucket | quote }}
  endpoint: {{ .endpoint | quote }}
  region: {{ .region | quote }}
  aws_sdk_auth: true
{{- end -}}

{{/*
The Thanos Store Gateways, as YAML {stores: [...]}: the one over the cluster's bucket (the
ConfigMap the sidecars read) and one per enabled remote bucket, named <name>-<cluster>, with a
ConfigMap <configMapName>-<cluster> of its own. Empty when the Store Gateway is off.
*/}}
{{- define "obs.thanosStores" -}}
{{- $t := .Values.thanos -}}
{{- $g := $t.storeGateway -}}
{{- $s3 := $t.objectStorage -}}
{{- $stores := list -}}
{{- if $g.enabled -}}
{{- $stores = append $stores (dict "name" $g.name "cluster" .Values.cluster "configMapName" $s3.configMapName "bucket" $s3.bucket "region" $s3.region "endpoint" $s3.endpoint "remote" false) -}}
{{- range $cluster, $b := $g.remoteBuckets -}}
{{- if $b.enabled -}}
{{- $stores = append $stores (dict "name" (printf "%s-%s" $g.name $cluster) "cluster" $cluster "configMapName" (printf "%s-%s" $s3.configMapName $cluster) "bucket" $b.bucket "region" $b.region "endpoint" $b.endpoint "remote" true) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- toYaml (dict "stores" $stores) -}}
{{- end -}}

{{/* Pod security context of the Thanos pods (restricted; the volumes belong to nobody). */}}
{{- define "obs.thanosPodSecurity" -}}
securityContext:
  runAsNonRoot: true
  runAsUser: 65534
  runAsGroup: 65534
  fsGroup: 65534
  seccompProfile:
    type: RuntimeDefault
{{- end -}}

{{/* Container security context of the Thanos containers. */}}
{{- define "obs.thanosContainerSecurity" -}}
securityContext:
  allowPrivilegeEscalation: false
  readOnlyRootFilesystem: true
  runAsNonRoot: true
  capabilities:
    drop: ["ALL"]
{{- end -}}

{{/* Spread the replicas of a workload over nodes and zones (its pod selector as the argument). */}}
{{- define "obs.spread" -}}
topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: kubernetes.io/hostname
    whenUnsatisfiable: ScheduleAnyway
    labelSelector:
      matchLabels:
        {{- toYaml . | nindent 8 }}
  - maxSkew: 1
    topologyKey: topology.kubernetes.io/zone
    whenUnsatisfiable: ScheduleAnyway
    labelSelector:
      matchLabels:
        {{- toYaml . | nindent 8 }}
{{- end -}}

{{/* Liveness and readiness of a Thanos container on its http port. */}}
{{- define "obs.thanosProbes" -}}
livenessProbe:
  httpGet:
    path: /-/healthy
    port: http
  periodSeconds: 30
readinessProbe:
  httpGet:
    path: /-/ready
    port: http
  periodSeconds: 10
{{- end -}}
