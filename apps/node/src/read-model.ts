/**
 * @module The read side the routes need, as one port: the projections package behind it on a real node.
 */

/** `asOf`: an ISO instant to look back at ("what did this node see then"), or undefined for now. */
export interface ReadModel {
  /** Waits until every event up to `position` is projected, so a read after a write sees the write. */
  readonly catchUp: (position: number) => Promise<void>;
  readonly plans: () => Promise<ReadonlyArray<{ readonly id: string; readonly title: string | null; readonly owner: string }>>;
  readonly planTree: (planId: string, asOf?: string) => Promise<unknown | null>;
  readonly rollup: (planId: string, asOf?: string) => Promise<unknown | null>;
  readonly reports: (planId: string, asOf?: string) => Promise<unknown | null>;
  readonly report: (reportId: string) => Promise<unknown | null>;
}
