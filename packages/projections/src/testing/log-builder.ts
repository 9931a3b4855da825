/**
 * @module Hand-built logs for the projection tests: events of the shared catalog with gap-free seqs per origin.
 */
import type { Term } from "@planledger/domain";
import type { LoggedEvent } from "../model/logged-event.js";

export interface MeasureSpec {
  readonly id: string;
  readonly term: Term;
  readonly targets?: ReadonlyArray<{ value: number; unit: string }>;
  readonly aggregation?: "sum" | "average" | "min" | "allDone";
  readonly budget?: ReadonlyArray<{ executor: string; source: string; total: number | null; byYear: Record<string, number> }>;
}

/** Appends catalog events in log order; `at` is the recorded time (and received time unless given). */
export class LogBuilder {
  readonly events: LoggedEvent[] = [];
  private readonly seqs = new Map<string, number>();

  add(
    origin: string,
    stream: string,
    type: string,
    data: Record<string, unknown>,
    at: string,
    extra: { receivedAt?: string; eventId?: string; causationId?: string } = {},
  ): LoggedEvent {
    const seq = (this.seqs.get(origin) ?? 0) + 1;
    this.seqs.set(origin, seq);
    const event: LoggedEvent = {
      position: this.events.length + 1,
      origin,
      seq,
      stream,
      type,
      data,
      recordedAt: at,
      receivedAt: extra.receivedAt ?? at,
      eventId: extra.eventId ?? `${origin}-${seq}`,
      causationId: extra.causationId ?? null,
    };
    this.events.push(event);
    return event;
  }

  /** A plan with one section `s1` and one task `s1.t1` holding the given measures (ordinals in order). */
  plan(
    origin: string,
    planId: string,
    options: { title?: string; orderDate: string; period: { from: number; to: number }; parentPlanId?: string | null },
    measures: ReadonlyArray<MeasureSpec>,
    at: string,
  ): this {
    const stream = `plan:${planId}`;
    this.add(origin, stream, "PlanAdopted", {
      planId,
      ownerNode: origin,
      title: options.title ?? `План ${planId}`,
      issuer: "ОДА",
      order: { number: planId.split(".")[1] ?? "1", date: options.orderDate },
      period: options.period,
      parentPlanId: options.parentPlanId ?? null,
    }, at);
    this.add(origin, stream, "SectionAdded", { sectionId: `${planId}.s1`, label: "I", ordinal: 1, title: "Розділ" }, at);
    this.add(
      origin,
      stream,
      "TaskAdded",
      { taskId: `${planId}.s1.t1`, sectionId: `${planId}.s1`, label: "1", ordinal: 1, title: "Завдання" },
      at,
    );
    for (const [i, m] of measures.entries())
      this.add(origin, stream, "MeasureAdded", {
        measureId: `${planId}.s1.t1.${m.id}`,
        taskId: `${planId}.s1.t1`,
        label: `${i + 1})`,
        ordinal: i + 1,
        title: `Захід ${m.id}`,
        term: m.term,
        executors: [{ name: "Служба у справах дітей", byConsent: false }],
        indicator: {
          text: "показник",
          targets: m.targets ?? [],
          ...(m.aggregation ? { aggregation: m.aggregation } : {}),
        },
        budget: m.budget ?? [],
      }, at);
    return this;
  }

  /** A quarterly report of `planId` recording the given progress, then submitted unless `submit` is false. */
  report(
    origin: string,
    planId: string,
    year: number,
    quarter: number,
    progress: ReadonlyArray<{
      measure: string;
      status: "planned" | "inProgress" | "done" | "notDone";
      actuals?: ReadonlyArray<{ value: number; unit: string }>;
      spent?: ReadonlyArray<{ source: string; executor?: string; amount: number }>;
    }>,
    at: string,
    submit = true,
  ): string {
    const reportId = `${planId}.${year}-q${quarter}`;
    const stream = `report:${planId}:${year}-Q${quarter}`;
    this.add(origin, stream, "ReportDrafted", { reportId, planId, year, quarter }, at);
    for (const p of progress)
      this.add(origin, stream, "ProgressRecorded", {
        reportId,
        measureId: `${planId}.s1.t1.${p.measure}`,
        status: p.status,
        actuals: p.actuals ?? [],
        spent: p.spent ?? [],
        narrative: `Звіт за ${quarter} кв. ${year}`,
      }, at);
    if (submit) this.add(origin, stream, "ReportSubmitted", { reportId }, at);
    return reportId;
  }
}

export const deadline = (date: string): Term => ({ kind: "deadline", text: `до ${date}`, date }) as Term;
export const quarterRange = (year: number, from: 1 | 2 | 3 | 4, to: 1 | 2 | 3 | 4): Term =>
  ({ kind: "quarterRange", text: `${from}-${to} кв. ${year}`, from: { year, quarter: from }, to: { year, quarter: to } }) as Term;
export const quarterly = (): Term => ({ kind: "recurring", text: "щокварталу", every: "quarter" }) as Term;
