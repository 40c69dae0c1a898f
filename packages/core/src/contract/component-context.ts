import type { Issue } from '@platform/errors';
import type { ComponentDefinition } from './component.ts';
import type { ClusterContext } from './context.ts';

/**
 * The set of enabled components as one component sees it: asking about a component it declares
 * in neither `dependsOn` nor `integrates` is a programming error, thrown at once, so every
 * cross-component switch is written down in the definition (and its names checked there).
 */
class DeclaredComponents extends Set<string> {
  readonly #asker: string;
  readonly #declared: ReadonlySet<string>;

  constructor(enabled: Iterable<string>, asker: string, declared: ReadonlySet<string>) {
    super(enabled);
    this.#asker = asker;
    this.#declared = declared;
  }

  override has(name: string): boolean {
    if (!this.#declared.has(name)) {
      throw new Error(
        `component ${this.#asker} asks whether ${name} is enabled but declares it in neither dependsOn nor integrates; ` +
          `add '${name}' to its integrates`,
      );
    }
    return super.has(name);
  }
}

/** The context a component's values builder, rules and egress declaration receive. */
export function componentContext(
  c: Pick<ComponentDefinition, 'name' | 'dependsOn' | 'integrates'>,
  ctx: ClusterContext,
): ClusterContext {
  if (c.integrates === 'any') return ctx;
  const declared = new Set([c.name, ...c.dependsOn, ...(c.integrates ?? [])]);
  return { ...ctx, enabledComponents: new DeclaredComponents(ctx.enabledComponents, c.name, declared) };
}

/**
 * Integrations with components that do not exist, against the complete set of components (the
 * command line's registry calls it with every discovered package). Unlike a dependency, an
 * integration may be absent from a smaller set, e.g. a test's, so computeFleet does not check it.
 */
export function unknownIntegrations(
  components: readonly Pick<ComponentDefinition, 'name' | 'integrates'>[],
): Issue[] {
  const names = new Set(components.map((c) => c.name));
  const known = [...names].sort().join(', ');
  return components.flatMap((c) =>
    (c.integrates === 'any' ? [] : (c.integrates ?? [])).flatMap((name, i): Issue[] =>
      names.has(name)
        ? []
        : [
            {
              code: 'unknown-integration',
              component: c.name,
              path: `integrates[${i}]`,
              message: 'integrates with an unknown component',
              expected: `one of ${known}`,
              found: JSON.stringify(name),
            },
          ],
    ),
  );
}
