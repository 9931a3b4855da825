/**
 * @module Changes of the administrative tree, and successions, that a register refuses. Each names the units and
 * days involved, so the refusal says what is wrong and where.
 */
import { Schema as S } from "effect";
import { NodeId } from "../shared/ids.js";
import { IsoDate } from "../term/term.model.js";
import { UnitLevel } from "./hierarchy.events.js";

/** `рррр-мм-дд` → `дд.мм.рррр`. */
const dmy = (iso: string): string => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

/** A unit (or a parent, target or successor) that the register has never recorded. */
export class UnknownNode extends S.TaggedError<UnknownNode>()("UnknownNode", { nodeId: NodeId, role: S.String }) {
  override get message(): string {
    return `одиниці ${this.nodeId} (${this.role}) немає в реєстрі / no unit ${this.nodeId} (${this.role}) in the register`;
  }
}

/** A unit id is recorded once; a new administration gets a new id. */
export class NodeAlreadyRecorded extends S.TaggedError<NodeAlreadyRecorded>()("NodeAlreadyRecorded", {
  nodeId: NodeId,
  createdOn: IsoDate,
}) {
  override get message(): string {
    return `одиницю ${this.nodeId} уже внесено до реєстру з ${dmy(this.createdOn)} / unit ${this.nodeId} is already recorded, since ${dmy(this.createdOn)}`;
  }
}

/** A change dated before the unit it concerns existed (e.g. a merge dated before the node was created). */
export class NodeNotYetCreated extends S.TaggedError<NodeNotYetCreated>()("NodeNotYetCreated", {
  nodeId: NodeId,
  effective: IsoDate,
  createdOn: IsoDate,
}) {
  override get message(): string {
    return `зміна від ${dmy(this.effective)} раніша, ніж утворено ${this.nodeId} (${dmy(this.createdOn)}) / dated ${dmy(this.effective)}, before ${this.nodeId} existed (${dmy(this.createdOn)})`;
  }
}

/** A change to (or towards) a unit already merged or split by that day. */
export class NodeEnded extends S.TaggedError<NodeEnded>()("NodeEnded", { nodeId: NodeId, effective: IsoDate, endedOn: IsoDate }) {
  override get message(): string {
    return `${this.nodeId} припинено ${dmy(this.endedOn)}, зміна від ${dmy(this.effective)} неможлива / ${this.nodeId} ended on ${dmy(this.endedOn)}; a change dated ${dmy(this.effective)} cannot apply`;
  }
}

/** A parent of the wrong level (a raion under a hromada), a root below the oblast level, a merge across levels. */
export class LevelMismatch extends S.TaggedError<LevelMismatch>()("LevelMismatch", {
  nodeId: NodeId,
  level: UnitLevel,
  otherId: S.NullOr(NodeId),
  otherLevel: S.NullOr(UnitLevel),
}) {
  override get message(): string {
    return `${this.nodeId} (${this.level}) не може бути під ${this.otherId ?? "коренем"} (${this.otherLevel ?? "—"}) / ${this.nodeId} (${this.level}) cannot sit under or merge with ${this.otherId ?? "no parent"} (${this.otherLevel ?? "—"})`;
  }
}

/** A unit placed under itself or under one of its own descendants, or merged into one of them. */
export class HierarchyCycle extends S.TaggedError<HierarchyCycle>()("HierarchyCycle", {
  nodeId: NodeId,
  parentId: NodeId,
  on: IsoDate,
}) {
  override get message(): string {
    return `${this.nodeId} під ${this.parentId} утворює цикл на ${dmy(this.on)} / ${this.nodeId} under ${this.parentId} makes a cycle on ${dmy(this.on)}`;
  }
}

/** A unit's history is written in the order it happened: no change dated before its latest recorded change. */
export class EffectiveOutOfOrder extends S.TaggedError<EffectiveOutOfOrder>()("EffectiveOutOfOrder", {
  nodeId: NodeId,
  effective: IsoDate,
  latest: IsoDate,
}) {
  override get message(): string {
    return `зміна ${this.nodeId} від ${dmy(this.effective)} раніша за останню внесену (${dmy(this.latest)}) / a change of ${this.nodeId} dated ${dmy(this.effective)} precedes its latest recorded change (${dmy(this.latest)})`;
  }
}

