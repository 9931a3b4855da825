/**
 * @module Broken invariants of a plan, as data: each names the offending ids so that the API can say
 * exactly what was wrong (mapped to RFC 9457 problems at the edge).
 */
import { Schema as S } from "effect";
import { IsoDate } from "../term/term.model.js";
import { MeasureId, NodeId, PlanId } from "../shared/ids.js";
import { AmendingOrder, MeasureRef } from "./plan.events.js";
import { Order, Period } from "./plan.model.js";

export const ItemKind = S.Literal("section", "task", "measure");
export type ItemKind = typeof ItemKind.Type;

/** A command for a plan that has not been adopted (or is held under another id). */
export class UnknownPlan extends S.TaggedError<UnknownPlan>()("UnknownPlan", { planId: S.String }) {}

export class PlanAlreadyAdopted extends S.TaggedError<PlanAlreadyAdopted>()("PlanAlreadyAdopted", {
  planId: PlanId,
}) {}

/** The command names another plan than the stream it was sent to. */
export class PlanMismatch extends S.TaggedError<PlanMismatch>()("PlanMismatch", {
  expected: S.String,
  given: S.String,
}) {}

/** Single writer per stream: only the owner node may change a plan (and file its reports). */
export class NotPlanOwner extends S.TaggedError<NotPlanOwner>()("NotPlanOwner", {
  planId: PlanId,
  ownerNode: NodeId,
  node: NodeId,
}) {}

export class PlanIsClosed extends S.TaggedError<PlanIsClosed>()("PlanIsClosed", { planId: PlanId }) {}

/** A period whose first year is after its last. */
export class InvalidPeriod extends S.TaggedError<InvalidPeriod>()("InvalidPeriod", {
  planId: PlanId,
  period: Period,
}) {}

/** An amendment must come by an order later than (or as late as, but other than) every earlier one. */
export class OrderNotLater extends S.TaggedError<OrderNotLater>()("OrderNotLater", {
  planId: PlanId,
  current: Order,
  given: AmendingOrder,
}) {}

export class DuplicateId extends S.TaggedError<DuplicateId>()("DuplicateId", {
  planId: PlanId,
  kind: ItemKind,
  id: S.String,
}) {}

/** An id that is not derived from its parent's (ids nest: plan → section → task → measure). */
export class IdOutsideParent extends S.TaggedError<IdOutsideParent>()("IdOutsideParent", {
  kind: ItemKind,
  id: S.String,
  parentId: S.String,
}) {}

export class UnknownSection extends S.TaggedError<UnknownSection>()("UnknownSection", {
  planId: PlanId,
  sectionId: S.String,
}) {}

/** Also the error for a measure added to a task the plan does not have (`measureId` then set). */
export class UnknownTask extends S.TaggedError<UnknownTask>()("UnknownTask", {
  planId: PlanId,
  taskId: S.String,
  measureId: S.optional(S.String),
}) {}

export class UnknownMeasure extends S.TaggedError<UnknownMeasure>()("UnknownMeasure", {
  planId: PlanId,
  measureId: S.String,
}) {}

/** Changing, cancelling again, or adding under a section, task or measure that was cancelled. */
export class ItemIsCancelled extends S.TaggedError<ItemIsCancelled>()("ItemIsCancelled", {
  kind: ItemKind,
  id: S.String,
}) {}

/** An amendment command that changes nothing. */
export class NothingToAmend extends S.TaggedError<NothingToAmend>()("NothingToAmend", { id: S.String }) {}

/** Money (planned or spent) below zero, тис. грн. */
export class NegativeAmount extends S.TaggedError<NegativeAmount>()("NegativeAmount", {
  id: S.String,
  source: S.String,
  year: S.optional(S.String),
  amount: S.Number,
}) {}

export class SelfLink extends S.TaggedError<SelfLink>()("SelfLink", { measureId: MeasureId }) {}

/** A measure implements a measure of another (parent) plan; a link inside one plan would loop roll-ups. */
export class LinkWithinPlan extends S.TaggedError<LinkWithinPlan>()("LinkWithinPlan", {
  measureId: MeasureId,
  parent: MeasureRef,
}) {}

export class AlreadyLinked extends S.TaggedError<AlreadyLinked>()("AlreadyLinked", {
  measureId: MeasureId,
  parent: MeasureRef,
}) {}

export class NotLinked extends S.TaggedError<NotLinked>()("NotLinked", { measureId: MeasureId }) {}

/** An amending order dated after the moment the command is executed. */
export class OrderInFuture extends S.TaggedError<OrderInFuture>()("OrderInFuture", {
  planId: PlanId,
  date: IsoDate,
  at: S.String,
}) {}

export type PlanError =
  | UnknownPlan
  | PlanAlreadyAdopted
  | PlanMismatch
  | NotPlanOwner
  | PlanIsClosed
  | InvalidPeriod
  | OrderNotLater
  | OrderInFuture
  | DuplicateId
  | IdOutsideParent
  | UnknownSection
  | UnknownTask
  | UnknownMeasure
  | ItemIsCancelled
  | NothingToAmend
  | NegativeAmount
  | SelfLink
  | LinkWithinPlan
  | AlreadyLinked
  | NotLinked;
