{{- define "gk.labels" -}}
cost-center: {{ index .Values.labels "cost-center" | quote }}
layer: {{ .Values.labels.layer | quote }}
environment: {{ .Values.environment | quote }}
app.kubernetes.io/name: gatekeeper-policies
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: platform
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | quote }}
{{- end -}}
