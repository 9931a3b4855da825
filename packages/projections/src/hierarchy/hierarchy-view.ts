/**
 * @module The administrative tree as of a date, and the territory a unit covers then, read off the register events
 * this node holds (`hierarchy:<node>` of every origin: its own register and those of the nodes above it or below it),
 * with the successions (`succession:<node>`). The ledger's folds skip these streams: the register is a few hundred
 * events at most, read whole when asked, and its rules live in the domain (`hierarchy.timeline.ts`).
 */
import {
  decodeEvent,
  type HierarchyEvent,
  hierarchyStream,
  type LegalBasis,
  type SuccessorNamed,
  successionStream,
  type Territory,
  territoryOn,
  type UnitLevel,
  unitsOn,
  recordsOf,
} from "@planledger/domain";
import { EventStore } from "@planledger/event-store";
import { Effect, Either } from "effect";
import type { LedgerState, PlanState } from "../model/ledger-state.js";

/** One register event as held here: who recorded it, where in their log, and the event. */
export interface RegisterEntry {
  readonly origin: string;
  readonly seq: number;
  readonly recordedAt: string;
  readonly event: HierarchyEvent;
}

/** A succession held here, with who signed it and where. */
export interface SuccessionEntry {
  readonly origin: string;
  readonly seq: number;
  readonly recordedAt: string;
  readonly event: SuccessorNamed;
}

/** Everything the hierarchy views read. */
export interface Register {
  readonly entries: ReadonlyArray<RegisterEntry>;
  readonly successions: ReadonlyArray<SuccessionEntry>;
}

/**
 * Reads every register and succession stream held here (one stream per origin; events that do not decode, a newer
 * node's shape, are skipped as the ledger skips them).
 *
 * @example const register = await ctx.run(loadRegister)
 */
export const loadRegister: Effect.Effect<Register, never, EventStore> = Effect.gen(function* () {
  const store = yield* EventStore;
  const heads = yield* store.heads();
  const entries: RegisterEntry[] = [];
  const successions: SuccessionEntry[] = [];
  for (const { origin } of heads) {
    for (const e of yield* store.readStream(hierarchyStream(origin))) {
      const decoded = decodeEvent(e.type, e.data);
      if (Either.isRight(decoded) && "nodeId" in decoded.right && e.origin === origin)
        entries.push({ origin, seq: e.seq, recordedAt: e.recordedAt, event: decoded.right as HierarchyEvent });
    }
    for (const e of yield* store.readStream(successionStream(origin))) {
      const decoded = decodeEvent(e.type, e.data);
      if (Either.isRight(decoded) && decoded.right._tag === "SuccessorNamed")
        successions.push({ origin: e.origin, seq: e.seq, recordedAt: e.recordedAt, event: decoded.right });
    }
  }
  return { entries, successions };
});

/** The events of every register, in the order each origin recorded them. */
export const registerEvents = (register: Register): HierarchyEvent[] => register.entries.map((e) => e.event);

/** A unit in the tree on a date, with the units under it. */
export interface HierarchyNode {
  readonly nodeId: string;
  readonly name: string;
  readonly level: UnitLevel;
  readonly parentId: string | null;
  readonly createdOn: string;
  readonly children: ReadonlyArray<HierarchyNode>;
}

/** A dated change of the register, as a history line. */
export interface HierarchyChange {
  readonly type: HierarchyEvent["_tag"];
  readonly nodeId: string;
  readonly effective: string;
  readonly basis: LegalBasis;
  readonly recordedBy: string;
  readonly seq: number;
  /** The new parent (moved), the unit taking over (merged), the parts (split), the new name (renamed, created). */
  readonly name?: string;
  readonly parentId?: string | null;
  readonly into?: ReadonlyArray<string>;
  readonly successor?: string;
}

export interface HierarchyView {
  readonly on: string;
  readonly roots: ReadonlyArray<HierarchyNode>;
  /** Units that ended on or before the day: who continues each. */
  readonly ended: ReadonlyArray<{ readonly nodeId: string; readonly endedOn: string; readonly continuedBy: string | null }>;
  /** Every change recorded, oldest effective date first. */
  readonly changes: ReadonlyArray<HierarchyChange>;
  readonly successions: ReadonlyArray<{
    readonly predecessor: string;
    readonly successor: string;
    readonly authority: string;
    readonly effective: string;
    readonly basis: LegalBasis;
  }>;
}

