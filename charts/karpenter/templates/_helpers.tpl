{{/* Labels of every object: the cost-attribution labels plus the app.kubernetes.io set. */}}
{{- define "kc.labels" -}}
cost-center: {{ index .Values.labels "cost-center" | quote }}
layer: {{ .Values.labels.layer | quote }}
environment: {{ .Values.environment | quote }}
app.kubernetes.io/name: karpenter-config
app.kubernetes.io/instance: {{ .Release.Name | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service | quote }}
app.kubernetes.io/part-of: infrastructure
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | quote }}
{{- end -}}

{{/* Namespace of the NVIDIA GPU Operator ConfigMaps. */}}
{{- define "kc.gpuNamespace" -}}
{{- .Values.gpu.configNamespace | default .Release.Namespace -}}
{{- end -}}

{{/* Key of the device plugin configuration GPU nodes select with nvidia.com/device-plugin.config. */}}
{{- define "kc.devicePluginConfig" -}}
{{- if eq .Values.gpu.sharing "mig" -}}
mig-{{ .Values.gpu.mig.strategy }}
{{- else -}}
time-slicing-x{{ .Values.gpu.timeSlicing.replicas }}
{{- end -}}
{{- end -}}

{{/* True when an enabled NodePool is a GPU pool. */}}
{{- define "kc.hasGpuPool" -}}
{{- range $name, $pool := .Values.nodePools -}}
{{- if and $pool.enabled (eq $pool.kind "gpu") }}true{{ end -}}
{{- end -}}
{{- end -}}

{{/*
Argo CD sync settings of the Karpenter resources: their CRDs come from the upstream chart of the
same Application, so no dry run while those CRDs are still being created.
*/}}
{{- define "kc.annotations" -}}
argocd.argoproj.io/sync-options: SkipDryRunOnMissingResource=true
{{- end -}}
