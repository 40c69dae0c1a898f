{{/* Labels on every object: cost allocation, layer, environment, app.kubernetes.io. */}}
{{- define "kyv.labels" -}}
cost-center: {{ index .Values.labels "cost-center" | quote }}
layer: {{ .Values.labels.layer | quote }}
environment: {{ .Values.environment | quote }}
component: supply-chain-security
app.kubernetes.io/name: kyverno-policies
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: infrastructure
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | quote }}
{{- end -}}

{{/*
Argo CD sync settings: the ClusterPolicy CRD comes from the upstream chart of the same
Application, so the policies sync after it and skip the dry run while it is missing.
*/}}
{{- define "kyv.syncAnnotations" -}}
argocd.argoproj.io/sync-wave: "1"
argocd.argoproj.io/sync-options: SkipDryRunOnMissingResource=true
{{- end -}}

{{/* match (Pods) and exclude (exempt namespaces, the break-glass label) of every rule. */}}
{{- define "kyv.matchPods" -}}
match:
  any:
    - resources:
        kinds: [Pod]
exclude:
  any:
    - resources:
        namespaces: {{ toJson .Values.exemptNamespaces }}
    - resources:
        selector:
          matchLabels:
            {{ .Values.skipLabel.key }}: {{ .Values.skipLabel.value | quote }}
{{- end -}}

{{/* The keyless attestor of the organisation's CI. */}}
{{- define "kyv.orgAttestors" -}}
- entries:
    - keyless:
        subject: {{ .Values.signatures.keyless.subject | quote }}
        issuer: {{ .Values.signatures.keyless.issuer | quote }}
        rekor:
          url: {{ .Values.signatures.keyless.rekorUrl | quote }}
{{- end -}}
