/**
 * @module Indexing tagged schema classes by their tag, so a stream's union and its registry share one list.
 */

/**
 * The members of a union of tagged classes keyed by `_tag`.
 *
 * @example byTag([PlanClosed, PlanAmended]).PlanClosed === PlanClosed
 */
export const byTag = <const M extends ReadonlyArray<{ readonly _tag: string }>>(
  members: M,
): { readonly [K in M[number] as K["_tag"]]: K } =>
  Object.fromEntries(members.map((m) => [m._tag, m])) as { readonly [K in M[number] as K["_tag"]]: K };

/**
 * The fields of a tagged class without its `_tag`, to build commands and specs from event fields.
 *
 * @example S.Struct({ planId: PlanId, ...fieldsOf(SectionAdded.fields) })
 */
export const fieldsOf = <F extends { readonly _tag: unknown }>(fields: F): Omit<F, "_tag"> => {
  const { _tag: _, ...rest } = fields;
  return rest;
};
