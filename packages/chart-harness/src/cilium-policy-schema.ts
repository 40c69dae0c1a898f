/**
 * Strict JSON schemas (draft-07) for the Cilium objects our charts emit, written from Cilium's
 * policy documentation because no model package covers Cilium. Closed objects use
 * `additionalProperties: false`, so a misspelled field is an error, as kubectl's strict
 * validation would report it against the CRD. Shared shapes live in `definitions` so ajv
 * compiles each once.
 *
 * @see https://docs.cilium.io/en/stable/network/kubernetes/policy/
 * @see https://docs.cilium.io/en/stable/security/policy/language/
 */

/** A JSON schema (draft-07) as a plain object. */
export type JsonSchema = Record<string, unknown>;

const string: JsonSchema = { type: 'string' };
const stringList: JsonSchema = { type: 'array', items: string };
const stringMap: JsonSchema = { type: 'object', additionalProperties: string };
const boolean: JsonSchema = { type: 'boolean' };
const ref = (name: string): JsonSchema => ({ $ref: `#/definitions/${name}` });
const list = (items: JsonSchema): JsonSchema => ({ type: 'array', items });
const oneOfRequired = (...fields: string[]) => ({ oneOf: fields.map((f) => ({ required: [f] })) });

function closed(properties: Record<string, JsonSchema>, extra: JsonSchema = {}): JsonSchema {
  return { type: 'object', properties, additionalProperties: false, ...extra };
}

const CIDR = '^([0-9]{1,3}(\\.[0-9]{1,3}){3}/[0-9]{1,2}|[0-9a-fA-F:]*:[0-9a-fA-F:.]*/[0-9]{1,3})$';

/** Entities Cilium knows (`fromEntities` / `toEntities`). */
const ENTITIES = [
  'all',
  'world',
  'cluster',
  'host',
  'init',
  'ingress',
  'unmanaged',
  'remote-node',
  'health',
  'none',
  'kube-apiserver',
];

const peers = (direction: 'from' | 'to'): Record<string, JsonSchema> => ({
  [`${direction}Endpoints`]: list(ref('selector')),
  [`${direction}Requires`]: list(ref('selector')),
  [`${direction}CIDR`]: list(ref('cidr')),
  [`${direction}CIDRSet`]: list(ref('cidrRule')),
  [`${direction}Entities`]: list({ type: 'string', enum: ENTITIES }),
  [`${direction}Nodes`]: list(ref('selector')),
});

