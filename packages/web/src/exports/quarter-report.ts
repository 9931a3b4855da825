/**
 * @module The quarterly report an administration files, «Інформація про стан виконання плану заходів … за
 * III квартал 2026 року», as DOCX (the `docx` package): A4 landscape, margins of ДСТУ 4163 (30/10/20/20 mm),
 * Times New Roman 14 pt for the text and 12 pt in the table, a table of measures grouped under their sections
 * and tasks whose header row repeats on every page, and the page number at the top from the second page on.
 */
import {
  AlignmentType,
  Document,
  Header,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  convertMillimetersToTwip,
} from "docx";
import { formatDate, formatDateTime, formatMoney, formatNumber } from "../i18n/format.js";
import { figuresText, type PlanProgress, type ProgressRow } from "./plan-progress.js";

const ROMAN = ["I", "II", "III", "IV"] as const;
const FONT = "Times New Roman";
/** Half-points, as OOXML counts them. */
const TEXT_SIZE = 28;
const TABLE_SIZE = 24;
const NOTE_SIZE = 20;
const mm = convertMillimetersToTwip;
const MARGIN = { top: mm(20), bottom: mm(20), left: mm(30), right: mm(10) };
/** The width left between the margins of a landscape A4 page. */
const TEXT_WIDTH = mm(297) - MARGIN.left - MARGIN.right;
const HEADERS = ["№ з/п", "Захід", "Виконавець", "Строк", "Стан виконання"] as const;
const SHARES = [0.06, 0.34, 0.18, 0.12, 0.3] as const;
const WIDTHS = SHARES.map((s) => Math.round(TEXT_WIDTH * s));

export interface ReportFacts {
  readonly year: number;
  readonly quarter: number;
  /** When the report was made, written at its foot and into its properties. */
  readonly created: Date;
  /** The node that made it. */
  readonly creator: string;
}

/** "за III квартал 2026 року" */
export const quarterPhrase = (year: number, quarter: number): string => `за ${ROMAN[quarter - 1] ?? quarter} квартал ${year} року`;

interface ParaOptions {
  readonly bold?: boolean;
  readonly italics?: boolean;
  readonly size?: number;
  readonly center?: boolean;
  /** Space before and after, twentieths of a point. */
  readonly before?: number;
  readonly after?: number;
}

const para = (text: string, options: ParaOptions = {}) =>
  new Paragraph({
    alignment: options.center ? AlignmentType.CENTER : AlignmentType.LEFT,
    spacing: { before: options.before ?? 0, after: options.after ?? 0 },
    children: [new TextRun({ text, bold: options.bold ?? false, italics: options.italics ?? false, size: options.size ?? TABLE_SIZE })],
  });

const cell = (children: Paragraph[], width: number, span = 1): TableCell =>
  new TableCell({
    children,
    columnSpan: span,
    width: { size: width, type: WidthType.DXA },
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
  });

const capitalised = (s: string): string => (s === "" ? s : s[0]?.toLocaleUpperCase("uk") + s.slice(1));

/** What the "Стан виконання" cell says: the status word, the narrative, the actuals against targets, the money. */
const stateParagraphs = (r: ProgressRow): Paragraph[] => {
  const out = [para(`${capitalised(r.statusText)}.`, { bold: true })];
  // A line break in a narrative is a new paragraph: OOXML reads a newline inside a run as a space.
  for (const line of r.narrative.split(/\r?\n/)) if (line.trim() !== "") out.push(para(line.trim()));
  if (r.actuals.length > 0)
    out.push(para(`Фактично: ${figuresText(r.actuals)}${r.targets.length > 0 ? ` (ціль: ${figuresText(r.targets)})` : ""}.`));
  if (r.spent.length > 0) {
    const total = r.spent.reduce((a, s) => a + s.amount, 0);
    const parts = r.spent.map((s) => `${s.source} — ${formatNumber(s.amount, "uk")}`).join("; ");
    out.push(para(`Використано з початку року: ${formatMoney(total, "uk")} (${parts}).`));
  }
  if (r.sample) out.push(para("(зразкові дані)", { italics: true }));
  return out;
};

const headerRow = (): TableRow =>
  new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: HEADERS.map((h, i) => cell([para(h, { bold: true, center: true })], WIDTHS[i] ?? 0)),
  });

