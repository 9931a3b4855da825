/**
 * @module The roll-up of `GET /api/v1/plans/{id}/rollup`: per measure its own progress, the progress of the
 * measures of other plans linked to it (recursively: hromada → district → oblast → national), the combined
 * figure per the indicator's aggregation, and how fresh each child's log is — once per origin, and each child plan's
 * title once per plan, so that an oblast of 1,600 districts stays a small answer; the children of a measure can be
 * paged (`RollupPage`). Rules: `docs/rollups.md`. The computation is written in steps (`rollupSteps`, one per child
 * measure) so that the service can run it a few milliseconds at a time (`rollupSliced`) without holding up the
 * event loop; `rollup` runs the same steps at once.
 */
import type { Aggregation, Indicator } from "@planledger/domain";
import type { Effect } from "effect";
import type { Actual, LedgerState, MeasureState, MeasureStatus, PlanState } from "../model/ledger-state.js";
import { measureAgainst, pickValue } from "./indicator-progress.js";
import type { MeasureProgress } from "./measure-status.js";
import { measureProgress } from "./measure-status.js";
import type { CountedEntry } from "./plan-reports.js";
import { countedProgress } from "./plan-reports.js";
import type { Label } from "./status-labels.js";
import { measureStatusLabels } from "./status-labels.js";
import { runSliced, runToEnd, type Steps } from "../sliced-work.js";

/** A signed checkpoint of an origin's log held by this node. */
export interface CheckpointRef {
  readonly seq: number;
  readonly hash: string;
  readonly signedAt: string;
}

/** Finds the newest checkpoint this node holds for an origin (the event store knows; pure tests pass none). */
export type CheckpointLookup = (origin: string) => CheckpointRef | null;

export interface Freshness {
  readonly origin: string;
  /** The last event of that origin's log applied to this roll-up. */
  readonly lastSeq: number;
  readonly lastRecordedAt: string | null;
  readonly lastReceivedAt: string | null;
  readonly checkpoint: CheckpointRef | null;
}

export interface OwnProgress {
  readonly status: MeasureStatus;
  readonly statusLabel: Label;
  readonly reported: boolean;
  readonly period: { readonly year: number; readonly quarter: number } | null;
  readonly actuals: ReadonlyArray<Actual>;
}

export interface CombinedTarget {
  readonly unit: string;
  readonly target: number;
  readonly value: number | null;
  readonly ratio: number | null;
  readonly met: boolean | null;
  /** How many contributors gave a figure for this target. */
  readonly contributors: number;
  /** Measure ids of contributors that gave none. */
  readonly missing: ReadonlyArray<string>;
}

export interface Combined {
  readonly aggregation: Aggregation;
  readonly higherIsBetter: boolean;
  readonly targets: ReadonlyArray<CombinedTarget>;
  readonly contributors: number;
  readonly statusCounts: Readonly<Partial<Record<MeasureStatus, number>>>;
  readonly allDone: boolean;
  /** Every contributor gave every figure. */
  readonly complete: boolean;
}

/**
 * A linked child measure: only what is its own. Its log's freshness is `Rollup.freshness` of its `origin`, its
 * plan's title `Rollup.plans` of its `planId` (once each, not per measure).
 */
export interface ChildContribution {
  readonly node: string;
  /** The log holding the child plan: its freshness is the entry of `Rollup.freshness` with this origin. */
  readonly origin: string;
  readonly planId: string;
  readonly measureId: string;
  readonly label: string;
  readonly title: string;
  readonly own: OwnProgress;
  readonly combined: Combined;
  /** How many measures are linked to this one in all; `children` holds at most the page's `limit` of them. */
  readonly childCount: number;
  readonly children: ReadonlyArray<ChildContribution>;
}

/** A child plan named once per answer (its measures refer to it by `planId`). */
export interface ChildPlan {
  readonly planId: string;
  readonly title: string | null;
}

/**
 * Children listed per list of a roll-up answer served over HTTP unless asked otherwise: the figures count every child,
 * and the answer stays small however many districts link in (docs/rollups.md "Size at scale").
 */
export const ROLLUP_CHILDREN_LIMIT = 50;

/**
 * Which children a roll-up lists (its figures always count every child): at most `limit` per list, at every level;
 * with `measure`, only that measure of the plan; with `after`, a measure's children whose measure id sorts after it
 * (the `next` of the previous page).
 */
export interface RollupPage {
  readonly limit?: number | undefined;
  readonly measure?: string | undefined;
  readonly after?: string | undefined;
}

