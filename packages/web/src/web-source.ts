/**
 * @module What the pages read, and nothing else: a port that the node app implements over its projections,
 * event store and federation. Pages never see a database, so they can be rendered from any source.
 */
import type { HierarchyView, PlanSummary, PlanTree, ReportCalendar, ReportProgress, Rollup } from "@planledger/projections";
import type { LinkSuggestionsView } from "./links.js";

/** A moment a view is replayed at: a date (the end of that day in Kyiv time) or an ISO instant. */
export interface ViewMoment {
  readonly asOf?: string | undefined;
  /** With `asOf`: hide what had not reached this node by then (true, default), or count by when it happened. */
  readonly byReceipt?: boolean | undefined;
}

export interface CheckpointFacts {
  readonly seq: number;
  readonly hash: string;
  readonly signedAt: string;
  readonly witness?: { readonly node: string; readonly signedAt: string } | null | undefined;
}

/** A node below this one and how its log reaches us. */
export interface ChildSync {
  readonly nodeId: string;
  readonly level: string;
  readonly parentId: string;
  readonly enrolledAt: string | null;
  readonly lastCheckpoint: CheckpointFacts | null;
  readonly lastReceivedAt: string | null;
  /** Events of its log held here. */
  readonly events: number;
}

export interface NodeFacts {
  readonly nodeId: string;
  readonly level: string;
  readonly displayName: string;
  readonly parent: {
    readonly nodeId: string;
    readonly url: string | null;
    readonly lastSyncAt: string | null;
    readonly lastError: string | null;
  } | null;
  readonly children: ReadonlyArray<ChildSync>;
  /** Events in this node's database, all origins. */
  readonly events: number;
}

/** One event of a stream as the log holds it. */
export interface HistoryEvent {
  /** Where it stands in this node's log: what the report view names a recording by. */
  readonly position: number;
  readonly version: number;
  readonly type: string;
  readonly actor: string;
  readonly origin: string;
  readonly seq: number;
  readonly recordedAt: string;
  /** When it reached this node; null for this node's own events. */
  readonly receivedAt: string | null;
  readonly eventId: string;
  readonly causationId: string | null;
  readonly hash: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface OriginCheck {
  readonly origin: string;
  readonly events: number;
  readonly lastSeq: number;
  readonly lastHash: string;
  readonly checkpoints: number;
  readonly lastCheckpoint: CheckpointFacts | null;
  readonly broken: { readonly position: number | null; readonly seq: number | null; readonly reason: string } | null;
}

export interface WitnessProblem {
  readonly origin: string;
  readonly seq: number;
  readonly witnessNode: string;
  readonly witnessedAt: string;
  readonly problem: string;
}

/** A split view the node recorded: two tree heads of one origin that cannot both be true (federation's witness). */
export interface SplitViewFacts {
  readonly origin: string;
  /** `push` or `witness`: how the second head came. */
  readonly source: string;
  readonly heldSize: number;
  readonly presentedSize: number;
  readonly heldRoot: string;
  readonly presentedRoot: string;
  /** True when the evidence proves the split by itself and the origin is refused; false when it rests on a failed proof. */
  readonly conclusive?: boolean;
  readonly detectedAt: string;
  readonly eventId: string | null;
  readonly liftedAt: string | null;
  readonly liftedBy: string | null;
}

/** k of n over the node's own log: k, the named witnesses, and the largest size k of them cosigned. */
export interface QuorumFacts {
  readonly origin: string;
  readonly quorum: number;
  readonly witnesses: ReadonlyArray<string>;
  readonly witnessedSize: number;
  readonly cosignedBy: ReadonlyArray<string>;
  readonly latestCosignedSize: number;
}

/** What `planledger audit verify` finds, run read-only on the node's database. */
export interface IntegrityReport {
  readonly checkedAt: string;
  readonly origins: ReadonlyArray<OriginCheck>;
  readonly witnesses: {
    readonly checked: number;
    readonly findings: ReadonlyArray<WitnessProblem>;
    /** k of n over this node's own log (C2SP cosignatures), when it has witnesses. */
    readonly quorum?: QuorumFacts;
    /** Split views recorded here, open and lifted. */
    readonly splitViews?: ReadonlyArray<SplitViewFacts>;
  };
  /** Set when the database could not be checked at all. */
  readonly error: string | null;
}

export interface WebSource {
  readonly node: () => Promise<NodeFacts>;
  readonly plans: (view?: ViewMoment) => Promise<ReadonlyArray<PlanSummary>>;
  /** Throws `PlanNotFound` or `InvalidAsOf` (tags of @planledger/projections). */
  readonly planTree: (planId: string, view?: ViewMoment) => Promise<PlanTree>;
  readonly rollup: (planId: string, view?: ViewMoment) => Promise<Rollup>;
  /** The administrative tree on a day (`рррр-мм-дд`), when the node keeps or holds a register (issue #18). */
  readonly hierarchy?: (on: string) => Promise<HierarchyView>;
  readonly reports: (planId: string, view?: ViewMoment) => Promise<ReportCalendar>;
  /**
   * One report's progress as the read model holds it, now or as of a moment: per measure the latest recording, its
   * data checked by the event's schema. Pages ask this rather than folding the report's stream. Null if not held.
   */
  readonly report: (reportId: string, view?: ViewMoment) => Promise<ReportProgress | null>;
  /** Every event of a stream held here, oldest first; empty when the stream is unknown. */
  readonly history: (stream: string) => Promise<ReadonlyArray<HistoryEvent>>;
  readonly integrity: () => Promise<IntegrityReport>;
  /** Suggested parent measures for a plan that implements another held here; null when it names no parent plan. */
  readonly linkSuggestions?: (planId: string) => Promise<LinkSuggestionsView | null>;
  /**
   * Changes whenever what the pages show may have changed (the log moved); rendered current pages are kept
   * while it stays the same on the same day. A source that can tell it without I/O returns it directly, and
   * kept pages can then be answered without going through the routes (`WebPages.peek`).
   */
  readonly version: () => string | Promise<string>;
}
