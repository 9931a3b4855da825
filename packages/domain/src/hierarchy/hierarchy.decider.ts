/**
 * @module The register decider (stream `hierarchy:<node>`) and the succession decider (`succession:<predecessor>`).
 * The rules a register keeps: a unit recorded once; every change dated on or after its act and after the unit's
 * latest change; parents, targets and successors that exist on that day and are of the right level; no unit under
 * itself or its own descendants, on that day or any later one; a unit ends only once nothing hangs under it.
 */
import { Either } from "effect";
import type { Decider } from "../shared/decider.js";
import type { NodeId } from "../shared/ids.js";
import type { HierarchyCommand, SuccessionCommand } from "./hierarchy.commands.js";
import {
  EffectiveBeforeBasis,
  EffectiveOutOfOrder,
  HierarchyCycle,
  type HierarchyError,
  InvalidSplit,
  LevelMismatch,
  NodeAlreadyRecorded,
  NodeEnded,
  NodeHasChildren,
  NodeNotYetCreated,
  NotSuccessionAuthority,
  SuccessionAlreadyNamed,
  type SuccessionError,
  SuccessorMismatch,
  UnknownNode,
} from "./hierarchy.errors.js";
import {
  type HierarchyEvent,
  type LegalBasis,
  NodeCreated,
  NodeMerged,
  NodeMoved,
  NodeRenamed,
  NodeSplit,
  type SuccessionEvent,
  SuccessorNamed,
  type UnitLevel,
} from "./hierarchy.events.js";
import {
  evolveHierarchy,
  evolveSuccession,
  type HierarchyState,
  initialHierarchyState,
  initialSuccessionState,
  type SuccessionState,
} from "./hierarchy.state.js";
import { descendantsIn, recordsOf, type UnitRecord, unitsOn } from "./hierarchy.timeline.js";

/** Which levels may sit directly above each level. */
const parentLevels: Record<UnitLevel, ReadonlyArray<UnitLevel>> = {
  national: [],
  oblast: ["national"],
  district: ["oblast"],
  hromada: ["district", "oblast"],
};

type Check<E> = E | null;

const basisCheck = (basis: LegalBasis, effective: string): Check<EffectiveBeforeBasis> =>
  effective < basis.date ? new EffectiveBeforeBasis({ effective: effective as never, basisDate: basis.date }) : null;

/** The unit exists on `effective`: recorded, created by then, not ended by then. */
const existing = (
  records: ReadonlyMap<string, UnitRecord>,
  nodeId: NodeId,
  effective: string,
  role: string,
): Either.Either<UnitRecord, UnknownNode | NodeNotYetCreated | NodeEnded> => {
  const r = records.get(nodeId);
  if (r === undefined) return Either.left(new UnknownNode({ nodeId, role }));
  if (effective < r.createdOn) return Either.left(new NodeNotYetCreated({ nodeId, effective: effective as never, createdOn: r.createdOn as never }));
  if (r.endedOn !== null && effective >= r.endedOn) return Either.left(new NodeEnded({ nodeId, effective: effective as never, endedOn: r.endedOn as never }));
  return Either.right(r);
};

/** The unit itself, which must exist and whose history must not be written out of order. */
const subject = (records: ReadonlyMap<string, UnitRecord>, nodeId: NodeId, effective: string) =>
  Either.flatMap(existing(records, nodeId, effective, "node"), (r) =>
    effective < r.latestChange
      ? Either.left(new EffectiveOutOfOrder({ nodeId, effective: effective as never, latest: r.latestChange as never }))
      : Either.right(r),
  );

/** Placing `nodeId` under `parentId` from `effective` on would close a loop on that day or a later change day. */
const cycleOn = (events: ReadonlyArray<HierarchyEvent>, nodeId: NodeId, parentId: NodeId, effective: string): string | null => {
  if (nodeId === parentId) return effective;
  const days = [effective, ...new Set(events.map((e) => e.effective).filter((d) => d > effective))].sort();
  for (const day of days) if (descendantsIn(unitsOn(events, day), nodeId).includes(parentId)) return day;
  return null;
};

