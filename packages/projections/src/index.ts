/**
 * @module Public face of the projections package: read models and roll-ups folded from the node's log,
 * cached in its database, rebuilt on demand and replayed as of any moment.
 */
export {
  type CheckpointsOf,
  Projections,
  type PostgresProjectionDatabase,
  type ProjectionDatabase,
  type ProjectionsOptions,
  type ProjectionsService,
  type ViewOptions,
  eventStoreSource,
  makeProjectionsService,
  openPostgresProjections,
  openSqliteProjections,
} from "./projections.service.js";
export { InvalidAsOf, PlanNotFound } from "./projections.errors.js";
export {
  type HierarchyChange,
  type HierarchyNode,
  type HierarchyView,
  type Register,
  type RegisterEntry,
  type SuccessionEntry,
  hierarchyView,
  loadRegister,
  registerEvents,
  successorOf,
  territoryView,
  withinTerritory,
} from "./hierarchy/hierarchy-view.js";
export { type CatchUpResult, type LedgerEngine, type RebuildResult, ledgerEngine } from "./ledger-engine.js";
export type { AsOf, LoggedEvent } from "./model/logged-event.js";
export { parseStream, visibleAt } from "./model/logged-event.js";
export { parseAsOf } from "./model/as-of.js";
export { kyivDay } from "./model/kyiv-time.js";
export {
  DiffBasis,
  DiffEvent,
  DiffMeasure,
  DiffMoment,
  type DiffSourceEvent,
  PlanDiffChange,
  PlanDiffView,
  parseDiffMoment,
  planDiff,
} from "./plan-diff.js";
export { DiffCheckpoint, DiffEventProof, type DiffSigner, ProvedDiffEvent, ProvedPlanDiff, provePlanDiff } from "./plan-diff-proofs.js";
export { type EventSource, arrayEventSource } from "./model/event-source.js";
export * from "./model/ledger-state.js";
export { type Touched, applyEvent } from "./model/apply-event.js";
export { progressEntryOf, progressFromData, progressOf, readProgress } from "./model/report/progress.js";
export { projectEvents } from "./model/project-events.js";
export { quarterIndex, quarterLabel, reportDueDate } from "./model/schedule.js";
export { type LatestProgress, type MeasureProgress, type PeriodStatus, measureProgress } from "./views/measure-status.js";
export { type TargetProgress, indicatorProgress } from "./views/indicator-progress.js";
export { type MoneyRow, type MoneyTotal, type PlanMoney, type TotalCheck, planMoney } from "./views/plan-money.js";
export { type ReportCalendar, type ReportEntry, reportCalendar } from "./views/report-calendar.js";
export { type RecordedMeasure, type ReportProgress, reportProgress } from "./views/report-progress.js";
export {
  type MeasureNode,
  type PlanSummary,
  type PlanTree,
  type SectionNode,
  type TaskNode,
  planSummary,
  planTree,
} from "./views/plan-tree.js";
export {
  type CheckpointLookup,
  type CheckpointRef,
  type ChildContribution,
  type ChildPlan,
  type Combined,
  type CombinedTarget,
  type Freshness,
  type Rollup,
  type RollupMeasure,
  type RollupPage,
  ROLLUP_CHILDREN_LIMIT,
  aggregationOf,
  rollup,
  rollupLookups,
} from "./views/rollup.js";
export { type Label, type ReportSlot, measureStatusLabels, reportSlotLabels } from "./views/status-labels.js";
export { projectionsMigrations } from "./sqlite/migrations/index.js";
export { type LedgerCache, ledgerCache } from "./sqlite/ledger-cache.js";
export { postgresLedgerCache } from "./postgres/postgres-ledger-cache.js";
export { type StoreEventSource, type StoreEventSourceOptions, storeEventSource } from "./store-event-source.js";
export type { ProjectionTables } from "./sqlite/read-model-tables.js";
export {
  MeasureStatusSchema,
  PlanSummaryView,
  PlanTreeView,
  ReportCalendarView,
  ReportEntryView,
  ReportPhaseSchema,
  ReportSlotSchema,
  RollupView,
} from "./views/view-schemas.js";
