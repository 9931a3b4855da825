/**
 * @module Linking a district plan's measures to the regional measures they implement: suggestions (scored by the
 * node's matcher) and the link writes, as ports the node implements.
 */
import type { Viewer } from "./people.js";

export interface LinkCandidateView {
  readonly measureId: string;
  readonly label: string;
  readonly title: string;
  readonly sectionLabel: string;
  /** In [0, 1]: how well the child measure matches this parent measure. */
  readonly score: number;
}

export interface LinkSuggestionsView {
  readonly parent: { readonly node: string; readonly planId: string; readonly title: string | null };
  /** Per child measure (linked or not), its best candidates, best first (at most three). */
  readonly byMeasure: ReadonlyMap<string, ReadonlyArray<LinkCandidateView>>;
  /** Every measure of the parent plan, for "choose another". */
  readonly parentMeasures: ReadonlyArray<{ readonly measureId: string; readonly label: string; readonly title: string; readonly section: string }>;
}

/** Each write answers the plan stream's new version; a stale `version` fails with `PreconditionFailed`. */
export interface LinkWrites {
  readonly link: (
    who: Viewer,
    planId: string,
    measureId: string,
    parent: { readonly node: string; readonly planId: string; readonly measureId: string },
    version: number,
  ) => Promise<number>;
  readonly unlink: (who: Viewer, planId: string, measureId: string, reason: string, version: number) => Promise<number>;
}
