{{/* Labels on every object: cost allocation, layer, environment, app.kubernetes.io. */}}
{{- define "rollouts-analysis.labels" -}}
cost-center: {{ index .Values.labels "cost-center" | quote }}
layer: {{ .Values.labels.layer | quote }}
environment: {{ .Values.environment | quote }}
app.kubernetes.io/name: rollouts-analysis
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: argo-rollouts
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | quote }}
{{- end -}}

{{/* An Argo Rollouts argument reference, {{args.<name>}}, written literally. */}}
{{- define "rollouts-analysis.arg" -}}
{{ printf "{{args.%s}}" . }}
{{- end -}}
