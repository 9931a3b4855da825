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