const groupRow = (text: string, italics: boolean): TableRow =>
  new TableRow({ cantSplit: true, children: [cell([para(text, { bold: !italics, italics })], TEXT_WIDTH, HEADERS.length)] });

const measureRow = (n: number, r: ProgressRow): TableRow =>
  new TableRow({
    children: [
      cell([para(String(n), { center: true })], WIDTHS[0] ?? 0),
      cell([para(`${r.label} ${r.title}`.trim())], WIDTHS[1] ?? 0),
      cell([para(r.executors || "—")], WIDTHS[2] ?? 0),
      cell([para(r.term || "—")], WIDTHS[3] ?? 0),
      cell(stateParagraphs(r), WIDTHS[4] ?? 0),
    ],
  });

/** The table's rows: a section's and a task's heading before their first measure, the measures numbered 1, 2, … */
const bodyRows = (rows: ReadonlyArray<ProgressRow>): TableRow[] => {
  const out: TableRow[] = [];
  let section = "";
  let task = "";
  rows.forEach((r, i) => {
    const s = `${r.section.label} ${r.section.title}`.trim();
    const t = `${r.task.label} ${r.task.title}`.trim();
    if (s !== section) {
      out.push(groupRow(s, false));
      section = s;
      task = "";
    }
    if (t !== task) {
      out.push(groupRow(t, true));
      task = t;
    }
    out.push(measureRow(i + 1, r));
  });
  return out;
};

/**
 * The report on one quarter of a plan, as DOCX bytes; every measure with a status for that quarter gets a row.
 *
 * @example await quarterReportDocx(await planProgress(source, planId), { year: 2026, quarter: 3, created: new Date(), creator: "luhanska" })
 */
export const quarterReportDocx = async (progress: PlanProgress, facts: ReportFacts): Promise<Uint8Array> => {
  const rows = progress.rows.filter((r) => r.year === facts.year && r.quarter === facts.quarter);
  const order = [
    progress.order.date === null ? null : `від ${formatDate(progress.order.date)}`,
    progress.order.number === null ? null : `№ ${progress.order.number}`,
  ]
    .filter((x) => x !== null)
    .join(" ");
  const source = [progress.issuer, order === "" ? null : `розпорядження ${order}`].filter((x) => x !== null && x !== "").join(", ");
  const reportState = rows.find((r) => r.reportText !== "")?.reportText ?? "";
  const title = progress.title ?? progress.planId;
  const intro = [
    para("Інформація про стан виконання плану заходів", { bold: true, center: true, size: TEXT_SIZE }),
    para(title, { bold: true, center: true, size: TEXT_SIZE }),
    ...(source === "" ? [] : [para(`(${source})`, { center: true, size: TEXT_SIZE })]),
    para(quarterPhrase(facts.year, facts.quarter), { bold: true, center: true, size: TEXT_SIZE, after: 240 }),
    para(
      `Дані реєстру станом на ${formatDate(progress.at)}${reportState === "" ? "" : `; звіт плану за квартал: ${reportState}`}.`,
      { size: TEXT_SIZE, after: 120 },
    ),
  ];
  const body =
    rows.length === 0
      ? [para("За цей квартал у плані немає заходів, за якими звітують.", { size: TEXT_SIZE })]
      : [new Table({ width: { size: TEXT_WIDTH, type: WidthType.DXA }, columnWidths: WIDTHS, rows: [headerRow(), ...bodyRows(rows)] })];
  const doc = new Document({
    title: `Інформація про стан виконання плану заходів ${quarterPhrase(facts.year, facts.quarter)}`,
    subject: title,
    creator: facts.creator,
    lastModifiedBy: facts.creator,
    styles: { default: { document: { run: { font: FONT, size: TEXT_SIZE, language: { value: "uk-UA" } } } } },
    sections: [
      {
        // The first page is not numbered; the others are, at the top, as official documents are.
        properties: {
          titlePage: true,
          page: {
            size: { width: mm(210), height: mm(297), orientation: PageOrientation.LANDSCAPE },
            margin: MARGIN,
          },
        },
        headers: {
          first: new Header({ children: [] }),
          default: new Header({
            children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], size: TABLE_SIZE })] })],
          }),
        },
        children: [
          ...intro,
          ...body,
          para(`Сформовано вузлом ${facts.creator} ${formatDateTime(facts.created.toISOString())} з реєстру планів.`, {
            italics: true,
            size: NOTE_SIZE,
            before: 240,
          }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
};
