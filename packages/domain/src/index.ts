/**
 * @module Public face of the domain package: the pure model of plans of measures.
 */
export * from "./term/term.model.js";
export * from "./plan/plan.model.js";
export * from "./shared/ids.js";
export * from "./shared/streams.js";
export * from "./shared/json-guard.js";
export * from "./shared/event-registry.js";
export * from "./plan/plan.events.js";
export * from "./report/report.events.js";
export * from "./review/review.events.js";
export * from "./term/term.parser.js";
export * from "./term/term.schedule.js";
export * from "./term/term.calendar.js";
export * from "./shared/command-meta.js";
export * from "./shared/decider.js";
export * from "./plan/plan.commands.js";
export * from "./plan/plan.errors.js";
export * from "./plan/plan.state.js";
export * from "./plan/plan.decider.js";
export * from "./report/report.plan-facts.js";
export * from "./report/report.commands.js";
export * from "./report/report.errors.js";
export * from "./report/report.state.js";
export * from "./report/report.decider.js";
export * from "./review/review.commands.js";
export * from "./review/review.errors.js";
export * from "./review/review.state.js";
export * from "./review/review.decider.js";
export * from "./hierarchy/hierarchy.events.js";
export * from "./hierarchy/hierarchy.commands.js";
export * from "./hierarchy/hierarchy.errors.js";
export * from "./hierarchy/hierarchy.state.js";
export * from "./hierarchy/hierarchy.timeline.js";
export * from "./hierarchy/hierarchy.decider.js";
