{{/* Labels of every object: the cost-attribution labels plus the app.kubernetes.io set. */}}
{{- define "ic.labels" -}}
cost-center: {{ index .Values.labels "cost-center" | quote }}
layer: {{ .Values.labels.layer | quote }}
environment: {{ .Values.environment | quote }}
app.kubernetes.io/name: istio-config
app.kubernetes.io/instance: {{ .Release.Name | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service | quote }}
app.kubernetes.io/part-of: infrastructure
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | quote }}
{{- end -}}

{{/*
Argo CD sync settings of every Istio resource: after the CRDs and istiod of the same
Application (wave 1), and no dry run while the CRDs are still being created.
*/}}
{{- define "ic.annotations" -}}
argocd.argoproj.io/sync-wave: "1"
argocd.argoproj.io/sync-options: SkipDryRunOnMissingResource=true
{{- end -}}

{{/* The default traffic policy (outlier detection, load balancing), without loadBalancer. */}}
{{- define "ic.outlierDetection" -}}
outlierDetection:
  {{- toYaml .Values.trafficPolicy.outlierDetection | nindent 2 }}
{{- end -}}