export interface RollupMeasure {
  readonly measureId: string;
  readonly label: string;
  readonly title: string;
  readonly section: string | null;
  readonly task: string | null;
  readonly indicator: Indicator;
  readonly own: OwnProgress;
  /** How many measures are linked to this one in all. */
  readonly childCount: number;
  /** The page of them asked for, ordered by measure id (all of them when no limit was asked). */
  readonly children: ReadonlyArray<ChildContribution>;
  /** Pass as `after` for the next page of children; null when this page holds the last of them. */
  readonly next: string | null;
  readonly combined: Combined;
}

export interface Rollup {
  readonly planId: string;
  readonly title: string | null;
  readonly owner: string;
  readonly at: string;
  readonly measures: ReadonlyArray<RollupMeasure>;
  /** Every child log the figures include, and up to where: a child's freshness is found here by its origin. */
  readonly freshness: ReadonlyArray<Freshness>;
  /** Every child plan listed in this answer, once, with its title. */
  readonly plans: ReadonlyArray<ChildPlan>;
}

/**
 * Finds a child's freshness by its origin and its plan's title by its plan id, each given once per answer.
 *
 * @example const { freshnessOf, planTitleOf } = rollupLookups(r); freshnessOf(child.origin)?.checkpoint?.seq
 */
export const rollupLookups = (
  r: Pick<Rollup, "freshness" | "plans">,
): { freshnessOf: (origin: string) => Freshness | undefined; planTitleOf: (planId: string) => string | null } => {
  const freshness = new Map(r.freshness.map((f) => [f.origin, f]));
  const titles = new Map(r.plans.map((p) => [p.planId, p.title]));
  return { freshnessOf: (origin) => freshness.get(origin), planTitleOf: (planId) => titles.get(planId) ?? null };
};

/** The aggregation an indicator asks for: its own, else sum when it has numeric targets, else all-done. */
export const aggregationOf = (indicator: Indicator): Aggregation =>
  indicator.aggregation ?? (indicator.targets.length > 0 ? "sum" : "allDone");

const combine = (aggregation: Aggregation, values: ReadonlyArray<number>): number | null => {
  if (values.length === 0) return null;
  switch (aggregation) {
    case "sum":
    case "allDone":
      return values.reduce((a, b) => a + b, 0);
    case "average":
      return values.reduce((a, b) => a + b, 0) / values.length;
    case "min":
      return Math.min(...values);
    default: {
      const _: never = aggregation;
      return _;
    }
  }
};

const round = (n: number | null): number | null => (n === null ? null : Math.round(n * 10_000) / 10_000);

interface Contributor {
  readonly id: string;
  readonly values: ReadonlyArray<Actual>;
  readonly status: MeasureStatus;
  readonly done: boolean;
}

/** The figures a measure hands up to its parent: its combined targets, or its own actuals when it has no targets. */
const valuesHandedUp = (own: OwnProgress, combined: Combined): ReadonlyArray<Actual> =>
  combined.targets.length > 0
    ? combined.targets.flatMap((t) => (t.value === null ? [] : [{ unit: t.unit, value: t.value }]))
    : own.actuals;

const byMeasureId = (a: { readonly measureId: string }, b: { readonly measureId: string }): number =>
  a.measureId < b.measureId ? -1 : a.measureId > b.measureId ? 1 : 0;

/** At most `limit` of a sorted list, from after `after`; and the cursor of the next page, if any is left. */
const pageOf = <C extends { readonly measureId: string }>(
  all: ReadonlyArray<C>,
  limit: number,
  after: string | undefined,
): { children: C[]; next: string | null } => {
  const from = after === undefined ? 0 : all.findIndex((c) => c.measureId > after);
  const rest = from < 0 ? [] : all.slice(from);
  const children = rest.slice(0, limit);
  return { children, next: rest.length > limit ? (children[children.length - 1]?.measureId ?? null) : null };
};

/**
 * What a measure's roll-up comes to: its own progress, its combined figure, every linked child (sorted by measure
 * id) and the origins of every log below it. What a parent needs of a child, and all a memo keeps: the answer's
 * child entries are built only for the children listed.
 */
interface Evaluation {
  readonly own: OwnProgress;
  readonly combined: Combined;
  readonly children: ReadonlyArray<ChildRef>;
  readonly origins: ReadonlyArray<string>;
}

/** A linked child as its parent's evaluation keeps it: what its entry shows of it, and its own evaluation. */
interface ChildRef extends Pick<ChildContribution, "node" | "origin" | "planId" | "measureId" | "label" | "title"> {
  readonly evaluation: Evaluation;
}

