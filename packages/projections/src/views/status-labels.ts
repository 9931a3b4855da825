/**
 * @module How statuses read to people: Ukrainian first, English alongside.
 */
import type { MeasureStatus, ReportPhase } from "../model/ledger-state.js";

export interface Label {
  readonly uk: string;
  readonly en: string;
}

export const measureStatusLabels: Readonly<Record<MeasureStatus, Label>> = {
  planned: { uk: "заплановано", en: "planned" },
  inProgress: { uk: "виконується", en: "in progress" },
  done: { uk: "виконано", en: "done" },
  notDone: { uk: "не виконано", en: "not done" },
  cancelled: { uk: "скасовано", en: "cancelled" },
  overdue: { uk: "прострочено", en: "overdue" },
  notReported: { uk: "не звітовано", en: "not reported" },
};

/** The state of one quarterly report of a plan, as the report calendar shows it. */
export type ReportSlot = "upcoming" | "due" | "missing" | ReportPhase;

export const reportSlotLabels: Readonly<Record<ReportSlot, Label>> = {
  upcoming: { uk: "період триває", en: "period not over" },
  due: { uk: "очікується", en: "due" },
  missing: { uk: "не подано в строк", en: "missing (past due)" },
  drafted: { uk: "чернетка", en: "drafted" },
  submitted: { uk: "подано", en: "submitted" },
  accepted: { uk: "прийнято", en: "accepted" },
  returned: { uk: "повернуто на доопрацювання", en: "returned" },
};
