/**
 * @module Public face of the web package: the node's server-rendered pages and the port they read through.
 */
export { type PeekedPage, type PeekRequest, type WebOptions, type WebPages, webPages, webRoutes } from "./web-routes.js";
export type {
  CheckpointFacts,
  ChildSync,
  HistoryEvent,
  IntegrityReport,
  NodeFacts,
  OriginCheck,
  ViewMoment,
  WebSource,
  WitnessProblem,
} from "./web-source.js";
export { formatDate, formatDateTime, formatMoney, formatNumber, formatQuarter } from "./i18n/format.js";
export { statusBars, type StatusCount } from "./charts/status-chart.js";
export { type AccountAdmin, type AccountSummary, type PeoplePort, type SignInOutcome, type Viewer, PRESESSION_COOKIE, SESSION_COOKIE } from "./people.js";
export type { ProgressInput, ProgressStatus, QuarterAddress, ReportWrites, ReviewWrites, SubmissionRef } from "./reporting.js";
export type { ColumnChoice, ColumnField, ColumnView, FieldDifference, ItemDifference, Placement, PlanWrites, ReadingView, ReadOutcome, RecordedPlan, Upload } from "./plan-writes.js";
export type { LinkCandidateView, LinkSuggestionsView, LinkWrites } from "./links.js";
