{{/* Labels of every object: the cost-attribution labels plus the app.kubernetes.io set. */}}
{{- define "baseline.labels" -}}
cost-center: {{ index .Values.labels "cost-center" | quote }}
layer: {{ .Values.labels.layer | quote }}
environment: {{ .Values.environment | quote }}
app.kubernetes.io/name: platform-baseline
app.kubernetes.io/instance: {{ .Release.Name | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service | quote }}
app.kubernetes.io/part-of: infrastructure
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | quote }}
{{- end -}}

{{/* Whether a namespace entry is enabled (enabled: false removes a default namespace). */}}
{{- define "baseline.enabled" -}}
{{- if or (not (hasKey . "enabled")) .enabled }}true{{ end -}}
{{- end -}}

{{/* Whether a namespace entry gets the workload baseline (NetworkPolicies, full LimitRange). */}}
{{- define "baseline.workload" -}}
{{- if has .tier (list "application" "agent") }}true{{ end -}}
{{- end -}}

{{/* apiVersion, kind and metadata of a baseline NetworkPolicy: dict root, namespace, policy. */}}
{{- define "baseline.policyMeta" }}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ .policy }}
  namespace: {{ .namespace }}
  labels:
    {{- include "baseline.labels" .root | nindent 4 }}
    policy: default
{{- end -}}