const changeOf = (entry: RegisterEntry): HierarchyChange => {
  const e = entry.event;
  const base = { type: e._tag, nodeId: e.nodeId, effective: e.effective, basis: e.basis, recordedBy: entry.origin, seq: entry.seq };
  switch (e._tag) {
    case "NodeCreated":
      return { ...base, name: e.name, parentId: e.parentId };
    case "NodeRenamed":
      return { ...base, name: e.name };
    case "NodeMoved":
      return { ...base, parentId: e.parentId };
    case "NodeMerged":
      return { ...base, into: [e.into], successor: e.into };
    case "NodeSplit":
      return { ...base, into: e.into, successor: e.successor };
    default: {
      const _: never = e;
      return _;
    }
  }
};

/**
 * The tree on `on` (`рррр-мм-дд`): roots are units with no parent that day, or whose parent is not in any register
 * held here (an oblast's register seen from a district starts at the oblast).
 *
 * @example hierarchyView(register, "2019-06-30").roots[0]?.children.map((c) => c.nodeId) // ["novopskovskyi"]
 */
export const hierarchyView = (register: Register, on: string): HierarchyView => {
  const events = registerEvents(register);
  const units = unitsOn(events, on);
  const build = (nodeId: string, seen: Set<string>): HierarchyNode => {
    const u = units.get(nodeId);
    if (u === undefined) throw new Error(`unit ${nodeId} not in the tree`);
    seen.add(nodeId);
    const children = [...units.values()]
      .filter((c) => c.parentId === nodeId && !seen.has(c.nodeId))
      .sort((a, b) => a.name.localeCompare(b.name, "uk"))
      .map((c) => build(c.nodeId, seen));
    return { nodeId: u.nodeId, name: u.name, level: u.level, parentId: u.parentId, createdOn: u.createdOn, children };
  };
  const seen = new Set<string>();
  const roots = [...units.values()]
    .filter((u) => u.parentId === null || !units.has(u.parentId))
    .sort((a, b) => a.name.localeCompare(b.name, "uk"))
    .map((u) => build(u.nodeId, seen));
  const ended = [...recordsOf(events).values()]
    .filter((r) => r.endedOn !== null && r.endedOn <= on)
    .map((r) => ({ nodeId: r.nodeId, endedOn: r.endedOn as string, continuedBy: r.continuedBy }));
  const changes = register.entries.map(changeOf).sort((a, b) => a.effective.localeCompare(b.effective));
  const successions = register.successions.map(({ event: s }) => ({
    predecessor: s.predecessor,
    successor: s.successor,
    authority: s.authority,
    effective: s.effective,
    basis: s.basis,
  }));
  return { on, roots, ended, changes, successions };
};

/**
 * The territory of `nodeId` on `on`: the unit, its subtree, and what ended into them by then.
 *
 * @example territoryView(register, "starobilskyi", "2026-12-05").origins // ["novopskovska", "novopskovskyi", "starobilskyi"]
 */
export const territoryView = (register: Register, nodeId: string, on: string): Territory => territoryOn(registerEvents(register), nodeId, on);

/**
 * The successor that reports on `owner`'s plans, if a succession held here names one.
 *
 * @example successorOf(register, "novopskovskyi") // "starobilskyi"
 */
export const successorOf = (register: Register, owner: string): string | null =>
  register.successions.find((s) => s.event.predecessor === owner)?.event.successor ?? null;

/**
 * The ledger as a territory's logs make it: the plan asked for stays whole (its measures are the roll-up's rows),
 * other plans only when their origin is in the territory, and reports — whoever's plan they are on — only when
 * written by an origin in the territory. So "as Novopskov raion on 01.07.2020" counts what Novopskov's own log
 * reported, and "as Starobilsk raion now" adds what Starobilsk reported on the same plans after the hand-over.
 * A shallow copy: the rows are shared, never changed.
 *
 * @example rollup(withinTerritory(state, plan, new Set(["novopskovskyi"])), plan, at)
 */
export const withinTerritory = (state: LedgerState, plan: PlanState, origins: ReadonlySet<string>): LedgerState => {
  const plans = new Map([...state.plans].filter(([id, p]) => id === plan.planId || origins.has(p.origin)));
  const reports = new Map([...state.reports].filter(([, r]) => origins.has(r.origin)));
  return { ...state, plans, reports };
};