const NO_ORIGINS: ReadonlyArray<string> = [];
const memoKey = (planId: string, measureId: string): string => `${planId}\u0000${measureId}`;

/** The plans a catch-up changed (`reset`: the ledger was reloaded or rebuilt), as `LedgerEngine.takeChanges` gives. */
export interface RollupChanges {
  readonly reset: boolean;
  readonly plans: Iterable<string>;
}

/**
 * Measures' roll-ups kept between roll-ups of the node's current ledger on one day, so that a write or a pushed
 * batch recomputes only what it touched: the measures of the plans it changed, and every measure above them.
 */
export interface RollupMemo {
  /**
   * Brings the memo to `state` on day `at`: drops the evaluations of the changed plans' measures, of the measures
   * they are linked to (before and after the change) and of every measure above those; everything when the ledger
   * object or the day is another, or on `reset`. Call it with the ledger held, before each roll-up that uses it.
   */
  readonly prepare: (state: LedgerState, at: string, changes: RollupChanges) => void;
  /** How many measures' evaluations it holds. */
  readonly size: () => number;
  readonly get: (key: string) => Evaluation | undefined;
  readonly set: (key: string, planId: string, evaluation: Evaluation) => void;
}

/**
 * An empty memo: the node's projections service keeps one for its current ledger (docs/rollups.md).
 *
 * @example
 * const memo = rollupMemo();
 * memo.prepare(state, "2024-04-05", { reset: false, plans: ["novopskovskyi.328.2019-10-16"] });
 * rollup(state, plan, "2024-04-05", checkpointOf, {}, memo);
 */
export const rollupMemo = (): RollupMemo => {
  let ledger: LedgerState | null = null;
  let day: string | null = null;
  const entries = new Map<string, { readonly planId: string; readonly evaluation: Evaluation }>();
  /** Keys of the evaluations of each plan's measures. */
  const byPlan = new Map<string, Set<string>>();
  /** Keys of the evaluations that include a measure of each plan as a child. */
  const usedBy = new Map<string, Set<string>>();
  const clear = (): void => {
    entries.clear();
    byPlan.clear();
    usedBy.clear();
  };
  /** Drops the evaluations that include a measure of `planId`, and upwards from them (at most once per plan). */
  const dropUsersOf = (planId: string, seen: Set<string>): void => {
    if (seen.has(planId)) return;
    seen.add(planId);
    const users = usedBy.get(planId);
    usedBy.delete(planId);
    for (const key of users ?? []) {
      const entry = entries.get(key);
      if (entry === undefined) continue;
      entries.delete(key);
      dropUsersOf(entry.planId, seen);
    }
  };
  return {
    prepare: (state, at, changes) => {
      if (changes.reset || state !== ledger || at !== day) {
        clear();
        ledger = state;
        day = at;
        return;
      }
      const seen = new Set<string>();
      for (const planId of changes.plans) {
        for (const key of byPlan.get(planId) ?? []) entries.delete(key);
        byPlan.delete(planId);
        seen.delete(planId);
        dropUsersOf(planId, seen);
        // Links as they are now: the measures its measures are linked to (the old ones used them: dropped above).
        for (const m of Object.values(state.plans.get(planId)?.measures ?? {})) {
          if (m.parent === null) continue;
          const entry = entries.get(memoKey(m.parent.planId, m.parent.measureId));
          if (entry === undefined) continue;
          entries.delete(memoKey(m.parent.planId, m.parent.measureId));
          seen.delete(entry.planId);
          dropUsersOf(entry.planId, seen);
        }
      }
    },
    size: () => entries.size,
    get: (key) => entries.get(key)?.evaluation,
    set: (key, planId, evaluation) => {
      entries.set(key, { planId, evaluation });
      const own = byPlan.get(planId) ?? new Set<string>();
      byPlan.set(planId, own.add(key));
      for (const c of evaluation.children) {
        const users = usedBy.get(c.planId) ?? new Set<string>();
        usedBy.set(c.planId, users.add(key));
      }
    },
  };
};

/**
 * The roll-up of one plan at the day `at`, in steps: it pauses after each plan indexed and each child measure
 * evaluated or listed (well under a millisecond each). Run it with `runToEnd` or `runSliced`, or call `rollup` or
 * `rollupSliced`; the ledger must not change until it ends. With `memo` (prepared for this ledger and day), a measure
 * evaluated there is read instead of computed, and what is computed is kept.
 *
 * @example runToEnd(rollupSteps(state, plan, "2024-04-05")).measures.length
 */
