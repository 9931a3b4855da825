/**
 * @module The node's current read views (plan list, plan tree, roll-up), cached while the log has not moved, and
 * the one place that decides whether a cached view is still current: the plan routes serve through it, and the
 * node's HTTP listener looks views up in it without going through Hono (see `cachedViewListener`).
 */
import { Projections } from "@planledger/projections";
import { Effect } from "effect";
import type { NodeServices } from "../node-context.js";
import type { LogClock } from "./log-clock.js";
import { type EncodedView, encodeView, viewCache } from "./view-cache.js";

/** The views the cache holds, by the route that serves them. */
export type ViewName = "plans" | "tree" | "rollup";

/** A view's JSON value and ETag, computed from the read model. */
export type RenderedView = { readonly body: unknown; readonly etag: string | null };

interface CurrentView extends EncodedView {
  /** The log position the view was computed at. */
  readonly position: number;
  /** The UTC day it was computed on (days since 1970): "overdue" moves with the calendar. */
  readonly day: number;
}

export interface CurrentViewsDeps {
  readonly run: <A, E>(effect: Effect.Effect<A, E, NodeServices>) => Promise<A>;
  /** Without one, every current read catches the projections up first and `peek` finds nothing. */
  readonly logClock?: LogClock;
  readonly now?: () => Date;
}

export interface CurrentViews {
  /**
   * The current view `name` of `id`: the cached one while the log stays at the same position on the same day,
   * else `render(validate(id))` — caught up first — cached under the id as requested. Only ids that passed
   * `validate` are ever stored, so a hit needs no validation. Requests for the same view at the same position that
   * come while it is being computed wait for that one computation (a roll-up takes seconds at 1,600 districts).
   */
  readonly current: (name: ViewName, id: string, validate: (id: string) => string, render: (id: string) => Promise<RenderedView>) => Promise<EncodedView>;
  /**
   * The cached view, if the log clock shows it is current now; undefined when it would have to be computed or
   * the projections caught up. No I/O and no Effect.
   */
  readonly peek: (name: ViewName, id: string) => EncodedView | undefined;
}

const DAY_MS = 86_400_000;

/**
 * @example
 * const views = currentViews({ run: ctx.run, logClock });
 * const view = await views.current("tree", planId, validPlanId, renderTree); // computed, then cached
 * views.peek("tree", planId) === view // true until the next write or midnight UTC
 */
export const currentViews = (deps: CurrentViewsDeps): CurrentViews => {
  const { now } = deps;
  const today = now === undefined ? () => Math.floor(Date.now() / DAY_MS) : () => Math.floor(now().getTime() / DAY_MS);
  // One entry per view and id, the latest computed: a stale entry is replaced, never served.
  const caches: Record<ViewName, ReturnType<typeof viewCache<CurrentView>>> = {
    plans: viewCache(64),
    tree: viewCache(64),
    rollup: viewCache(64),
  };

  /**
   * The log position current views are computed at. With a log clock the projections are caught up only after
   * the clock has moved (a write went through this node's store), so a cache hit reads no SQLite and runs no
   * Effect; without one, every current read catches up first.
   */
  let checkedTick = -1;
  let checkedPosition = 0;
  const caughtUpPosition = async (tick: number): Promise<number> => {
    const position = await deps.run(Effect.flatMap(Projections, (p) => Effect.zipRight(p.catchUp(), p.position())));
    // The tick was read before catching up: a write that lands meanwhile moves the clock again, so the next
    // read catches up once more.
    if (tick > checkedTick) {
      checkedTick = tick;
      checkedPosition = position;
    }
    return position;
  };

  /** Views being computed, by view, id, position and day: a second request for one shares its computation. */
  const computing = new Map<string, Promise<CurrentView>>();

  const cached = (name: ViewName, id: string, position: number, day: number): CurrentView | undefined => {
    const entry = caches[name].hit(id);
    return entry !== undefined && entry.position === position && entry.day === day ? entry : undefined;
  };

  return {
    current: async (name, id, validate, render) => {
      const tick = deps.logClock?.tick();
      const position = tick !== undefined && tick === checkedTick ? checkedPosition : await caughtUpPosition(tick ?? -1);
      const day = today();
      const hit = cached(name, id, position, day);
      if (hit !== undefined) return hit;
      const key = `${name}\u0000${id}\u0000${position}\u0000${day}`;
      const shared = computing.get(key);
      if (shared !== undefined) return shared;
      const computed = (async () => {
        const { body, etag } = await render(validate(id));
        return caches[name].put(id, { ...encodeView(body, etag), position, day });
      })();
      computing.set(key, computed);
      try {
        return await computed;
      } finally {
        if (computing.get(key) === computed) computing.delete(key);
      }
    },
    peek: (name, id) => {
      if (deps.logClock === undefined || deps.logClock.tick() !== checkedTick) return undefined;
      return cached(name, id, checkedPosition, today());
    },
  };
};