/** A unit that ends on `effective` must have nothing under it that day. */
const childless = (events: ReadonlyArray<HierarchyEvent>, nodeId: NodeId, effective: string): Check<NodeHasChildren> => {
  const children = [...unitsOn(events, effective).values()].filter((u) => u.parentId === nodeId).map((u) => u.nodeId);
  return children.length > 0 ? new NodeHasChildren({ nodeId, children, on: effective as never }) : null;
};

/** `target` takes over `node`'s territory: it exists then, is of the same level, and is not under `node`. */
const takeOver = (
  state: HierarchyState,
  records: ReadonlyMap<string, UnitRecord>,
  node: UnitRecord,
  target: NodeId,
  effective: string,
): Check<HierarchyError> => {
  const t = existing(records, target, effective, "into");
  if (Either.isLeft(t)) return t.left;
  if (target === node.nodeId || descendantsIn(unitsOn(state.events, effective), node.nodeId).includes(target))
    return new HierarchyCycle({ nodeId: node.nodeId, parentId: target, on: effective as never });
  if (t.right.level !== node.level)
    return new LevelMismatch({ nodeId: node.nodeId, level: node.level, otherId: target, otherLevel: t.right.level });
  return null;
};

const decideHierarchy = (command: HierarchyCommand, state: HierarchyState): Either.Either<ReadonlyArray<HierarchyEvent>, HierarchyError> => {
  const { meta: _meta, _tag, ...fields } = command;
  const basis = basisCheck(command.basis, command.effective);
  if (basis !== null) return Either.left(basis);
  const records = recordsOf(state.events);
  switch (command._tag) {
    case "CreateNode": {
      const known = records.get(command.nodeId);
      if (known !== undefined) return Either.left(new NodeAlreadyRecorded({ nodeId: command.nodeId, createdOn: known.createdOn as never }));
      const allowed = parentLevels[command.level];
      if (command.parentId === null) {
        if (command.level !== "national" && command.level !== "oblast")
          return Either.left(new LevelMismatch({ nodeId: command.nodeId, level: command.level, otherId: null, otherLevel: null }));
        return Either.right([new NodeCreated(fields as ConstructorParameters<typeof NodeCreated>[0])]);
      }
      const parent = existing(records, command.parentId, command.effective, "parent");
      if (Either.isLeft(parent)) return Either.left(parent.left);
      if (!allowed.includes(parent.right.level))
        return Either.left(new LevelMismatch({ nodeId: command.nodeId, level: command.level, otherId: command.parentId, otherLevel: parent.right.level }));
      return Either.right([new NodeCreated(fields as ConstructorParameters<typeof NodeCreated>[0])]);
    }
    case "RenameNode": {
      const node = subject(records, command.nodeId, command.effective);
      if (Either.isLeft(node)) return Either.left(node.left);
      return Either.right([new NodeRenamed(fields as ConstructorParameters<typeof NodeRenamed>[0])]);
    }
    case "MoveNode": {
      const node = subject(records, command.nodeId, command.effective);
      if (Either.isLeft(node)) return Either.left(node.left);
      const parent = existing(records, command.parentId, command.effective, "parent");
      if (Either.isLeft(parent)) return Either.left(parent.left);
      const loop = cycleOn(state.events, command.nodeId, command.parentId, command.effective);
      if (loop !== null) return Either.left(new HierarchyCycle({ nodeId: command.nodeId, parentId: command.parentId, on: loop as never }));
      if (!parentLevels[node.right.level].includes(parent.right.level))
        return Either.left(new LevelMismatch({ nodeId: command.nodeId, level: node.right.level, otherId: command.parentId, otherLevel: parent.right.level }));
      return Either.right([new NodeMoved(fields as ConstructorParameters<typeof NodeMoved>[0])]);
    }
    case "MergeNode": {
      const node = subject(records, command.nodeId, command.effective);
      if (Either.isLeft(node)) return Either.left(node.left);
      const refused = takeOver(state, records, node.right, command.into, command.effective) ?? childless(state.events, command.nodeId, command.effective);
      if (refused !== null) return Either.left(refused);
      return Either.right([new NodeMerged(fields as ConstructorParameters<typeof NodeMerged>[0])]);
    }
    case "SplitNode": {
      const node = subject(records, command.nodeId, command.effective);
      if (Either.isLeft(node)) return Either.left(node.left);
      if (new Set(command.into).size !== command.into.length)
        return Either.left(new InvalidSplit({ nodeId: command.nodeId, detail: "the parts repeat a unit" }));
      if (!command.into.includes(command.successor))
        return Either.left(new InvalidSplit({ nodeId: command.nodeId, detail: `the successor ${command.successor} is not one of the parts` }));
      for (const part of command.into) {
        const refused = takeOver(state, records, node.right, part, command.effective);
        if (refused !== null) return Either.left(refused);
      }
      const busy = childless(state.events, command.nodeId, command.effective);
      if (busy !== null) return Either.left(busy);
      return Either.right([new NodeSplit(fields as ConstructorParameters<typeof NodeSplit>[0])]);
    }
    default: {
      const _: never = command;
      return Either.right([]);
    }
  }
};

