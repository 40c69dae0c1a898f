{{- define "clean.labels" -}}
app.kubernetes.io/name: web
{{ toYaml .Values.labels }}
{{- end -}}
