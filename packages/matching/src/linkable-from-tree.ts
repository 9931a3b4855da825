/**
 * @module A plan tree as a node's read model serves it, seen as the suggester's input.
 */
import type { LinkablePlan } from "./suggest-links.js";

/** The fields of a plan tree (`GET /api/v1/plans/{id}`) the suggester needs; the tree has many more. */
export interface PlanTreeLike {
  readonly sections: ReadonlyArray<{
    readonly label: string;
    readonly title: string;
    readonly tasks: ReadonlyArray<{
      readonly label: string;
      readonly title: string;
      readonly measures: ReadonlyArray<{
        readonly measureId: string;
        readonly label: string;
        readonly title: string;
        readonly indicator: { readonly text: string };
        readonly parent?: unknown;
      }>;
    }>;
  }>;
}

/**
 * The tree's measures as linkable items; with `onlyUnlinked`, measures that already have a parent are left out.
 *
 * @example
 * suggestLinks(linkableFromTree(districtTree, { onlyUnlinked: true }), linkableFromTree(oblastTree))
 */
export const linkableFromTree = (tree: PlanTreeLike, options: { readonly onlyUnlinked?: boolean } = {}): LinkablePlan => ({
  sections: tree.sections.map((s) => ({
    label: s.label,
    title: s.title,
    tasks: s.tasks.map((t) => ({
      label: t.label,
      title: t.title,
      measures: t.measures
        .filter((m) => options.onlyUnlinked !== true || m.parent === null || m.parent === undefined)
        .map((m) => ({ id: m.measureId, label: m.label, title: m.title, indicator: m.indicator.text })),
    })),
  })),
});
