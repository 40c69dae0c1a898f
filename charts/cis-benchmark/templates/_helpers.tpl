{{/* Labels on every object: cost allocation, layer, environment, app.kubernetes.io. */}}
{{- define "cis.labels" -}}
cost-center: {{ index .Values.labels "cost-center" | quote }}
layer: {{ .Values.labels.layer | quote }}
environment: {{ .Values.environment | quote }}
app.kubernetes.io/name: kube-bench
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Values.image.tag | quote }}
app.kubernetes.io/part-of: infrastructure
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | quote }}
{{- end -}}

{{/*
Labels of the trivy and kubeaudit objects: the same platform labels, with the scanner's own name
and version. Call with (dict "root" $ "name" "trivy" "version" .Values.trivy.image.tag).
*/}}
{{- define "cis.scanLabels" -}}
cost-center: {{ index .root.Values.labels "cost-center" | quote }}
layer: {{ .root.Values.labels.layer | quote }}
environment: {{ .root.Values.environment | quote }}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/version: {{ .version | quote }}
app.kubernetes.io/part-of: infrastructure
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | quote }}
{{- end -}}
