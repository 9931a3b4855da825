/**
 * @module A schema's check compiled to plain predicates: the same answer as `Schema.is` — type side, `exact`
 * (a required key must be present), excess keys ignored — without the general parser's machinery (an `Either`
 * per node, issue objects, options merged per call), which is most of its cost on small event data. The node
 * kinds event data is made of (structs, arrays, unions, literals, strings, numbers, booleans, refinements such
 * as patterns and brands, records) are compiled here; any other node is handed to `Schema.is` for that part.
 * `event-data.test.ts` holds the two to the same answer on the catalog's events and thousands of damaged copies.
 */
import { Option, ParseResult, Schema as S, SchemaAST as AST } from "effect";

type Guard = (u: unknown) => boolean;

const fallback = (ast: AST.AST): Guard => ParseResult.is(S.make(ast)) as Guard;

const OPTIONS: AST.ParseOptions = { exact: true };

const isRecord = (u: unknown): u is Record<PropertyKey, unknown> => typeof u === "object" && u !== null && !Array.isArray(u);

const typeLiteral = (ast: AST.TypeLiteral): Guard => {
  if (ast.propertySignatures.length === 0 && ast.indexSignatures.length === 0) return (u) => u !== null && u !== undefined;
  if (ast.propertySignatures.some((ps) => typeof ps.name !== "string")) return fallback(ast);
  const props = ast.propertySignatures.map((ps) => ({ name: ps.name as string, optional: ps.isOptional, check: compile(ps.type) }));
  const indexes: { key: Guard; value: Guard }[] = [];
  for (const is of ast.indexSignatures) {
    const p = is.parameter;
    // Keys are the object's own string keys for a string parameter (refined or not), as the parser reads them.
    const stringKeyed = AST.isStringKeyword(p) || (AST.isRefinement(p) && AST.isStringKeyword(p.from));
    if (!stringKeyed) return fallback(ast);
    indexes.push({ key: compile(p), value: compile(is.type) });
  }
  return (u) => {
    if (!isRecord(u)) return false;
    for (const p of props) {
      if (!Object.hasOwn(u, p.name)) {
        if (p.optional) continue;
        return false;
      }
      if (!p.check(u[p.name])) return false;
    }
    for (const index of indexes) for (const key of Object.keys(u)) if (index.key(key) && !index.value(u[key])) return false;
    return true;
  };
};

const tupleType = (ast: AST.TupleType): Guard => {
  if (ast.rest.length > 1 || ast.elements.some((e, i) => e.isOptional && ast.elements.slice(i).some((later) => !later.isOptional)))
    return fallback(ast);
  const elements = ast.elements.map((e) => ({ optional: e.isOptional, check: compile(e.type) }));
  const required = elements.filter((e) => !e.optional).length;
  const rest = ast.rest[0] === undefined ? null : compile(ast.rest[0].type);
  return (u) => {
    if (!Array.isArray(u) || u.length < required) return false;
    if (rest === null && u.length > elements.length) return false;
    for (let i = 0; i < elements.length && i < u.length; i++) if (!elements[i]!.check(u[i])) return false;
    if (rest !== null) for (let i = elements.length; i < u.length; i++) if (!rest(u[i])) return false;
    return true;
  };
};

const refinement = (ast: AST.Refinement): Guard => {
  const from = compile(ast.from);
  return (u) => from(u) && Option.isNone(ast.filter(u, OPTIONS, ast));
};

const union = (ast: AST.Union): Guard => {
  const members = ast.types.map(compile);
  return (u) => {
    for (const m of members) if (m(u)) return true;
    return false;
  };
};

const compile = (ast: AST.AST): Guard => {
  switch (ast._tag) {
    case "StringKeyword":
      return (u) => typeof u === "string";
    case "NumberKeyword":
      return (u) => typeof u === "number";
    case "BooleanKeyword":
      return (u) => typeof u === "boolean";
    case "UndefinedKeyword":
      return (u) => u === undefined;
    case "UnknownKeyword":
    case "AnyKeyword":
      return () => true;
    case "NeverKeyword":
      return () => false;
    case "Literal": {
      const literal = ast.literal;
      return (u) => u === literal;
    }
    case "Refinement":
      return refinement(ast);
    case "Union":
      return union(ast);
    case "TypeLiteral":
      return typeLiteral(ast);
    case "TupleType":
      return tupleType(ast);
    default:
      return fallback(ast);
  }
};

/**
 * The type-side check of `schema` as one plain predicate, compiled once.
 *
 * @example const isOrder = schemaGuard(Order); isOrder({ number: "17", date: "2020-01-28" }) // true
 */
export const schemaGuard = <A, I, R>(schema: S.Schema<A, I, R>): ((u: unknown) => u is A) =>
  compile(AST.typeAST(schema.ast)) as (u: unknown) => u is A;