export function* rollupSteps(
  state: LedgerState,
  plan: PlanState,
  at: string,
  checkpointOf: CheckpointLookup = () => null,
  page: RollupPage = {},
  memo?: RollupMemo,
): Steps<Rollup> {
  const limit = page.limit ?? Number.POSITIVE_INFINITY;
  const childIndex = new Map<string, { plan: PlanState; measure: MeasureState }[]>();
  for (const p of state.plans.values()) {
    for (const m of Object.values(p.measures)) {
      if (m.parent === null) continue;
      const k = `${m.parent.planId}\u0000${m.parent.measureId}`;
      const list = childIndex.get(k) ?? [];
      list.push({ plan: p, measure: m });
      childIndex.set(k, list);
    }
    yield;
  }
  const countedCache = new Map<string, Map<string, CountedEntry[]>>();
  const progressOf = (p: PlanState, m: MeasureState): MeasureProgress => {
    let counted = countedCache.get(p.planId);
    if (counted === undefined) {
      counted = countedProgress(state, p);
      countedCache.set(p.planId, counted);
    }
    return measureProgress(p, m, counted.get(m.measureId) ?? [], at);
  };
  const origins = new Map<string, Freshness>();
  const freshnessOf = (origin: string): Freshness => {
    const known = origins.get(origin);
    if (known) return known;
    const o = state.origins.get(origin);
    const f: Freshness = {
      origin,
      lastSeq: o?.lastSeq ?? 0,
      lastRecordedAt: o?.lastRecordedAt ?? null,
      lastReceivedAt: o?.lastReceivedAt ?? null,
      checkpoint: checkpointOf(origin),
    };
    origins.set(origin, f);
    return f;
  };

  /** A measure's evaluation, and whether a link cycle was cut below it (then it depends on the path: not kept). */
  function* evaluate(p: PlanState, m: MeasureState, visiting: Set<string>): Steps<{ evaluation: Evaluation; cut: boolean }> {
    // `children` are all of them, sorted by measure id: the figures count each, and a page is cut from them after.
    const key = memoKey(p.planId, m.measureId);
    // A kept evaluation has no cycle below it, so none through the measures being evaluated above it either.
    const kept = memo?.get(key);
    if (kept !== undefined) return { evaluation: kept, cut: false };
    visiting.add(key);
    const progress = progressOf(p, m);
    const own: OwnProgress = {
      status: progress.status,
      statusLabel: measureStatusLabels[progress.status],
      reported: progress.latest !== null,
      period: progress.actuals === null ? null : { year: progress.actuals.year, quarter: progress.actuals.quarter },
      actuals: progress.actuals?.values ?? [],
    };
    const children: ChildRef[] = [];
    const below = new Set<string>();
    let cut = false;
    for (const c of childIndex.get(key) ?? []) {
      // A link cycle would be a modelling error upstream; it must not hang a read.
      if (visiting.has(memoKey(c.plan.planId, c.measure.measureId))) {
        cut = true;
        continue;
      }
      const sub = yield* evaluate(c.plan, c.measure, visiting);
      cut ||= sub.cut;
      // Noted for `rollup.freshness` whether or not the child is listed: the figures include its log.
      below.add(c.plan.origin);
      for (const o of sub.evaluation.origins) below.add(o);
      children.push({
        node: c.plan.ownerNode,
        origin: c.plan.origin,
        planId: c.plan.planId,
        measureId: c.measure.measureId,
        label: c.measure.label,
        title: c.measure.title,
        evaluation: sub.evaluation,
      });
      yield;
    }
    visiting.delete(key);
    children.sort(byMeasureId);

    const contributors: Contributor[] = [];
    if (own.status !== "cancelled" && (children.length === 0 || own.reported))
      contributors.push({ id: m.measureId, values: own.actuals, status: own.status, done: own.status === "done" });
    for (const { measureId, evaluation: c } of children) {
      if (c.own.status === "cancelled") continue;
      contributors.push({
        id: measureId,
        values: valuesHandedUp(c.own, c.combined),
        status: c.own.status,
        done: c.combined.allDone,
      });
    }
    const aggregation = aggregationOf(m.indicator);
    const higherIsBetter = m.indicator.higherIsBetter !== false;
    const targets: CombinedTarget[] = m.indicator.targets.map((t) => {
      const given: number[] = [];
      const missing: string[] = [];
      for (const c of contributors) {
        const v = pickValue(c.values, t.unit, m.indicator.targets.length);
        if (v === null) missing.push(c.id);
        else given.push(v);
      }
      const value = round(combine(aggregation, given));
      return {
        unit: t.unit,
        target: t.value,
        value,
        ...measureAgainst(value, t.value, higherIsBetter),
        contributors: given.length,
        missing,
      };
    });
    const statusCounts: Partial<Record<MeasureStatus, number>> = {};
    for (const c of contributors) statusCounts[c.status] = (statusCounts[c.status] ?? 0) + 1;
    const evaluation: Evaluation = {
      own,
      combined: {
        aggregation,
        higherIsBetter,
        targets,
        contributors: contributors.length,
        statusCounts,
        allDone: contributors.length > 0 && contributors.every((c) => c.done),
        complete: targets.every((t) => t.missing.length === 0),
      },
      children,
      origins: below.size === 0 ? NO_ORIGINS : [...below],
    };
    if (memo !== undefined && !cut) memo.set(key, p.planId, evaluation);
    return { evaluation, cut };
  }

  const planTitles = new Map<string, string | null>();
  /** The answer's entries of a child list cut to the page's limit at every level, noting each child plan listed. */
  function* listed(cs: ReadonlyArray<ChildRef>): Steps<ChildContribution[]> {
    const out: ChildContribution[] = [];
    for (const { evaluation, ...c } of cs.slice(0, limit)) {
      if (!planTitles.has(c.planId)) planTitles.set(c.planId, state.plans.get(c.planId)?.title ?? null);
      out.push({
        ...c,
        own: evaluation.own,
        combined: evaluation.combined,
        childCount: evaluation.children.length,
        children: yield* listed(evaluation.children),
      });
      yield;
    }
    return out;
  }

  const rows = Object.values(plan.measures)
    .filter((m) => page.measure === undefined || m.measureId === page.measure)
    .map((m) => {
      const task = plan.tasks[m.taskId];
      const section = task ? plan.sections[task.sectionId] : undefined;
      return { m, task, section };
    })
    .sort(
      (a, b) =>
        (a.section?.ordinal ?? 0) - (b.section?.ordinal ?? 0) ||
        (a.task?.ordinal ?? 0) - (b.task?.ordinal ?? 0) ||
        a.m.ordinal - b.m.ordinal,
    );
  const measures: RollupMeasure[] = [];
  for (const { m, task, section } of rows) {
    const { evaluation: r } = yield* evaluate(plan, m, new Set());
    for (const o of r.origins) freshnessOf(o);
    const shown = pageOf(r.children, limit, page.after);
    measures.push({
      measureId: m.measureId,
      label: m.label,
      title: m.title,
      section: section?.label ?? null,
      task: task?.label ?? null,
      indicator: m.indicator,
      own: r.own,
      childCount: r.children.length,
      children: yield* listed(shown.children),
      next: shown.next,
      combined: r.combined,
    });
  }
  return {
    planId: plan.planId,
    title: plan.title,
    owner: plan.ownerNode,
    at,
    measures,
    freshness: [...origins.values()].sort((a, b) => a.origin.localeCompare(b.origin)),
    plans: [...planTitles].map(([planId, title]) => ({ planId, title })).sort((a, b) => a.planId.localeCompare(b.planId)),
  };
}

