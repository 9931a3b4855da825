/**
 * @module Public face of the domain package: the pure model of plans of measures.
 */
export * from "./term/term.model.js";
export * from "./plan/plan.model.js";
export * from "./shared/ids.js";
export * from "./shared/streams.js";
export * from "./shared/event-registry.js";
export * from "./plan/plan.events.js";
export * from "./report/report.events.js";
export * from "./review/review.events.js";
export * from "./term/term.parser.js";
export * from "./term/term.schedule.js";
export * from "./term/term.calendar.js";
