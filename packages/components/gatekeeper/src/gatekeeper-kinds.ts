import { z } from 'zod';

/**
 * Strict schemas of the Gatekeeper objects our chart emits. The chart harness has no model
 * package for these kinds (they are allow-listed in `charts/gatekeeper/ci/harness.yaml`), so the
 * package tests validate every rendered object here: unknown fields are errors, as with
 * `kubectl --validate=strict`. Written from the Gatekeeper docs and cross-checked in the tests
 * against the CRD schemas (`templates.gatekeeper.sh/v1`, `config.gatekeeper.sh/v1alpha1`).
 * @see https://open-policy-agent.github.io/gatekeeper/website/docs/constrainttemplates
 * @see https://open-policy-agent.github.io/gatekeeper/website/docs/howto#constraints
 * @see https://open-policy-agent.github.io/gatekeeper/website/docs/exempt-namespaces
 */

const metadata = z.strictObject({
  name: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/),
  namespace: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});

const regoCode = z.strictObject({
  engine: z.string().min(1),
  source: z.unknown(),
});

/** `templates.gatekeeper.sh/v1` ConstraintTemplate. */
export const constraintTemplateV1 = z
  .strictObject({
    apiVersion: z.literal('templates.gatekeeper.sh/v1'),
    kind: z.literal('ConstraintTemplate'),
    metadata,
    spec: z.strictObject({
      crd: z.strictObject({
        spec: z.strictObject({
          names: z.strictObject({
            kind: z.string().regex(/^[A-Z][A-Za-z0-9]*$/),
            shortNames: z.array(z.string()).optional(),
          }),
          validation: z
            .strictObject({
              legacySchema: z.boolean().optional(),
              openAPIV3Schema: z.record(z.string(), z.unknown()).optional(),
            })
            .optional(),
        }),
      }),
      targets: z
        .array(
          z.strictObject({
            target: z.literal('admission.k8s.gatekeeper.sh'),
            rego: z.string().min(1).optional(),
            libs: z.array(z.string()).optional(),
            code: z.array(regoCode).optional(),
          }),
        )
        .length(1),
    }),
  })
  .refine((t) => t.metadata.name === t.spec.crd.spec.names.kind.toLowerCase(), {
    message: 'metadata.name must be the lowercase of spec.crd.spec.names.kind',
    path: ['metadata', 'name'],
  })
  .refine((t) => t.spec.targets.every((x) => x.rego !== undefined || x.code !== undefined), {
    message: 'a target needs rego or code',
    path: ['spec', 'targets'],
  });

const kindsMatch = z.strictObject({
  apiGroups: z.array(z.string()).min(1),
  kinds: z.array(z.string().min(1)).min(1),
});
const labelSelector = z.strictObject({
  matchLabels: z.record(z.string(), z.string()).optional(),
  matchExpressions: z
    .array(
      z.strictObject({
        key: z.string(),
        operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']),
        values: z.array(z.string()).optional(),
      }),
    )
    .optional(),
});

/** A `constraints.gatekeeper.sh/v1beta1` constraint, its parameters checked separately. */
export const constraintV1beta1 = z.strictObject({
  apiVersion: z.literal('constraints.gatekeeper.sh/v1beta1'),
  kind: z.string().regex(/^[A-Z][A-Za-z0-9]*$/),
  metadata,
  spec: z.strictObject({
    enforcementAction: z.enum(['deny', 'dryrun', 'warn']).optional(),
    match: z
      .strictObject({
        kinds: z.array(kindsMatch).optional(),
        scope: z.enum(['*', 'Cluster', 'Namespaced']).optional(),
        namespaces: z.array(z.string()).optional(),
        excludedNamespaces: z.array(z.string()).optional(),
        labelSelector: labelSelector.optional(),
        namespaceSelector: labelSelector.optional(),
        name: z.string().optional(),
        source: z.enum(['All', 'Generated', 'Original']).optional(),
      })
      .optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
  }),
});

/** `config.gatekeeper.sh/v1alpha1` Config: only the one named `config` is reconciled. */
export const configV1alpha1 = z.strictObject({
  apiVersion: z.literal('config.gatekeeper.sh/v1alpha1'),
  kind: z.literal('Config'),
  metadata: metadata.extend({ name: z.literal('config') }),
  spec: z.strictObject({
    match: z
      .array(
        z.strictObject({
          excludedNamespaces: z.array(z.string().regex(/^\*?[-:a-z0-9]*\*?$/)).optional(),
          processes: z.array(z.enum(['*', 'audit', 'webhook', 'sync', 'mutation-webhook'])).optional(),
        }),
      )
      .optional(),
    sync: z
      .strictObject({
        syncOnly: z
          .array(z.strictObject({ group: z.string(), version: z.string().min(1), kind: z.string().min(1) }))
          .optional(),
      })
      .optional(),
    validation: z.unknown().optional(),
    readiness: z.strictObject({ statsEnabled: z.boolean().optional() }).optional(),
  }),
});

/** The strict schema of a rendered Gatekeeper object, by apiVersion. */
export function gatekeeperSchemaFor(apiVersion: string): z.ZodType | undefined {
  if (apiVersion === 'templates.gatekeeper.sh/v1') return constraintTemplateV1;
  if (apiVersion === 'constraints.gatekeeper.sh/v1beta1') return constraintV1beta1;
  if (apiVersion === 'config.gatekeeper.sh/v1alpha1') return configV1alpha1;
  return undefined;
}
