/**
 * @module Words for levels, statuses and event types, Ukrainian first.
 */
import { type MeasureStatus, measureStatusLabels, type ReportSlot, reportSlotLabels } from "@planledger/projections";
import type { Lang } from "../i18n/lang.js";

const levels: Record<string, { uk: string; en: string }> = {
  national: { uk: "національний рівень", en: "national" },
  oblast: { uk: "область", en: "oblast" },
  district: { uk: "район", en: "district" },
  hromada: { uk: "громада", en: "hromada" },
};

const roles: Record<string, { uk: string; en: string }> = {
  admin: { uk: "адміністратор", en: "administrator" },
  editor: { uk: "редактор планів", en: "plan editor" },
  reporter: { uk: "звітувач", en: "reporter" },
  reviewer: { uk: "перевіряльник звітів", en: "reviewer" },
  viewer: { uk: "перегляд", en: "viewer" },
  auditor: { uk: "аудитор", en: "auditor" },
};

export const roleLabel = (role: string, lang: Lang): string => roles[role]?.[lang] ?? role;

export const levelLabel = (level: string, lang: Lang): string => levels[level]?.[lang] ?? level;

/** Statuses in the order people read them, best first. */
export const STATUS_ORDER: ReadonlyArray<MeasureStatus> = [
  "done",
  "inProgress",
  "planned",
  "notReported",
  "overdue",
  "notDone",
  "cancelled",
];

export const statusLabel = (status: MeasureStatus, lang: Lang): string => measureStatusLabels[status][lang];
export const slotLabel = (slot: ReportSlot, lang: Lang): string => reportSlotLabels[slot][lang];

const eventTypes: Record<string, { uk: string; en: string }> = {
  PlanAdopted: { uk: "план прийнято", en: "plan adopted" },
  PlanAmended: { uk: "зміни до плану", en: "plan amended" },
  PlanClosed: { uk: "план закрито", en: "plan closed" },
  SectionAdded: { uk: "розділ додано", en: "section added" },
  SectionAmended: { uk: "розділ змінено", en: "section amended" },
  SectionCancelled: { uk: "розділ скасовано", en: "section cancelled" },
  TaskAdded: { uk: "завдання додано", en: "task added" },
  TaskAmended: { uk: "завдання змінено", en: "task amended" },
  TaskCancelled: { uk: "завдання скасовано", en: "task cancelled" },
  MeasureAdded: { uk: "захід додано", en: "measure added" },
  MeasureAmended: { uk: "захід змінено", en: "measure amended" },
  MeasureCancelled: { uk: "захід скасовано", en: "measure cancelled" },
  MeasureLinked: { uk: "захід пов'язано", en: "measure linked" },
  MeasureUnlinked: { uk: "зв'язок знято", en: "measure unlinked" },
  ReportDrafted: { uk: "звіт створено", en: "report drafted" },
  ProgressRecorded: { uk: "внесено виконання", en: "progress recorded" },
  ReportSubmitted: { uk: "звіт подано", en: "report submitted" },
  ReportReopened: { uk: "звіт відкрито знову", en: "report reopened" },
  ReportAccepted: { uk: "звіт прийнято", en: "report accepted" },
  ReportReturned: { uk: "звіт повернуто", en: "report returned" },
};

export const eventLabel = (type: string, lang: Lang): string => eventTypes[type]?.[lang] ?? type;