const definitions: Record<string, JsonSchema> = {
  cidr: { type: 'string', pattern: CIDR },
  /** Kubernetes label selector, as Cilium's EndpointSelector and NodeSelector. */
  selector: closed({
    matchLabels: stringMap,
    matchExpressions: list(
      closed(
        {
          key: string,
          operator: { type: 'string', enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'] },
          values: stringList,
        },
        { required: ['key', 'operator'] },
      ),
    ),
  }),
  cidrRule: closed(
    { cidr: ref('cidr'), except: list(ref('cidr')), cidrGroupRef: string },
    oneOfRequired('cidr', 'cidrGroupRef'),
  ),
  fqdnSelector: closed(
    { matchName: string, matchPattern: string },
    oneOfRequired('matchName', 'matchPattern'),
  ),
  portProtocol: closed(
    {
      // a number or a named port, always a string in the CRD
      port: { type: 'string', pattern: '^([0-9]{1,5}|[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?)$' },
      endPort: { type: 'integer', minimum: 0, maximum: 65535 },
      protocol: { type: 'string', enum: ['TCP', 'UDP', 'SCTP', 'ANY'] },
    },
    { required: ['port'] },
  ),
  l7Rules: closed({
    dns: list(ref('fqdnSelector')),
    http: list(
      closed({
        method: string,
        path: string,
        host: string,
        headers: stringList,
        headerMatches: list(
          closed(
            {
              name: string,
              value: string,
              mismatch: { type: 'string', enum: ['LOG', 'ADD', 'DELETE', 'REPLACE'] },
              secret: closed({ name: string, namespace: string }, { required: ['name'] }),
            },
            { required: ['name'] },
          ),
        ),
      }),
    ),
  }),
  portRule: closed({ ports: list(ref('portProtocol')), rules: ref('l7Rules') }),
  // deny rules match on L4 only
  portDenyRule: closed({ ports: list(ref('portProtocol')) }),
  service: closed({
    k8sService: closed({ serviceName: string, namespace: string }),
    k8sServiceSelector: closed({ selector: ref('selector'), namespace: string }, { required: ['selector'] }),
  }),
  icmpRule: closed({
    fields: list(
      closed(
        {
          family: { type: 'string', enum: ['IPv4', 'IPv6'] },
          type: { anyOf: [{ type: 'integer', minimum: 0, maximum: 255 }, { type: 'string' }] },
        },
        { required: ['type'] },
      ),
    ),
  }),
  authentication: closed(
    { mode: { type: 'string', enum: ['disabled', 'required', 'test-always-fail'] } },
    { required: ['mode'] },
  ),
  ingressRule: closed({
    ...peers('from'),
    toPorts: list(ref('portRule')),
    icmps: list(ref('icmpRule')),
    authentication: ref('authentication'),
  }),
  ingressDenyRule: closed({
    ...peers('from'),
    toPorts: list(ref('portDenyRule')),
    icmps: list(ref('icmpRule')),
  }),
  egressRule: closed({
    ...peers('to'),
    toServices: list(ref('service')),
    toFQDNs: list(ref('fqdnSelector')),
    toPorts: list(ref('portRule')),
    icmps: list(ref('icmpRule')),
    authentication: ref('authentication'),
  }),
  egressDenyRule: closed({
    ...peers('to'),
    toServices: list(ref('service')),
    toPorts: list(ref('portDenyRule')),
    icmps: list(ref('icmpRule')),
  }),
  objectMeta: closed(
    {
      name: string,
      generateName: string,
      namespace: string,
      labels: stringMap,
      annotations: stringMap,
      finalizers: stringList,
      ownerReferences: list(
        closed(
          {
            apiVersion: string,
            kind: string,
            name: string,
            uid: string,
            controller: boolean,
            blockOwnerDeletion: boolean,
          },
          { required: ['apiVersion', 'kind', 'name', 'uid'] },
        ),
      ),
    },
    { required: ['name'] },
  ),
};

/**
 * One policy rule (`spec` or an item of `specs`). Only clusterwide policies may select nodes
 * (`nodeSelector`); a rule selects either endpoints or nodes, never both.
 */
function policyRule(clusterwide: boolean): JsonSchema {
  const subject: Record<string, JsonSchema> = clusterwide
    ? { endpointSelector: ref('selector'), nodeSelector: ref('selector') }
    : { endpointSelector: ref('selector') };
  return closed(
    {
      description: string,
      ...subject,
      ingress: list(ref('ingressRule')),
      ingressDeny: list(ref('ingressDenyRule')),
      egress: list(ref('egressRule')),
      egressDeny: list(ref('egressDenyRule')),
      enableDefaultDeny: closed({ ingress: boolean, egress: boolean }),
      labels: list(closed({ key: string, value: string, source: string }, { required: ['key'] })),
    },
    clusterwide ? oneOfRequired('endpointSelector', 'nodeSelector') : { required: ['endpointSelector'] },
  );
}

function policySchema(kind: string, clusterwide: boolean): JsonSchema {
  return closed(
    {
      apiVersion: { const: 'cilium.io/v2' },
      kind: { const: kind },
      metadata: ref('objectMeta'),
      spec: ref('rule'),
      specs: list(ref('rule')),
    },
    {
      $schema: 'http://json-schema.org/draft-07/schema#',
      required: ['apiVersion', 'kind', 'metadata'],
      anyOf: [{ required: ['spec'] }, { required: ['specs'] }],
      definitions: { ...definitions, rule: policyRule(clusterwide) },
    },
  );
}

/** Strict schemas of the Cilium kinds we emit, keyed by `apiVersion/Kind`. */
export const CILIUM_SCHEMAS: Readonly<Record<string, JsonSchema>> = {
  'cilium.io/v2/CiliumNetworkPolicy': policySchema('CiliumNetworkPolicy', false),
  'cilium.io/v2/CiliumClusterwideNetworkPolicy': policySchema('CiliumClusterwideNetworkPolicy', true),
};
