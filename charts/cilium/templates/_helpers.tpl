{{/* Labels on every object: cost allocation, layer, environment, and the recommended ones. */}}
{{- define "cilium-baseline.labels" -}}
cost-center: {{ index .Values.labels "cost-center" | quote }}
layer: {{ .Values.labels.layer | quote }}
environment: {{ .Values.environment | quote }}
app.kubernetes.io/name: cilium-baseline
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: platform
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | quote }}
{{- end -}}

{{/* Selects every endpoint outside the excluded namespaces. */}}
{{- define "cilium-baseline.selector" -}}
endpointSelector:
  matchExpressions:
    - key: k8s:io.kubernetes.pod.namespace
      operator: NotIn
      values:
        {{- toYaml .Values.networkPolicy.excludedNamespaces | nindent 8 }}
{{- end -}}