/**
 * The register of an administrative tree: one stream per node that keeps one (an oblast for its subtree).
 *
 * @example
 * hierarchyDecider.decide(new MergeNode({ meta, nodeId: novopskovskyi, into: starobilskyi, basis: reform, effective }), state)
 */
export const hierarchyDecider: Decider<HierarchyCommand, HierarchyEvent, HierarchyState, HierarchyError> = {
  decide: decideHierarchy,
  evolve: evolveHierarchy,
  initialState: initialHierarchyState,
};

const decideSuccession = (command: SuccessionCommand, state: SuccessionState): Either.Either<ReadonlyArray<SuccessionEvent>, SuccessionError> => {
  const { meta, predecessor, successor, basis, effective, register } = command;
  if (state.status === "named") return Either.left(new SuccessionAlreadyNamed({ predecessor, successor: state.successor }));
  const early = basisCheck(basis, effective);
  if (early !== null) return Either.left(early);
  const records = recordsOf(register);
  const before = records.get(predecessor);
  if (before === undefined) return Either.left(new UnknownNode({ nodeId: predecessor, role: "predecessor" }));
  if (effective < before.createdOn)
    return Either.left(new NodeNotYetCreated({ nodeId: predecessor, effective, createdOn: before.createdOn as never }));
  if (successor === predecessor) return Either.left(new SuccessorMismatch({ predecessor, successor, recorded: before.continuedBy }));
  const after = existing(records, successor, effective, "successor");
  if (Either.isLeft(after)) return Either.left(after.left as UnknownNode | NodeNotYetCreated | NodeEnded);
  if (before.continuedBy !== null && before.continuedBy !== successor)
    return Either.left(new SuccessorMismatch({ predecessor, successor, recorded: before.continuedBy }));
  // The parent on the day before the hand-over: the authority over a unit that is gone from the tree that day.
  const dayBefore = new Date(Date.parse(`${effective}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const parentId = unitsOn(register, dayBefore).get(predecessor)?.parentId ?? null;
  if (meta.node !== predecessor && meta.node !== parentId)
    return Either.left(new NotSuccessionAuthority({ predecessor, node: meta.node, parentId }));
  return Either.right([new SuccessorNamed({ predecessor, successor, authority: meta.node, basis, effective })]);
};

/**
 * A succession: the predecessor's plans pass to its successor, once.
 *
 * @example successionDecider.decide(new NameSuccessor({ meta, predecessor, successor, basis, effective, register }), initialSuccessionState)
 */
export const successionDecider: Decider<SuccessionCommand, SuccessionEvent, SuccessionState, SuccessionError> = {
  decide: decideSuccession,
  evolve: evolveSuccession,
  initialState: initialSuccessionState,
};
