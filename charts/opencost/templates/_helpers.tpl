{{/* Labels on every object: cost allocation, layer, environment, app.kubernetes.io. */}}
{{- define "opencost-budgets.labels" -}}
cost-center: {{ index .Values.labels "cost-center" | quote }}
layer: {{ .Values.labels.layer | quote }}
environment: {{ .Values.environment | quote }}
app.kubernetes.io/name: opencost-budgets
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: infrastructure
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | quote }}
{{- end -}}

{{/* The monthly-estimate / budget ratio per budgeted namespace. */}}
{{- define "opencost-budgets.ratio" -}}
namespace:opencost_budget_usage:ratio
{{- end -}}
