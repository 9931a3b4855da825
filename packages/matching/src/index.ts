/**
 * @module Public face of the matching package: which parent measure a child plan's measure most likely
 * implements. Planning work, not sync: federation does not import it; the node app and its demo do.
 */
export {
  suggestLinks,
  defaultWeights,
  type LinkablePlan,
  type LinkableSection,
  type LinkableTask,
  type LinkableMeasure,
  type LinkCandidate,
  type LinkSuggestion,
} from "./suggest-links.js";
export { linkableFromDocument } from "./linkable-from-document.js";
export { linkableFromTree, type PlanTreeLike } from "./linkable-from-tree.js";
export { tokens as ukrainianTokens } from "./ukrainian-tokens.js";
export { romanValue } from "./roman-numeral.js";
