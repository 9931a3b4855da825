/**
 * @module What one folded event changed, so the SQLite cache rewrites only those rows.
 */

/** Which cached row an event changed. */
export type Touched =
  | { readonly kind: "plan"; readonly planId: string }
  | { readonly kind: "report"; readonly reportId: string }
  | { readonly kind: "progress"; readonly reportId: string; readonly measureId: string; readonly position: number }
  | { readonly kind: "none" };

export const NONE: Touched = { kind: "none" };