/**
 * The roll-up of one plan at the day `at`; `page` picks which children are listed (every child counts in the figures).
 *
 * @example rollup(state, state.plans.get("luhanska.1003.2018-12-12")!, "2024-04-05").measures[0]?.combined.targets
 * @example rollup(state, plan, "2024-04-05", () => null, { measure: id, limit: 50, after: page1.measures[0]?.next ?? undefined })
 */
export const rollup = (
  state: LedgerState,
  plan: PlanState,
  at: string,
  checkpointOf: CheckpointLookup = () => null,
  page: RollupPage = {},
  memo?: RollupMemo,
): Rollup => runToEnd(rollupSteps(state, plan, at, checkpointOf, page, memo));

/**
 * The same roll-up, computed a few milliseconds at a time with a turn of the event loop between (`sliceMs`, 8 by
 * default): what a node serves, so that `/health`, pushes and other requests are answered meanwhile. The ledger must
 * not change until it completes (the service holds it: `LedgerEngine.reading`).
 *
 * @example const r = yield* rollupSliced(state, plan, "2024-04-05", checkpointOf, { limit: 50 });
 */
export const rollupSliced = (
  state: LedgerState,
  plan: PlanState,
  at: string,
  checkpointOf: CheckpointLookup = () => null,
  page: RollupPage = {},
  options: { readonly sliceMs?: number; readonly memo?: RollupMemo | undefined } = {},
): Effect.Effect<Rollup> => runSliced(rollupSteps(state, plan, at, checkpointOf, page, options.memo), options);
