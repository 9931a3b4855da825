/**
 * @module Replays a log into a fresh ledger: the pure entry point behind as-of views and rebuilds.
 */
import { applyEvent } from "./apply-event.js";
import type { LedgerState } from "./ledger-state.js";
import { emptyLedger } from "./ledger-state.js";
import type { AsOf, LoggedEvent } from "./logged-event.js";
import { visibleAt } from "./logged-event.js";

/**
 * Folds events (in log order) into a new ledger, skipping those not yet visible at `asOf`.
 *
 * @example
 * const then = projectEvents(events, { recordedAt: "2024-04-05T23:59:59.999Z", byReceipt: true });
 * then.plans.size // plans this node knew on 5 April 2024
 */
export const projectEvents = (
  events: Iterable<LoggedEvent>,
  asOf?: AsOf,
  textAt: LedgerState["textAt"] = null,
): LedgerState => {
  const state = emptyLedger(textAt);
  for (const e of events) if (asOf === undefined || visibleAt(e, asOf)) applyEvent(state, e);
  return state;
};