/** A change cannot take effect before the act it rests on was adopted. */
export class EffectiveBeforeBasis extends S.TaggedError<EffectiveBeforeBasis>()("EffectiveBeforeBasis", {
  effective: IsoDate,
  basisDate: IsoDate,
}) {
  override get message(): string {
    return `зміна набирає чинності ${dmy(this.effective)}, раніше за акт від ${dmy(this.basisDate)} / effective ${dmy(this.effective)}, before its act of ${dmy(this.basisDate)}`;
  }
}

/** A unit that still has units under it cannot end: move or merge them first, or they would hang under nothing. */
export class NodeHasChildren extends S.TaggedError<NodeHasChildren>()("NodeHasChildren", {
  nodeId: NodeId,
  children: S.Array(NodeId),
  on: IsoDate,
}) {
  override get message(): string {
    return `${this.nodeId} має підпорядковані одиниці на ${dmy(this.on)}: ${this.children.join(", ")} — спершу перенесіть їх / ${this.nodeId} still has units under it on ${dmy(this.on)}: ${this.children.join(", ")} — move them first`;
  }
}

/** A split's successor must be one of its parts, and the parts distinct and other than the unit. */
export class InvalidSplit extends S.TaggedError<InvalidSplit>()("InvalidSplit", { nodeId: NodeId, detail: S.String }) {
  override get message(): string {
    return `поділ ${this.nodeId}: ${this.detail} / split of ${this.nodeId}: ${this.detail}`;
  }
}

/** A predecessor names its successor once. */
export class SuccessionAlreadyNamed extends S.TaggedError<SuccessionAlreadyNamed>()("SuccessionAlreadyNamed", {
  predecessor: NodeId,
  successor: NodeId,
}) {
  override get message(): string {
    return `правонаступника ${this.predecessor} уже визначено: ${this.successor} / ${this.predecessor} already names its successor: ${this.successor}`;
  }
}

/** Only the predecessor itself, or its parent as the authority, names a successor. */
export class NotSuccessionAuthority extends S.TaggedError<NotSuccessionAuthority>()("NotSuccessionAuthority", {
  predecessor: NodeId,
  node: NodeId,
  parentId: S.NullOr(NodeId),
}) {
  override get message(): string {
    return `правонаступника ${this.predecessor} визначає він сам або його батьківський вузол (${this.parentId ?? "—"}), не ${this.node} / only ${this.predecessor} itself or its parent (${this.parentId ?? "—"}) names its successor, not ${this.node}`;
  }
}

/** A successor other than the one the register's merge or split names, or the predecessor itself. */
export class SuccessorMismatch extends S.TaggedError<SuccessorMismatch>()("SuccessorMismatch", {
  predecessor: NodeId,
  successor: NodeId,
  recorded: S.NullOr(NodeId),
}) {
  override get message(): string {
    return `${this.successor} не може бути правонаступником ${this.predecessor}${this.recorded === null ? "" : ` (реєстр: ${this.recorded})`} / ${this.successor} cannot succeed ${this.predecessor}${this.recorded === null ? "" : ` (the register names ${this.recorded})`}`;
  }
}

export type HierarchyError =
  | UnknownNode
  | NodeAlreadyRecorded
  | NodeNotYetCreated
  | NodeEnded
  | LevelMismatch
  | HierarchyCycle
  | EffectiveOutOfOrder
  | EffectiveBeforeBasis
  | NodeHasChildren
  | InvalidSplit;

export type SuccessionError =
  | UnknownNode
  | NodeNotYetCreated
  | NodeEnded
  | EffectiveBeforeBasis
  | SuccessionAlreadyNamed
  | NotSuccessionAuthority
  | SuccessorMismatch;
