{{/* Base name of every object. */}}
{{- define "redis.fullname" -}}
{{- .Values.fullname -}}
{{- end -}}

{{/* Name of the headless Service that gives every pod a stable DNS name. */}}
{{- define "redis.headless" -}}
{{- printf "%s-headless" .Values.fullname -}}
{{- end -}}

{{/* Server pods: masters x (1 + replicas per master); one in standalone mode. */}}
{{- define "redis.nodeCount" -}}
{{- if eq .Values.mode "cluster" -}}
{{- mul (int .Values.topology.masters) (add 1 (int .Values.topology.replicasPerMaster)) -}}
{{- else -}}
1
{{- end -}}
{{- end -}}

{{/* host:port of every server pod through the headless Service, space-separated. */}}
{{- define "redis.nodeAddresses" -}}
{{- $addresses := list -}}
{{- range $i := until (int (include "redis.nodeCount" .)) -}}
{{- $addresses = append $addresses (printf "%s-%d.%s.%s.svc.%s:%d" $.Values.fullname $i (include "redis.headless" $) $.Release.Namespace $.Values.clusterDomain (int $.Values.service.port)) -}}
{{- end -}}
{{- join " " $addresses -}}
{{- end -}}

{{/* Labels on every object and pod template: cost allocation, layer, environment, app.kubernetes.io. */}}
{{- define "redis.labels" -}}
cost-center: {{ index .Values.labels "cost-center" | quote }}
layer: {{ .Values.labels.layer | quote }}
environment: {{ .Values.environment | quote }}
app.kubernetes.io/name: {{ include "redis.fullname" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: infrastructure
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | quote }}
{{- end -}}

{{/* Selector of one kind of pod: (dict "ctx" $ "component" "server"). */}}
{{- define "redis.selectorLabels" -}}
app.kubernetes.io/name: {{ include "redis.fullname" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* Restricted container securityContext (Pod Security Standards "restricted"). */}}
{{- define "redis.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: ["ALL"]
{{- end -}}

{{/* Restricted pod securityContext; uid/gid of the image's non-root user. */}}
{{- define "redis.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.podSecurity.runAsUser }}
runAsGroup: {{ .Values.podSecurity.runAsGroup }}
fsGroup: {{ .Values.podSecurity.fsGroup }}
fsGroupChangePolicy: OnRootMismatch
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* The password from the Secret the ExternalSecret writes. */}}
{{- define "redis.passwordEnv" -}}
- name: REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.auth.secretName }}
      key: password
{{- end -}}

{{/* Image reference repository:tag. */}}
{{- define "redis.image" -}}
{{- printf "%s:%s" .repository .tag -}}
{{- end -}}

{{/* Where every container that talks to the server mounts the TLS Secret. */}}
{{- define "redis.tlsDir" -}}
/etc/redis-tls
{{- end -}}

{{/* The TLS Secret as a volume (when TLS is on). */}}
{{- define "redis.tlsVolume" -}}
- name: tls
  secret:
    secretName: {{ .Values.tls.secretName }}
    defaultMode: 0440
{{- end -}}

{{/* The mount of the TLS Secret (when TLS is on). */}}
{{- define "redis.tlsMount" -}}
- name: tls
  mountPath: {{ include "redis.tlsDir" . }}
  readOnly: true
{{- end -}}

{{/* "true" when the bootstrap Job places replicas by zone: cluster mode with replicas, zones on. */}}
{{- define "redis.zoneAware" -}}
{{- if and (eq .Values.mode "cluster") (gt (int .Values.topology.replicasPerMaster) 0) .Values.bootstrap.zones.enabled -}}
true
{{- end -}}
{{- end -}}

{{/* Names of the server pods, space-separated, in the order of redis.nodeAddresses. */}}
{{- define "redis.podNames" -}}
{{- $names := list -}}
{{- range $i := until (int (include "redis.nodeCount" .)) -}}
{{- $names = append $names (printf "%s-%d" $.Values.fullname $i) -}}
{{- end -}}
{{- join " " $names -}}
{{- end -}}
