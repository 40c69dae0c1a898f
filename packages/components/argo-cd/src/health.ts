/**
 * Health assessments Argo CD needs for the install order of this repository, as
 * `resource.customizations.health.<group>_<kind>` entries of argocd-cm.
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/health/
 */

/**
 * An Application is as healthy as it reports: parents (app of apps, sync waves of Applications)
 * wait for their children. Argo CD 1.8 removed the built-in check; recent releases ship one again,
 * and this explicit copy keeps the behaviour whatever the release.
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/health/#argocd-app
 */
export const APPLICATION_HEALTH_LUA = `hs = {}
hs.status = "Progressing"
hs.message = ""
if obj.status ~= nil and obj.status.health ~= nil then
  hs.status = obj.status.health.status
  if obj.status.health.message ~= nil then
    hs.message = obj.status.health.message
  end
end
return hs
`;

/**
 * A Gatekeeper ConstraintTemplate is healthy once Gatekeeper created its constraint CRD
 * (`status.created`), degraded when a pod reports a compile error. Argo CD has no built-in check
 * for it, so without this the constraint's sync wave would start before its kind exists.
 */
export const CONSTRAINT_TEMPLATE_HEALTH_LUA = `hs = {}
hs.status = "Progressing"
hs.message = "Waiting for Gatekeeper to create the constraint CRD"
if obj.status ~= nil then
  if obj.status.byPod ~= nil then
    for _, pod in ipairs(obj.status.byPod) do
      if pod.errors ~= nil and #pod.errors > 0 then
        hs.status = "Degraded"
        hs.message = pod.errors[1].message
        return hs
      end
    end
  end
  if obj.status.created == true then
    hs.status = "Healthy"
    hs.message = "The constraint CRD exists"
  end
end
return hs
`;

/** The argocd-cm health entries for a cluster. */
export function healthCustomizations(gatekeeper: boolean): Record<string, string> {
  return {
    'resource.customizations.health.argoproj.io_Application': APPLICATION_HEALTH_LUA,
    ...(gatekeeper
      ? {
          'resource.customizations.health.templates.gatekeeper.sh_ConstraintTemplate':
            CONSTRAINT_TEMPLATE_HEALTH_LUA,
        }
      : {}),
  };
}
