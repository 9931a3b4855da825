/**
 * @module The state of a register stream (every change recorded, in order) and of a succession stream.
 */
import type { NodeId } from "../shared/ids.js";
import type { HierarchyEvent, SuccessionEvent } from "./hierarchy.events.js";

/** A register is small (an oblast's raions and hromadas: tens to a few hundred changes), so it keeps them all. */
export interface HierarchyState {
  readonly events: ReadonlyArray<HierarchyEvent>;
}

export const initialHierarchyState: HierarchyState = { events: [] };

/** @example evolveHierarchy(initialHierarchyState, created).events.length // 1 */
export const evolveHierarchy = (state: HierarchyState, event: HierarchyEvent): HierarchyState => ({ events: [...state.events, event] });

export type SuccessionState =
  | { readonly status: "none" }
  | { readonly status: "named"; readonly successor: NodeId; readonly effective: string; readonly authority: NodeId };

export const initialSuccessionState: SuccessionState = { status: "none" };

/** The first successor named stands (the decider refuses a second). */
export const evolveSuccession = (state: SuccessionState, event: SuccessionEvent): SuccessionState => {
  if (state.status === "named") return state;
  switch (event._tag) {
    case "SuccessorNamed":
      return { status: "named", successor: event.successor, effective: event.effective, authority: event.authority };
    default: {
      const _: never = event._tag;
      return state;
    }
  }
};
