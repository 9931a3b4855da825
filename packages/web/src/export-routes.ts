/**
 * @module `exportRoutes()`: the files officials take away from a plan — its progress by quarter as XLSX and CSV,
 * the quarterly report as DOCX, and the oblast roll-up per district as XLSX and CSV — each a download with a
 * readable Ukrainian file name. A plan not held here is a 404 and a bad quarter a 400, in plain words.
 */
import { kyivDay } from "@planledger/projections";
import { type Context, Hono } from "hono";
import { getCookie } from "hono/cookie";
import { districtRollup, rollupSheet } from "./exports/district-rollup.js";
import { sheetToCsv } from "./exports/csv.js";
import { planProgress, progressSheet } from "./exports/plan-progress.js";
import { formatDate, formatQuarter } from "./i18n/format.js";
import { isLang, type Lang } from "./i18n/lang.js";
import { BadQuery, pageErrorOf } from "./page-errors.js";
import { lastEndedQuarter } from "./pages/rollup-page.js";
import type { WebSource } from "./web-source.js";

// exceljs and docx cost a node about 250 ms and 30 MB when loaded: they are loaded on the first download instead.
const xlsx = () => import("./exports/xlsx.js");
const docx = () => import("./exports/quarter-report.js");

export interface ExportOptions {
  readonly source: WebSource;
  readonly now?: () => Date;
}

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
export const CSV_TYPE = "text/csv; charset=utf-8; header=present";

