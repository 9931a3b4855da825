/**
 * @module The on-demand sync's minimum interval per source (`POST /federation/v1/sync`), ahead of federation's
 * handler. A round costs both nodes CPU and the parent's line; at most one runs at a time (a call while one runs
 * joins it: the sync client's `syncOnce`), and one source may start one per `syncMinIntervalS`.
 */
import type { Context, MiddlewareHandler } from "hono";
import { sendProblem } from "@planledger/problem";
import { SyncTooSoon } from "./http.errors.js";
import { toNodeProblem } from "./problem.js";
import type { WindowLimiter } from "./window-limiter.js";

export interface SyncLimitOptions {
  /** Whether the request carries this node's admin credential (the handler refuses anyone else as before). */
  readonly isAdmin: (request: Request) => boolean | Promise<boolean>;
  /** One sync per `syncMinIntervalS` per source: `windowLimiter({ limit: 1, windowMs })`. */
  readonly starts: WindowLimiter;
  readonly sourceOf: (c: Context) => string;
}

/**
 * Only an admin's call counts and can be refused: anyone else's goes on to the handler's 401/403 (and, with a
 * wrong token, to the failed-authentication limit), so a stranger cannot spend an admin's interval.
 *
 * @example
 * app.post("/federation/v1/sync", syncLimit({ isAdmin, starts, sourceOf }));
 * app.mount("/federation/v1", federation.handler);
 */
export const syncLimit =
  (options: SyncLimitOptions): MiddlewareHandler =>
  async (c, next) => {
    if (!(await options.isAdmin(c.req.raw))) return next();
    const source = options.sourceOf(c);
    const retryAfter = options.starts.retryAfterS(source);
    if (retryAfter > 0) {
      c.header("retry-after", String(retryAfter));
      return sendProblem(c, toNodeProblem(new SyncTooSoon({ retryAfter }), c.req.path));
    }
    options.starts.hit(source);
    await next();
  };
