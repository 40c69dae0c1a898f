import ts from 'typescript';
import { ANY, type FieldNode, type FieldRef, type FieldTree, LEAF } from './field-tree.ts';

/** One tree to build: the exported interface `interfaceName` of the declaration file `dtsFile`. */
export interface FieldTreeRequest {
  dtsFile: string;
  interfaceName: string;
}

const COMPILER_OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  types: [],
  lib: ['lib.es2022.d.ts'],
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
};

/**
 * Builds field trees from the `.d.ts` interfaces the model packages ship, with one TypeScript
 * program for all requests (parsing the declaration files is most of the cost). Returns one
 * tree per request, in order; a request whose interface is missing gets `undefined`.
 */
export function buildFieldTrees(requests: readonly FieldTreeRequest[]): (FieldTree | undefined)[] {
  if (requests.length === 0) return [];
  const program = ts.createProgram({ rootNames: requests.map((r) => r.dtsFile), options: COMPILER_OPTIONS });
  const checker = program.getTypeChecker();
  return requests.map((request) => {
    const type = findInterface(program, checker, request);
    return type === undefined ? undefined : new TreeBuilder(checker).build(type);
  });
}

function findInterface(
  program: ts.Program,
  checker: ts.TypeChecker,
  request: FieldTreeRequest,
): ts.Type | undefined {
  const file = program.getSourceFile(request.dtsFile);
  const moduleSymbol = file === undefined ? undefined : checker.getSymbolAtLocation(file);
  if (moduleSymbol === undefined) return undefined;
  const symbol = checker.getExportsOfModule(moduleSymbol).find((s) => s.name === request.interfaceName);
  return symbol === undefined ? undefined : checker.getDeclaredTypeOfSymbol(symbol);
}

const NOTHING = ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void | ts.TypeFlags.Never;

/** Walks one type graph; memoizes per type so shared and recursive types become one node. */
class TreeBuilder {
  private readonly nodes: FieldNode[] = [];
  private readonly memo = new Map<ts.Type, FieldRef>();
  private readonly merged = new Map<string, FieldRef>();

  constructor(private readonly checker: ts.TypeChecker) {}

  build(type: ts.Type): FieldTree {
    const root = this.ref(type);
    return { root, nodes: this.nodes };
  }

  private ref(type: ts.Type): FieldRef {
    const known = this.memo.get(type);
    if (known !== undefined) return known;
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.NonPrimitive)) return ANY;
    if (type.isUnion()) return this.union(type.types.filter((t) => !(t.flags & NOTHING)));
    if (this.checker.isArrayType(type) || this.checker.isTupleType(type)) {
      return this.union(this.checker.getTypeArguments(type as ts.TypeReference));
    }
    // `Array<A> & Array<B>`, as models write a property both members of an `X & (Y | Z)` spec
    // declare (Istio's AuthorizationPolicy rules): an array of either element
    if (type.isIntersection() && type.types.every((t) => this.checker.isArrayType(t))) {
      return this.union(type.types.flatMap((t) => this.checker.getTypeArguments(t as ts.TypeReference)));
    }
    if (type.flags & ts.TypeFlags.Object || type.isIntersection()) return this.object(type);
    return LEAF;
  }

  private object(type: ts.Type): FieldRef {
    const properties = this.checker
      .getPropertiesOfType(type)
      .filter((p) => !(p.flags & (ts.SymbolFlags.Method | ts.SymbolFlags.Accessor)));
    const index = this.checker.getIndexInfoOfType(type, ts.IndexKind.String);
    // `{}`: nothing is declared, so nothing can be called unknown
    if (properties.length === 0 && index === undefined) return ANY;
    const node: FieldNode = { fields: {} };
    const id = this.nodes.push(node) - 1;
    this.memo.set(type, id);
    for (const property of properties)
      node.fields[property.name] = this.ref(this.checker.getTypeOfSymbol(property));
    if (index !== undefined) node.values = this.ref(index.type);
    return id;
  }

  private union(types: readonly ts.Type[]): FieldRef {
    return types.map((t) => this.ref(t)).reduce((a, b) => this.merge(a, b), LEAF);
  }

  /** A value that may be either shape accepts the fields of both. */
  private merge(a: FieldRef, b: FieldRef): FieldRef {
    if (a === b) return a;
    if (a === ANY || b === ANY) return ANY;
    if (a === LEAF) return b;
    if (b === LEAF) return a;
    const key = a < b ? `${a},${b}` : `${b},${a}`;
    const done = this.merged.get(key);
    if (done !== undefined) return done;
    const left = this.nodes[a] as FieldNode;
    const right = this.nodes[b] as FieldNode;
    const node: FieldNode = { fields: { ...left.fields } };
    const id = this.nodes.push(node) - 1;
    this.merged.set(key, id);
    for (const [name, ref] of Object.entries(right.fields)) {
      const existing = node.fields[name];
      node.fields[name] = existing === undefined ? ref : this.merge(existing, ref);
    }
    if (left.values !== undefined || right.values !== undefined) {
      node.values = this.merge(left.values ?? LEAF, right.values ?? LEAF);
    }
    return id;
  }
}