/** RFC 8187 `value-chars`: what `encodeURIComponent` leaves but a header parameter may not hold. */
const extValue = (name: string): string => encodeURIComponent(name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * An attachment's `content-disposition`: the UTF-8 name, and an ASCII one for clients that cannot read it.
 *
 * @example attachment("Виконання плану.xlsx", "progress.xlsx") // 'attachment; filename="progress.xlsx"; filename*=UTF-8\'\'%D0%92…'
 */
export const attachment = (name: string, fallback: string): string =>
  `attachment; filename="${fallback.replace(/[^A-Za-z0-9._-]/g, "_")}"; filename*=UTF-8''${extValue(name)}`;

const download = (body: Uint8Array | string, type: string, name: string, fallback: string): Response => {
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  return new Response(bytes as Uint8Array<ArrayBuffer>, {
    headers: {
      "content-type": type,
      "content-disposition": attachment(name, fallback),
      "content-length": String(bytes.byteLength),
      "cache-control": "no-cache",
      "x-content-type-options": "nosniff",
    },
  });
};

/** The quarter a report is asked for: both `year` and `quarter`, or neither (the last ended quarter). */
const quarterAsked = (c: Context, at: Date): { year: number; quarter: number } => {
  const year = c.req.query("year");
  const quarter = c.req.query("quarter");
  if (year === undefined && quarter === undefined) return lastEndedQuarter(kyivDay(at));
  if (year === undefined || !/^\d{4}$/.test(year))
    throw new BadQuery({
      uk: `Рік «${year ?? ""}» не підходить: потрібен рік із чотирьох цифр, наприклад year=2026.`,
      en: `The year "${year ?? ""}" is not valid: give four digits, for example year=2026.`,
    });
  if (quarter === undefined || !/^[1-4]$/.test(quarter))
    throw new BadQuery({
      uk: `Квартал «${quarter ?? ""}» не підходить: потрібне число від 1 до 4, наприклад quarter=3.`,
      en: `The quarter "${quarter ?? ""}" is not valid: give a number from 1 to 4, for example quarter=3.`,
    });
  const asked = { year: Number(year), quarter: Number(quarter) };
  const today = kyivDay(at);
  const current = Number(today.slice(0, 4)) * 4 + Math.floor((Number(today.slice(5, 7)) - 1) / 3);
  if (asked.year * 4 + asked.quarter - 1 > current)
    throw new BadQuery({
      uk: `${formatQuarter(asked.year, asked.quarter, "uk")} ще не почався: звіт можна скласти за минулий або поточний квартал.`,
      en: `${formatQuarter(asked.year, asked.quarter, "en")} has not begun: a report can be made for a past or the current quarter.`,
    });
  return asked;
};

/** File names read like the documents: "Виконання плану luhanska.852.2021-01-15 на 10.05.2021.xlsx". */
const day = (at: Date): string => formatDate(kyivDay(at));
const isoDay = (at: Date): string => kyivDay(at);

/**
 * @example
 * app.route("/", exportRoutes({ source }))  // GET /plans/{id}/export.xlsx → the plan's progress by quarter
 */
export const exportRoutes = (options: ExportOptions): Hono => {
  const { source } = options;
  const now = options.now ?? (() => new Date());
  const app = new Hono();

  /** Runs an export; a failure a person caused is answered in plain words (their language), others are logged. */
  const file = (make: (c: Context, planId: string, at: Date) => Promise<Response>) => async (c: Context) => {
    const asked = c.req.query("lang") ?? getCookie(c, "lang");
    const lang: Lang = isLang(asked) ? asked : "uk";
    try {
      return await make(c, c.req.param("planId") ?? "", now());
    } catch (error) {
      const known = pageErrorOf(error, lang);
      if (known === null) console.error(`[web] GET ${c.req.path}`, error);
      const message =
        known?.message ??
        (lang === "uk"
          ? "Вузол не зміг підготувати файл. Спробуйте ще раз; якщо не допоможе, зверніться до адміністратора вузла."
          : "The node could not prepare the file. Try again; if it persists, tell the node's administrator.");
      return c.text(message, (known?.status ?? 500) as 400 | 404 | 500);
    }
  };

  app.get(
    "/plans/:planId/export.xlsx",
    file(async (_c, planId, at) => {
      const bytes = await (await xlsx()).sheetToXlsx(progressSheet(await planProgress(source, planId)), { created: at, creator: (await source.node()).nodeId });
      return download(bytes, XLSX_TYPE, `Виконання плану ${planId} на ${day(at)}.xlsx`, `progress-${planId}-${isoDay(at)}.xlsx`);
    }),
  );
  app.get(
    "/plans/:planId/export.csv",
    file(async (_c, planId, at) => {
      const text = sheetToCsv(progressSheet(await planProgress(source, planId)));
      return download(text, CSV_TYPE, `Виконання плану ${planId} на ${day(at)}.csv`, `progress-${planId}-${isoDay(at)}.csv`);
    }),
  );
  app.get(
    "/plans/:planId/report.docx",
    file(async (c, planId, at) => {
      const { year, quarter } = quarterAsked(c, at);
      const progress = await planProgress(source, planId);
      const bytes = await (await docx()).quarterReportDocx(progress, { year, quarter, created: at, creator: (await source.node()).nodeId });
      return download(
        bytes,
        DOCX_TYPE,
        `Інформація про виконання плану ${planId} за ${formatQuarter(year, quarter, "uk")}.docx`,
        `report-${planId}-${year}-Q${quarter}.docx`,
      );
    }),
  );
  app.get(
    "/plans/:planId/rollup.xlsx",
    file(async (_c, planId, at) => {
      const bytes = await (await xlsx()).sheetToXlsx(rollupSheet(await districtRollup(source, planId)), { created: at, creator: (await source.node()).nodeId });
      return download(bytes, XLSX_TYPE, `Зведення по районах ${planId} на ${day(at)}.xlsx`, `rollup-${planId}-${isoDay(at)}.xlsx`);
    }),
  );
  app.get(
    "/plans/:planId/rollup.csv",
    file(async (_c, planId, at) => {
      const text = sheetToCsv(rollupSheet(await districtRollup(source, planId)));
      return download(text, CSV_TYPE, `Зведення по районах ${planId} на ${day(at)}.csv`, `rollup-${planId}-${isoDay(at)}.csv`);
    }),
  );
  return app;
};
