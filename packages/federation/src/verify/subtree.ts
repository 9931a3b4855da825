/**
 * @module Which origins a sender may carry: itself and the nodes registered (transitively) under it.
 */

/** A registered node's place in the tree, as the receiver knows it. */
export interface RegisteredNode {
  readonly nodeId: string;
  readonly parentId: string | null;
  readonly publicKey: string;
}

export type Registry = ReadonlyMap<string, RegisteredNode>;

/**
 * True when `origin` is `sender` or lies below it. The walk is bounded by the registry's size so a
 * registration cycle cannot hang the receiver.
 *
 * @example
 * isInSubtree(registry, "luhanska", "novopskovskyi") // true when novopskovskyi.parentId === "luhanska"
 */
export const isInSubtree = (registry: Registry, sender: string, origin: string): boolean => {
  let current: string | null = origin;
  for (let steps = 0; current !== null && steps <= registry.size; steps++) {
    if (current === sender) return true;
    current = registry.get(current)?.parentId ?? null;
  }
  return false;
};
