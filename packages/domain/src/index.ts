/**
 * @module Public face of the domain package: the pure model of plans of measures.
 */
export * from "./term/term.model.js";
export * from "./plan/plan.model.js";
