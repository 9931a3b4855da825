/**
 * @module The administrative tree on a date, read off the hierarchy events: which units exist, under whom, under
 * what name, and what territory a unit covers. Pure; the decider checks its rules with it and the projections
 * answer "children of X on D" and "the territory of X on D" with it, so the two can never disagree.
 */
import type { NodeId } from "../shared/ids.js";
import type { HierarchyEvent, UnitLevel } from "./hierarchy.events.js";

/** A unit as it stands on a day. */
export interface UnitOn {
  readonly nodeId: NodeId;
  readonly name: string;
  readonly level: UnitLevel;
  readonly parentId: NodeId | null;
  readonly createdOn: string;
}

/** A unit's whole record: when it began, when (and into what) it ended, the day of its latest change. */
export interface UnitRecord {
  readonly nodeId: NodeId;
  readonly level: UnitLevel;
  readonly createdOn: string;
  readonly endedOn: string | null;
  /** Who continues it: the merge target, or the split's named successor. */
  readonly continuedBy: NodeId | null;
  readonly latestChange: string;
}

/** Events in the order they take effect; events of one day keep their recorded order (sort is stable). */
const byEffective = (events: ReadonlyArray<HierarchyEvent>): HierarchyEvent[] =>
  [...events].sort((a, b) => (a.effective < b.effective ? -1 : a.effective > b.effective ? 1 : 0));

/**
 * Every unit recorded, first record kept (a unit recorded in two registers — the oblast's and the national's —
 * began once).
 *
 * @example recordsOf(events).get("novopskovskyi")?.endedOn // "2020-07-17"
 */
export const recordsOf = (events: ReadonlyArray<HierarchyEvent>): Map<string, UnitRecord> => {
  const out = new Map<string, UnitRecord>();
  for (const e of byEffective(events)) {
    const known = out.get(e.nodeId);
    if (e._tag === "NodeCreated") {
      if (known === undefined)
        out.set(e.nodeId, { nodeId: e.nodeId, level: e.level, createdOn: e.effective, endedOn: null, continuedBy: null, latestChange: e.effective });
      continue;
    }
    if (known === undefined) continue;
    const ended =
      e._tag === "NodeMerged" ? { endedOn: e.effective, continuedBy: e.into } : e._tag === "NodeSplit" ? { endedOn: e.effective, continuedBy: e.successor } : {};
    out.set(e.nodeId, { ...known, ...ended, latestChange: e.effective });
  }
  return out;
};

/**
 * The units that exist on `date` (`рррр-мм-дд`): created on or before it, not merged or split on or before it.
 *
 * @example unitsOn(events, "2019-06-30").get("novopskovskyi")?.parentId // "luhanska"
 */
export const unitsOn = (events: ReadonlyArray<HierarchyEvent>, date: string): Map<string, UnitOn> => {
  const out = new Map<string, UnitOn>();
  for (const e of byEffective(events)) {
    if (e.effective > date) break;
    const known = out.get(e.nodeId);
    switch (e._tag) {
      case "NodeCreated":
        if (known === undefined)
          out.set(e.nodeId, { nodeId: e.nodeId, name: e.name, level: e.level, parentId: e.parentId, createdOn: e.effective });
        break;
      case "NodeRenamed":
        if (known) out.set(e.nodeId, { ...known, name: e.name });
        break;
      case "NodeMoved":
        if (known) out.set(e.nodeId, { ...known, parentId: e.parentId });
        break;
      case "NodeMerged":
      case "NodeSplit":
        out.delete(e.nodeId);
        break;
      default: {
        const _: never = e;
        return _;
      }
    }
  }
  return out;
};

/**
 * The units directly under `parent` on `date`, by name.
 *
 * @example childrenOn(events, "luhanska", "2019-06-30").map((u) => u.nodeId) // ["novopskovskyi", …]
 */
export const childrenOn = (events: ReadonlyArray<HierarchyEvent>, parent: string, date: string): UnitOn[] =>
  [...unitsOn(events, date).values()].filter((u) => u.parentId === parent).sort((a, b) => a.name.localeCompare(b.name, "uk"));

/** The units below `root` in a tree (not `root` itself), parents before children. */
export const descendantsIn = (units: ReadonlyMap<string, UnitOn>, root: string): string[] => {
  const out: string[] = [];
  const seen = new Set<string>([root]);
  let frontier = [root];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const u of units.values())
      if (u.parentId !== null && frontier.includes(u.parentId) && !seen.has(u.nodeId)) {
        seen.add(u.nodeId);
        out.push(u.nodeId);
        next.push(u.nodeId);
      }
    frontier = next;
  }
  return out;
};

/** What a unit covers on a day. */
export interface Territory {
  readonly nodeId: string;
  readonly on: string;
  /** The unit as it stands that day; null when it does not exist then (not yet, or ended). */
  readonly unit: UnitOn | null;
  /** The unit and every unit under it that day. */
  readonly units: ReadonlyArray<string>;
  /** Units merged into (or split off to) one of those by that day, recursively: their history is this territory's. */
  readonly predecessors: ReadonlyArray<string>;
  /** Whose logs the territory's figures come from: `units` and `predecessors`, sorted. */
  readonly origins: ReadonlyArray<string>;
}

/**
 * The territory of `nodeId` on `date`: the unit, its subtree that day, and every unit that ended into one of them
 * by that day (Starobilsk raion now covers what was Novopskov raion's). A unit that does not exist that day covers
 * nothing.
 *
 * @example territoryOn(events, "starobilskyi", "2026-12-05").origins // ["novopskovskyi", "starobilskyi", …]
 */
export const territoryOn = (events: ReadonlyArray<HierarchyEvent>, nodeId: string, date: string): Territory => {
  const units = unitsOn(events, date);
  const unit = units.get(nodeId) ?? null;
  if (unit === null) return { nodeId, on: date, unit: null, units: [], predecessors: [], origins: [] };
  const covered = [nodeId, ...descendantsIn(units, nodeId)];
  const records = recordsOf(events);
  const predecessors: string[] = [];
  const inside = new Set(covered);
  let grew = true;
  while (grew) {
    grew = false;
    for (const r of records.values())
      if (r.endedOn !== null && r.endedOn <= date && r.continuedBy !== null && inside.has(r.continuedBy) && !inside.has(r.nodeId)) {
        inside.add(r.nodeId);
        predecessors.push(r.nodeId);
        grew = true;
      }
  }
  return { nodeId, on: date, unit, units: covered, predecessors, origins: [...inside].sort() };
};
