/**
 * @module The body rows of a plan table, read through their column roles into a `PlanBuilder`: section and
 * task headings, measures with their money rows, continuation rows, stated totals. Header repeats and
 * column-number rows are dropped; ditto marks and editors' notes are resolved and reported; every measure
 * gets its provenance and a confidence per field.
 */
import { parseTerm } from "@planledger/domain";
import { type AnomalyKind, where } from "../facts/anomalies.js";
import { inThousands, moneyUnit, type RawBudgetRow, readAmount, roundMoney, sourcesWithAmounts, stackedYears, type StatedTotal, unitInCell } from "../facts/budget.js";
import { consentBelow, consentFootnote, opensNextBody, readExecutors, withConsentMarks } from "../facts/executors.js";
import type { PlanBuilder, RawMeasure } from "../plan-builder.js";
import { joinSplit, squash } from "../text/clean.js";
import { filledCells, type Slot } from "./columns.js";
import { termAndBodies } from "./term-and-bodies.js";
import { type ColumnRole, type Confidence, describePlace, type Field, type MeasureProvenance, type Place } from "./grid.js";
import {
  editorsNotes,
  isColumnNumbering,
  isDitto,
  isHeaderPhrase,
  isSignatureLine,
  isTotalLabel,
  isYearMark,
  isYearRowHeader,
  matchHeader,
  printedLabel,
  sectionHeading,
  shapeOf,
  withoutTranslation,
  yearNamedIn,
} from "./vocabulary.js";

/** A body row of the chosen table (or of a table continuing it). */
export interface BodyRow {
  readonly slots: ReadonlyArray<Slot>;
  readonly place: Place;
  /** The number anomalies cite: the printed line when the format has lines, else the table row. */
  readonly line: number;
  /** The row is one printed line of a PDF: without a label it continues the row above. */
  readonly isLine: boolean;
  /** The format cannot show cells merged down (`GridTable.mergesLost`): an empty cell may be one. */
  readonly mergesLost?: boolean;
  /** Every cell's borders were drawn (`GridTable.bordered`): an empty cell under a border is empty. */
  readonly bordered?: boolean;
  /** The first row of a table that continues the one before (the next page's part): it follows a page break. */
  readonly continuesTable?: boolean;
}

/** What the document says about its rows beyond the table. */
export interface RowsOptions {
  /** The mark a footnote explains as «за згодою» («* За згодою.»): a name so marked is by consent. */
  readonly consentMark?: string;
  /**
   * The plan's years when it is read in parts with columns of their own (a sheet per year): each part's amounts are
   * given by these years, not by the part's own, so the budget lines of all parts agree on which amount is which year.
   */
  readonly planYears?: ReadonlyArray<number>;
  /** The unit printed on a line of its own above the table («(грн)», «тис. грн»), for money headers that name none. */
  readonly moneyUnit?: "thousands" | "hryvnias" | "millions";
}

/** What reading the rows gives besides the builder's contents. */
export interface RowsRead {
  readonly measures: ReadonlyArray<MeasureProvenance>;
  readonly statedTotals: ReadonlyArray<StatedTotal>;
  readonly years: ReadonlyArray<number>;
}

/**
 * The total of a money row whose table prints no total column: the sum of its years' amounts; "" (no amount) when
 * no year has one or one cannot be read (the year's own check reports it).
 *
 * @example sumOfYears(["4 250,0", "3 900,0"]) // "8150"
 * @example sumOfYears(["–", "–"]) // ""
 */
export const sumOfYears = (years: ReadonlyArray<string>): string => {
  const amounts = years.map(readAmount);
  if (amounts.some((a) => !a.ok) || amounts.every((a) => a.value === null)) return "";
  return String(roundMoney(amounts.reduce((a, b) => a + (b.value ?? 0), 0)));
};

/**
 * A note printed as a row of the table, under its measures or totals: «Примітка. …», «Примітки: …», «Прим.: …».
 *
 * @example isNoteRow("Примітка. Обсяги фінансування уточнюються щороку.") // true
 * @example isNoteRow("1. Примітки до звітності") // false
 */
export const isNoteRow = (text: string): boolean => /^\s*\*?\s*(?:примітк[аи]|прим\.)\s*\d*\s*[.:–—-]/iu.test(text);

/** A cell that prints only a dash: nothing there. */
const isNone = (text: string): boolean => /^\s*[-–—]+\s*$/u.test(text);

/** A header naming who holds the budget: «Головний розпорядник (бюджетних коштів)», «Розпорядник коштів». */
const isBudgetHolder = (header: string): boolean => /розпорядник/iu.test(header);

/** Anomaly kinds the general reader adds to the builder's. */
export type ReaderAnomalyKind = Extract<AnomalyKind, "ditto" | "editors-note" | "doubtful">;

const flag = (b: PlanBuilder, kind: ReaderAnomalyKind, path: ReadonlyArray<string>, line: number | undefined, message: string): void => {
  b.anomalies.add(kind, where(path, line), message);
};

type TextField = "title" | "term" | "executors" | "indicator";
type ProvField = TextField | "budget";

const fieldNames: Readonly<Record<TextField | "source", string>> = {
  title: "Захід / measure",
  term: "Строк / term",
  executors: "Виконавці / executors",
  indicator: "Індикатор / indicator",
  source: "Джерело / source",
};

interface Values {
  label: string;
  /** The outer goal level's cell, where the goal levels are columns merged down (see `goalColumns`). */
  section: string;
  sectionMerged: boolean;
  task: string;
  taskMerged: boolean;
  title: string;
  titleMerged: boolean;
  executors: string;
  executorsMerged: boolean;
  /** Each executors column's own text («–» as ""), when there are several («Відповідальні», «Співвиконавці»). */
  execParts: string[];
  /** The budget holder («Головний розпорядник») beside the executors, if the table has both. */
  holder: string;
  term: string;
  source: string;
  sourceMerged: boolean;
  total: string;
  years: string[];
  /** Money by source where the header names the source over each amount column: one entry per source, as printed. */
  sourced: Array<{ source: string; total: string; years: string[] }>;
  indicator: string;
  /** What a cell merged down from above repeats, by field: the text of the cell the merge started in. */
  merged: Partial<Record<"executors" | "holder" | "source" | "term" | "indicator", string>>;
  notes: string[];
  filled: Array<{ column: number; text: string; span: number }>;
}

interface Open {
  readonly raw: RawMeasure;
  readonly label: string;
  readonly path: string[];
  readonly row: BodyRow;
  readonly notes: Partial<Record<ProvField, { confidence: Confidence; note: string }>>;
  readonly provenance: { path: string; where: string; fields: MeasureProvenance["fields"] };
}

const rank: Readonly<Record<Confidence, number>> = { high: 3, medium: 2, low: 1 };
const lower = (a: Confidence, b: Confidence): Confidence => (rank[a] <= rank[b] ? a : b);

// A source cell that says the measure needs no money.
const noFinancing =
  /не\s+потребу\p{L}*\s+фінансуван|без\s+фінансуван|фінансування\s+не\s+(?:потребу|передбач)|не\s+передбачен|(?:^|\s)(?:у|в)\s+межах\s+(?:коштів|кошторисн|бюджетних|видатків|асигнувань|фінансування)/iu;

/**
 * The source cell of a measure's own «усього» row, printed above one row per source with the measure's cells merged
 * down over them: «усього», «всього», «разом», «усього, у тому числі:». It is their sum, not a source.
 */
const isSumOfSources = (source: string): boolean => /^(?:(?:у|в)?сього|разом)\s*(?:,?\s*(?:у|в)\s+тому\s+числі)?\s*:?$/iu.test(squash(source));

// Measure titles open with a verbal noun; a cell of bodies does not ("Проведення семінарів" is no executor).
const prose = /^(проведення|забезпечення|здійснення|організація|організування|створення|розроблення|розробка|підготовка|надання|впровадження|сприяння|визначення)(?!\p{L})/iu;

/**
 * A subtotal of one part of the plan: «Разом за розділом 1», «Усього по розділу ІІ», «Всього за напрямом»
 * cover a section, «Разом за завданням 2» a task; null for a total of the plan or of an executor.
 *
 * @example subtotalScope("Разом за розділом 1") // "section"
 */
export const subtotalScope = (text: string): "section" | "task" | null => {
  const m = /^\s*(?:всього|усього|разом)\s+(?:за|по|у|в)\s+(розділ|підпрограм|напрям|пріоритет|ціл|завдан)/iu.exec(text);
  if (m === null) return null;
  return /^завдан/iu.test(m[1] ?? "") ? "task" : "section";
};

/**
 * The goal levels a strategy's plan prints as columns merged down to the left of the number («Стратегічна ціль» |
 * «Операційна ціль» | «№ з/п» | …): with two such columns the outer (left) one holds the sections and the inner one
 * the tasks; with one, it holds the tasks.
 *
 * @example goalColumns([strategic, operational]) // { sectionCol: strategic, taskCol: operational }
 */
export const goalColumns = (taskCols: ReadonlyArray<ColumnRole>): { sectionCol?: ColumnRole; taskCol?: ColumnRole } => {
  const sorted = [...taskCols].sort((x, y) => x.column - y.column);
  const [outer, inner] = sorted;
  if (outer !== undefined && inner !== undefined) return { sectionCol: outer, taskCol: inner };
  return outer === undefined ? {} : { taskCol: outer };
};

// «Завдання 1.», «Завдання № 2»: the number column naming a task, its wording in the next column.
const taskNumbered = /^завдання\s*(?:№\s*)?(\d{1,3}(?:\.\d{1,3})*\.?)$/iu;

// «Стратегічна ціль 1. …», «Операційна ціль 1.1. …», «Оперативне завдання 3 …»: a goal named with its number.
const goalNamed = /^(?:\p{L}+(?:на|не|ні|ий)\s+)?(?:ціль|завдання|мета|пріоритет|напрям(?:ок)?)\s+(\d{1,2}(?:\.\d{1,2})*\.?)\s*[:.–—-]?\s*(\S.*)$/iu;

/**
 * A goal's cell read as a heading: its number and its title («Операційна ціль 1.1. Підтримка …» → «1.1.», «Підтримка …»).
 *
 * @example namedGoal("Операційна ціль 1.2. Розвиток індустріального парку") // { label: "1.2.", rest: "Розвиток індустріального парку" }
 */
export const namedGoal = (text: string): { label: string; rest: string } | null => {
  const m = goalNamed.exec(squash(text));
  return m === null ? null : { label: m[1] ?? "", rest: m[2] ?? "" };
};

/**
 * Reads the body rows into the builder.
 *
 * @example readRows(rows, columns, builder).measures[0]?.path // "I / 1 / 1)"
 */
export const readRows = (
  rows: ReadonlyArray<BodyRow>,
  columns: ReadonlyArray<ColumnRole>,
  headerTexts: ReadonlySet<string>,
  b: PlanBuilder,
  options: RowsOptions = {},
): RowsRead => {
  const consent = options.consentMark;
  const marked = (t: string): string => (consent === undefined || t === "" ? t : withConsentMarks(t, consent));
  const of = (field: Field) => columns.filter((c) => c.field === field);
  const one = (field: Field): ColumnRole | undefined => of(field)[0];
  const labelCol = one("label");
  const { sectionCol, taskCol } = goalColumns(of("task"));
  const titleCol = one("title");
  const sourceCol = one("source");
  // Money columns whose header names their source (years × sources) are read apart, one budget line per source.
  const unsourced = (c: ColumnRole): boolean => c.source === undefined;
  const totalCol = of("total").find(unsourced);
  // «Головний розпорядник» is an executor when it is the only such column; beside a column of executors
  // it names who holds the money, which is the budget line's executor, not the measure's.
  const allExecCols = of("executors");
  const holderCols = allExecCols.filter((c) => isBudgetHolder(c.header));
  const execCols = holderCols.length > 0 && holderCols.length < allExecCols.length ? allExecCols.filter((c) => !holderCols.includes(c)) : allExecCols;
  const holderCol = execCols === allExecCols ? undefined : holderCols[0];
  const termCols = of("term");
  // One column for the term and the bodies («Строк виконання, виконавці»), when no column holds the term alone.
  const sharedTermCol = termCols.length === 0 ? execCols.find((c) => c.alsoTerm !== undefined) : undefined;
  const termColumns: ReadonlyArray<ColumnRole> = sharedTermCol === undefined ? termCols : [sharedTermCol];
  // The term printed as year columns («Строк виконання» over «2026», «2027», «2028»), «+» in each year the measure is done
  // in: the years marked, joined «2026, 2028»; a year's cell that prints words («I квартал») gives them with its year.
  const yearTermCols = termCols.filter((c) => c.year !== undefined).sort((x, y) => x.column - y.column);
  const plainTermCols = termCols.filter((c) => c.year === undefined);
  const termOf = (cellText: (c: ColumnRole | undefined) => string): string => {
    // A term in two columns («початок» / «кінець»): «–» as the end names none, the start alone is the term.
    const plain = plainTermCols.map(cellText).filter((t) => t !== "" && !(plainTermCols.length > 1 && isNone(t)));
    const years = yearTermCols.flatMap((c) => {
      const t = squash(cellText(c));
      if (t === "" || isNone(t)) return [];
      return [isYearMark(t) ? String(c.year) : `${t} ${c.year}`];
    });
    return [...plain, ...(years.length > 0 ? [years.join(", ")] : [])].join(" – ");
  };
  const indicatorCols = of("indicator");
  const yearCols = of("year")
    .filter(unsourced)
    .sort((x, y) => x.column - y.column);
  const sourcedCols = columns.filter((c) => (c.field === "total" || c.field === "year") && c.source !== undefined).sort((x, y) => x.column - y.column);
  // One money column with no years beside it, whose cells stack the years under the total («195,0» / «у т. ч.:» /
  // «2026 р. – 60,0» …): the years are those its cells name, and each cell gives its total and its years.
  const stackedCol = totalCol !== undefined && yearCols.length === 0 && sourcedCols.length === 0 ? totalCol : undefined;
  // That one money column's header may name its year («Обсяг фінансування у 2026 році»): its amounts are that year's.
  const namedYear = stackedCol === undefined ? null : yearNamedIn(stackedCol.header);
  const stackedIn = (row: BodyRow) => {
    const s = stackedCol === undefined ? undefined : row.slots[stackedCol.column];
    return s === undefined || !s.first ? null : stackedYears(editorsNotes(s.text).rest);
  };
  // Such cells that print only their years («2026 р. – 1 200,0» / «2027 р. – 1 350,0»), none of them a total above: the
  // table prints no totals, and a line's total is the sum of its years, as when year columns stand with no total column.
  const stackedCells = rows.map(stackedIn).filter((s) => s !== null);
  const stackedNoTotals = stackedCells.length > 0 && stackedCells.every((s) => s.total === "");
  const stackedYearList = [...new Set(rows.flatMap((row) => [...(stackedIn(row)?.years.keys() ?? [])]))].sort((a, b) => a - b);
  // The years printed as rows, the sources as columns: a «Рік» column («2026», «2027») beside money columns named by
  // their source and no year columns, a measure of two years over two rows. Each row's amounts are its year's.
  const yearRowCol =
    sourcedCols.length > 0 && yearCols.length === 0 && !sourcedCols.some((c) => c.field === "year")
      ? columns.find((c) => c.field === "ignore" && isYearRowHeader(c.header))
      : undefined;
  const yearOfRow = (row: BodyRow): number | null => {
    const s = yearRowCol === undefined ? undefined : row.slots[yearRowCol.column];
    const t = s === undefined || !s.first ? "" : squash(s.text);
    return /^(?:19|20)\d{2}$/.test(t) ? Number(t) : null;
  };
  const rowYearList = [...new Set(rows.flatMap((row) => yearOfRow(row) ?? []))].sort((a, b) => a - b);
  const years =
    stackedYearList.length > 0
      ? stackedYearList
      : rowYearList.length > 0
        ? rowYearList
        : namedYear !== null
        ? [namedYear]
        : sourcedCols.length === 0
        ? yearCols.map((c) => c.year ?? 0)
        : [...new Set([...yearCols, ...sourcedCols].flatMap((c) => (c.field === "year" && c.year !== undefined ? [c.year] : [])))].sort((a, b) => a - b);
  const planYears = options.planYears === undefined || options.planYears.join() === years.join() ? years : options.planYears;
  const sourceGroups = [...new Set(sourcedCols.map((c) => c.source ?? ""))].map((source) => ({
    source,
    total: sourcedCols.find((c) => c.source === source && c.field === "total"),
    years: years.map((y) => sourcedCols.find((c) => c.source === source && c.field === "year" && c.year === y)),
  }));
  const moneyCols = new Set([
    ...(sourceCol ? [sourceCol.column] : []),
    ...(totalCol ? [totalCol.column] : []),
    ...yearCols.map((c) => c.column),
    ...sourcedCols.map((c) => c.column),
  ]);
  const hasMoney = moneyCols.size > 0;
  const hasAmounts = [...moneyCols].some((c) => c !== sourceCol?.column);
  // Money printed in hryvnias or millions (the header says «грн», «млн грн»): read in тис. грн, and said so per measure.
  // A header that names no unit takes the one printed on a line of its own above the table («(грн)»), else тис. грн.
  const unitOf = (header: string): "thousands" | "hryvnias" | "millions" =>
    /(?<!\p{L})(?:тис|грн|гривен|гривн|млн|мільйон)/iu.test(header) ? moneyUnit(header) : (options.moneyUnit ?? "thousands");
  const units = new Set(columns.filter((c) => (c.field === "total" || c.field === "year") && moneyCols.has(c.column)).map((c) => unitOf(c.header)));
  const unitNote = units.has("hryvnias")
    ? "суми надруковано в гривнях, переведено в тис. грн / amounts printed in hryvnias, converted to thousand hryvnias"
    : units.has("millions")
      ? "суми надруковано в млн грн, переведено в тис. грн / amounts printed in millions of hryvnias, converted to thousand hryvnias"
      : null;

  // A goal column typed again on every row instead of merged down («Напрям»: «Масовий спорт» on each of its measures, a
  // sheet kept for filtering): a cell that repeats the one above it in that column continues the goal, as a merge would.
  const retyped = new Set<BodyRow>();
  for (const col of [sectionCol, taskCol]) {
    if (col === undefined) continue;
    let above = "";
    for (const row of rows) {
      const slot = row.slots[col.column];
      if (slot === undefined || slot.continuesAbove || !slot.first || slot.text === "") continue;
      if (squash(slot.text) === above) retyped.add(row);
      above = squash(slot.text);
    }
  }
  const retypedGoal = (row: BodyRow, col: ColumnRole | undefined): boolean =>
    col !== undefined && retyped.has(row) && (row.slots[col.column]?.text ?? "") !== "";

  const valuesOf = (row: BodyRow, above: ReadonlyArray<string>): Values => {
    const notes: string[] = [];
    const text = (col: ColumnRole | undefined): string => {
      const s = col === undefined ? undefined : row.slots[col.column];
      if (s === undefined || !s.first || s.text === "") return "";
      const read = editorsNotes(s.text);
      notes.push(...read.notes);
      return read.rest;
    };
    // An amount printed in hryvnias (or millions) as its header says, or as the cell itself says («480 000,00 грн.»),
    // in the plan's тис. грн.
    const money = (col: ColumnRole | undefined): string => {
      if (col === undefined) return "";
      const t = text(col);
      const inPlan = (amount: string): string => {
        const own = unitInCell(amount);
        return own === null ? inThousands(amount, unitOf(col.header)) : inThousands(own.amount, own.unit);
      };
      // Amounts stacked one a line beside stacked sources, each with its own unit («4,5 млн грн» / «500 тис. грн»).
      const lines = t.split("\n").map(squash).filter((l) => l !== "");
      return lines.length > 1 && lines.every((l) => unitInCell(l) !== null) ? lines.map(inPlan).join("\n") : inPlan(t);
    };
    const merged = (col: ColumnRole | undefined): boolean => col !== undefined && (row.slots[col.column]?.continuesAbove ?? false);
    // «–» in a column of executors (a co-executors column most often) names nobody.
    const join = (cols: ReadonlyArray<ColumnRole>, sep: string, dashIsNone = false, read: (col: ColumnRole) => string = text) =>
      cols
        .map(read)
        .filter((t) => t !== "" && !(dashIsNone && isNone(t)))
        .join(sep);
    // A column whose header says its bodies act by consent («Співвиконавці (за згодою)»): each of its bodies so, unmarked.
    const shared = sharedTermCol === undefined ? null : termAndBodies(text(sharedTermCol), sharedTermCol.alsoTerm ?? "first");
    // Bodies set apart by empty paragraphs, a long name broken over paragraphs: one body a group.
    const grouped = (col: ColumnRole): string => {
      const s = row.slots[col.column];
      return s?.first === true && s.blocks !== undefined ? editorsNotes(s.blocks.join("\n")).rest : text(col);
    };
    const executorsOf = (col: ColumnRole): string => {
      const t = shared !== null && col === sharedTermCol ? shared.bodies : grouped(col);
      return t !== "" && !isNone(t) && /\(\s*за\s+згодою\s*\)/iu.test(col.header) ? consentBelow(`за згодою:\n${t}`) : t;
    };
    const indicator = indicatorCols
      .map((c) => ({ c, t: text(c) }))
      .filter((x) => x.t !== "")
      .map((x) => (x.c.year !== undefined ? `${x.c.year}: ${x.t}` : x.t))
      .join(": ");
    const v: Values = {
      label: squash(text(labelCol)),
      section: text(sectionCol),
      sectionMerged: merged(sectionCol) || retypedGoal(row, sectionCol),
      task: text(taskCol),
      taskMerged: merged(taskCol) || retypedGoal(row, taskCol),
      title: text(titleCol),
      titleMerged: merged(titleCol),
      // Columns of executors («Відповідальні», «Співвиконавці») are separate lists: joined so no body runs on.
      executors: marked(join(execCols, "; ", true, executorsOf)),
      executorsMerged: execCols.some(merged),
      execParts: execCols.length > 1 ? execCols.map(executorsOf).map((t) => (isNone(t) ? "" : marked(t))) : [],
      holder: text(holderCol),
      term: shared !== null ? shared.term : termOf(text),
      source: text(sourceCol),
      sourceMerged: merged(sourceCol),
      total: money(totalCol),
      years:
        namedYear !== null && stackedYearList.length === 0
          ? [money(totalCol)]
          : sourcedCols.length === 0
            ? yearCols.map(money)
            : years.map((y) => money(yearCols.find((c) => c.year === y))),
      sourced: sourceGroups.map((g) => ({ source: g.source, total: money(g.total), years: g.years.map(money) })),
      indicator,
      merged: {},
      notes: [],
      filled: [],
    };
    // No source column, and the money column prints each source with its amount, one a paragraph («бюджет громади –
    // 2 700,0» / «кошти благодійних фондів – 450,0», under «Джерела та обсяги фінансування»): the sources and their amounts.
    if (sourceCol === undefined && totalCol !== undefined && yearCols.length === 0) {
      const cell = text(totalCol);
      const paired = sourcesWithAmounts(cell);
      if (paired !== null) {
        v.source = paired.map((p) => p.source).join("\n");
        v.total = paired.map((p) => inThousands(p.amount, unitOf(totalCol.header))).join("\n");
      } else if (noFinancing.test(cell)) {
        v.source = squash(cell);
        v.total = "";
      }
    }
    if (stackedYearList.length > 0) {
      const stacked = stackedIn(row);
      if (stacked !== null) v.total = stacked.total;
      v.years = years.map((y) => stacked?.years.get(y) ?? "");
    }
    const rowYear = yearOfRow(row);
    if (rowYearList.length > 0 && rowYear !== null) v.sourced = v.sourced.map((g) => ({ ...g, years: years.map((y) => (y === rowYear ? g.total : "")) }));
    if (planYears !== years) {
      const inPlan = (amounts: ReadonlyArray<string>): string[] => planYears.map((y) => amounts[years.indexOf(y)] ?? "");
      v.years = inPlan(v.years);
      v.sourced = v.sourced.map((g) => ({ ...g, years: inPlan(g.years) }));
    }
    const mergedText = (cols: ReadonlyArray<ColumnRole>): string =>
      cols
        .filter((c) => row.slots[c.column]?.continuesAbove === true)
        .map((c) => editorsNotes(above[c.column] ?? "").rest)
        .filter((t) => t !== "")
        .join("\n");
    v.merged = {
      executors: marked(mergedText(execCols)),
      holder: mergedText(holderCol === undefined ? [] : [holderCol]),
      source: mergedText(sourceCol === undefined ? [] : [sourceCol]),
      term: termOf((c) => (c !== undefined && row.slots[c.column]?.continuesAbove === true ? editorsNotes(above[c.column] ?? "").rest : "")),
      indicator: mergedText(indicatorCols),
    };
    // Cells of columns no field was given to still count for telling headings from measures.
    v.filled = filledCells(row.slots).map(({ column, slot }) => {
      const read = editorsNotes(slot.text);
      if (!columns.some((c) => c.column === column && c.field !== "ignore")) notes.push(...read.notes);
      // A heading merged across the row may print its English under it («2. Соціальні послуги» / «Social services»).
      return { column, text: squash(slot.span >= 2 ? withoutTranslation(read.rest) : read.rest), span: slot.span };
    }).filter((c) => c.text !== "");
    v.notes = [...new Set(notes)];
    return v;
  };

  const labelStyle = (label: string): string | null => {
    const p = printedLabel(label) ?? printedLabel(`${label} x`);
    return p === null ? null : `${p.depth}${p.closing === ")" ? ")" : "."}`;
  };
  // A task column merged down over its measures beside a «№» column numbered on every measure row, the rows
  // under the merge too («1.1.» by the task, «1.2.» under it; in a web copy the task printed once, «2.» under
  // it with no task): the numbers are the measures', and a task printed beside a measure has none.
  const labelsNumberMeasures =
    taskCol !== undefined &&
    labelCol !== undefined &&
    rows.some((row) => {
      const t = row.slots[taskCol.column];
      const l = row.slots[labelCol.column];
      const m = titleCol === undefined ? undefined : row.slots[titleCol.column];
      const underTask = t?.continuesAbove === true || (t?.text === "" && t.first) || retyped.has(row);
      return underTask && l?.continuesAbove !== true && printedLabel(`${l?.text ?? ""} x`) !== null && m?.continuesAbove !== true && (m?.text ?? "") !== "";
    });
  const measureLabelOf = (v: Values): string => {
    if (labelsNumberMeasures && v.label !== "" && v.title !== "") return v.label;
    if (taskCol !== undefined && v.task !== "" && !v.taskMerged) return printedLabel(v.title)?.label ?? "";
    if (taskCol === undefined && v.label !== "") return v.label;
    return printedLabel(v.title)?.label ?? v.label;
  };
  const carriesSubtotal = (v: Values, nonMoney: number): boolean => {
    if (taskCol !== undefined || v.label === "" || v.title === "" || nonMoney !== 2 || measureStyle === null || !anyMoney(v)) return false;
    if (v.executors !== "" || v.term !== "" || v.indicator !== "" || v.source !== "") return false;
    const depth = Number.parseInt(labelStyle(v.label) ?? "", 10);
    return depth > 0 && depth < Number.parseInt(measureStyle, 10) && labelStyle(v.label)?.endsWith(".") === measureStyle.endsWith(".");
  };
  /**
   * A row whose one text, in the measure's column, is all bold and unnumbered, in a table whose measures are numbered
   * and not themselves bold: a section's heading typed so, not merged across the row.
   */
  const boldHeading = (v: Values, row: BodyRow, column: number): boolean =>
    measureStyle !== null && v.label === "" && row.slots[column]?.bold === true && printedLabel(v.title) === null && !boldMeasures;
  const hasValues = (v: Values): boolean => v.executors !== "" || v.term !== "" || v.indicator !== "" || v.source !== "" || anyMoney(v);

  // Per row and column, the text a cell merged down from above repeats (Word's vMerge, Excel's merged range).
  const origin: string[] = [];
  const mergeOrigins = rows.map((row) =>
    row.slots.map((slot, c) => {
      if (!slot.continuesAbove) origin[c] = slot.first ? slot.text : "";
      return slot.continuesAbove ? (origin[c] ?? "") : "";
    }),
  );

  // What the table's measures are numbered like, and whether its sections are Roman: this decides whether
  // a heading "1. …" is a section or a task.
  const all = rows.map((row, i) => valuesOf(row, mergeOrigins[i] ?? []));
  const styles = new Map<string, number>();
  let hasRoman = false;
  for (const v of all) {
    if (v.filled.length === 1 && sectionHeading(v.filled[0]?.text ?? "") !== null) hasRoman = true;
    if (v.executors === "" && v.term === "") continue;
    const style = labelStyle(measureLabelOf(v));
    if (style !== null) styles.set(style, (styles.get(style) ?? 0) + 1);
  }
  const measureStyle = [...styles.entries()].sort((x, y) => y[1] - x[1])[0]?.[0] ?? null;
  // Whether the measures' own titles are bold (then bold tells no heading apart): rows with a title and values.
  const titled = titleCol === undefined ? [] : rows.filter((row, i) => (all[i]?.executors ?? "") + (all[i]?.term ?? "") !== "" && (row.slots[titleCol.column]?.text ?? "") !== "");
  const boldMeasures = titleCol !== undefined && titled.filter((row) => row.slots[titleCol.column]?.bold === true).length * 2 > titled.length;
  const levelOf = (label: string): "section" | "task" => {
    if (hasRoman) return "task";
    if (taskCol !== undefined) return "section";
    const p = printedLabel(label) ?? printedLabel(`${label} x`);
    // The heading one level above the measures' numbering ("1." over "1.1", "1.2") is their task; with
    // nothing above it, the plan has one section.
    const measureDepth = measureStyle === null ? 0 : Number.parseInt(measureStyle, 10);
    return p !== null && (p.depth >= 2 || (measureDepth >= 2 && p.depth === measureDepth - 1)) ? "task" : "section";
  };

  // How many measure rows (a label or a title, and some value beside it) print no term: more than one says the term
  // column was merged down in a copy that cannot show it (`carryMerged`).
  let emptyTerms: number | null = null;
  const termsMerged = (): boolean => {
    emptyTerms ??= all.filter((v) => (v.label !== "" || v.title !== "") && v.term === "" && (v.executors !== "" || v.indicator !== "" || v.source !== "")).length;
    return emptyTerms > 1;
  };
  const measures: MeasureProvenance[] = [];
  const stated: StatedTotal[] = [];
  const last: Partial<Record<TextField | "source", string>> = {};
  // Held in an object: the closures below replace them, which a `let` would hide from narrowing.
  const state: {
    open: Open | null;
    lastBudget: { executor: string; source: string } | null;
    lastSource: string | null;
    afterTotal: boolean;
    pageBreak: boolean;
    headingSinceMeasure: boolean;
    /** Where the current section's and task's measures begin, for their subtotals. */
    sectionStart: number;
    taskStart: number;
    /** The open measure's executors per column, while a row broken across pages may still add to each. */
    execParts: string[] | null;
    /** The open measure's title ends «у тому числі:»: the dashed rows under it are its parts. */
    partsOpen: boolean;
    /** The label of the section read last, for a heading repeated «(продовження)» on the next page. */
    sectionLabel: string | null;
  } = {
    sectionLabel: null,
    partsOpen: false,
    execParts: null,
    sectionStart: 0,
    taskStart: 0,
    headingSinceMeasure: true,
    pageBreak: false,
    open: null,
    lastBudget: null,
    lastSource: null,
    afterTotal: false,
  };

  const colConfidence = (cols: ReadonlyArray<ColumnRole>): { confidence: Confidence; note?: string } => {
    const worst = cols.reduce<ColumnRole | undefined>((w, c) => (w === undefined || rank[c.confidence] < rank[w.confidence] ? c : w), undefined);
    if (worst === undefined) return { confidence: "low", note: "колонки немає / no such column" };
    return worst.confidence === "high" ? { confidence: "high" } : { confidence: worst.confidence, note: worst.because };
  };

  const settle = (m: Open): void => {
    const fields: Record<string, { confidence: Confidence; note?: string }> = {};
    const set = (f: ProvField, base: { confidence: Confidence; note?: string }) => {
      const extra = m.notes[f];
      fields[f] = extra === undefined ? base : { confidence: lower(base.confidence, extra.confidence), note: base.note === undefined ? extra.note : `${extra.note}; ${base.note}` };
    };
    const doubt = (f: ProvField, note: string) => {
      set(f, { confidence: "low", note });
      flag(b, "doubtful", m.path, m.row.line, note);
    };
    set("title", colConfidence(titleCol === undefined ? [] : [titleCol]));
    const term = squash(m.raw.term);
    if (termColumns.length === 0) {
      // The builder reads such a measure over the programme's years (and says so once) or flags it.
      set("term", years.length > 0 ? { confidence: "medium", note: "колонки строків немає: строк — роки програми / no term column: the programme's years" } : { confidence: "low", note: "колонки строків немає / no term column" });
    } else if (term === "") {
      set("term", { confidence: "low", note: "строк не надруковано / no term printed" });
    } else if (parseTerm(term).kind === "unparsed") {
      set("term", { confidence: "low", note: `строк «${term}» не розпізнано / term not understood` });
    } else {
      set("term", colConfidence(termColumns));
    }
    const executors = squash(m.raw.executors);
    if (execCols.length > 0) {
      const { executors: read, persons, remarks } = readExecutors(m.raw.executors);
      if (executors === "") doubt("executors", "виконавців не надруковано / no executors printed");
      else if (read.length === 0) doubt("executors", `виконавців у «${executors.slice(0, 60)}» не прочитано / no executor read`);
      else if (shapeOf(executors) !== "executors" && (prose.test(executors) || executors.length > 200)) {
        doubt("executors", `клітинка виконавців схожа на текст, а не на перелік організацій: «${executors.slice(0, 60)}» / the executors cell reads like prose`);
      } else if (shapeOf(executors) !== "executors" && shapeOf(executors) !== "ditto") {
        const base = colConfidence(execCols);
        set("executors", { confidence: lower(base.confidence, "medium"), note: "значення не схоже на перелік організацій / the value does not look like a list of bodies" });
      } else set("executors", colConfidence(execCols));
      // The officials printed in brackets beside a body are no executors, but a person may want them: kept here.
      if (persons.length > 0) {
        const named = persons.map((p) => `${p.person} — ${p.executor}`).join("; ");
        const kept = fields.executors;
        const note = `особи в дужках (не виконавці): ${named} / persons in brackets (not executors)`;
        fields.executors = { confidence: kept?.confidence ?? "high", note: kept?.note === undefined ? note : `${kept.note}; ${note}` };
      }
      // A remark in brackets after a body («(у межах бюджетних призначень)») is no part of its name: kept here.
      if (remarks.length > 0) {
        const said = remarks.map((r) => `${r.executor}: ${r.remark}`).join("; ");
        const kept = fields.executors;
        const note = `примітки в дужках (не частина назви): ${said} / remarks in brackets (not part of the name)`;
        fields.executors = { confidence: kept?.confidence ?? "high", note: kept?.note === undefined ? note : `${kept.note}; ${note}` };
      }
    }
    if (indicatorCols.length > 0) {
      set("indicator", squash(m.raw.indicator) === "" ? { confidence: "medium", note: "порожньо / empty" } : colConfidence(indicatorCols));
    }
    if (hasMoney && m.raw.budget.length > 0) {
      const unreadable = m.raw.budget.some((r) => !readAmount(r.total).ok || r.years.some((y) => !readAmount(y).ok));
      // An unreadable amount is reported by the builder (budget-unreadable); here it only lowers the confidence.
      set("budget", unreadable ? { confidence: "low", note: "нечитані суми / unreadable amounts" } : colConfidence(columns.filter((c) => moneyCols.has(c.column))));
      if (unitNote !== null) {
        const kept = fields.budget;
        fields.budget = { confidence: kept?.confidence ?? "high", note: kept?.note === undefined ? unitNote : `${kept.note}; ${unitNote}` };
      }
    }
    m.provenance.fields = fields;
  };

  /** True when the row prints any amount (or a dash in an amount column). */
  const anyMoney = (v: Values): boolean =>
    v.total !== "" || v.years.some((y) => y !== "") || v.sourced.some((g) => g.total !== "" || g.years.some((y) => y !== ""));

  /**
   * A stated total's amounts: with money by source in the header, each year's (and the total's) sum over the
   * sources, which is what the measures' lines add up to; an unreadable cell is passed on for the check to report.
   */
  const statedMoney = (v: Values): { total: string; years: string[] } => {
    if (sourceGroups.length === 0) return { total: v.total, years: v.years };
    const sum = (cells: ReadonlyArray<string>): string => {
      const bad = cells.find((c) => !readAmount(c).ok);
      if (bad !== undefined) return bad;
      const values = cells.map((c) => readAmount(c).value).filter((n): n is number => n !== null);
      return values.length === 0 ? "" : String(roundMoney(values.reduce((a, b) => a + b, 0)));
    };
    return { total: sum(v.sourced.map((g) => g.total)), years: years.map((_, k) => sum(v.sourced.map((g) => g.years[k] ?? ""))) };
  };

  /**
   * Money by year and by source in the header: one budget line per source with an amount, in the order the
   * sources are printed, its total and years from that source's columns; a source with «–» everywhere has none.
   */
  const sourcedLines = (v: Values, row: BodyRow, measure: RawMeasure): void => {
    const executor = v.executors !== "" && !isDitto(v.executors) ? v.executors : measure.executors;
    v.sourced.forEach((g, k) => {
      if ([g.total, ...g.years].every((a) => readAmount(a).value === null && readAmount(a).ok)) return;
      // No total column printed for the source: the line's total is the sum of its years.
      const printed = sourceGroups[k]?.total !== undefined;
      const amounts = g.years.map(readAmount);
      const summed = amounts.every((a) => a.ok) ? String(roundMoney(amounts.reduce((a, b) => a + (b.value ?? 0), 0))) : "";
      // A year's row under the measure's first (years as rows): the source's line has one more year, its total their sum.
      const same = rowYearList.length > 0 ? measure.budget.find((l) => l.source === g.source) : undefined;
      if (same !== undefined) {
        const both = same.years.map((y, i) => (y !== "" ? y : (g.years[i] ?? "")));
        const sum = both.map(readAmount);
        const total = sum.every((a) => a.ok) ? String(roundMoney(sum.reduce((a, b) => a + (b.value ?? 0), 0))) : "";
        measure.budget[measure.budget.indexOf(same)] = { ...same, total, years: both };
        return;
      }
      measure.budget.push({ executor, source: g.source, total: printed ? g.total : summed, years: g.years, line: row.line });
    });
    state.lastBudget = null;
  };

  const budgetRow = (v: Values, row: BodyRow, measure: RawMeasure): void => {
    if (!hasMoney) return;
    const any = v.source !== "" || anyMoney(v);
    if (!any) return;
    if (sourceGroups.length > 0) {
      sourcedLines(v, row, measure);
      return;
    }
    // «Не потребує фінансування» with no amount (or «–» everywhere) says there is no money: no budget line.
    const noAmount = [v.total, ...v.years].every((a) => readAmount(a).value === null);
    // «–» as the source with «–» in every amount (a measure of no cost in a table with money) is no line either.
    if (noAmount && (noFinancing.test(v.source) || isNone(v.source))) return;
    // Words merged across the money cells beside a source («у межах кошторисних призначень на утримання КП …»): funded from
    // an allowance already there, no amount of the plan — no line, as the same words in the source cell give none.
    if (noAmount && [v.total, ...v.years].some((a) => noFinancing.test(a))) return;
    // «Не потребує фінансування» beside «0,00» (an accounting export prints a zero in every money cell) says the same.
    const zeroAtMost = [v.total, ...v.years].every((a) => (readAmount(a).value ?? 0) === 0);
    if (zeroAtMost && noFinancing.test(v.source)) return;
    const source = isDitto(v.source) ? (state.lastBudget?.source ?? "") : v.source;
    // A merged (or empty) executor or source cell is the one of the money row above.
    const holder = v.holder !== "" && !isDitto(v.holder) ? v.holder : (v.merged.holder ?? "");
    const executor =
      holderCol !== undefined
        ? holder !== "" ? holder : (state.lastBudget?.executor ?? "")
        : v.executors !== "" && !isDitto(v.executors) ? v.executors : (state.lastBudget?.executor ?? measure.executors);
    const row2: RawBudgetRow = {
      executor,
      source: source !== "" ? source : v.sourceMerged || v.source === "" ? (state.lastBudget?.source ?? "") : "",
      // Money by year with no total column printed: the line's total is the sum of its years.
      total: totalCol === undefined || stackedNoTotals ? sumOfYears(v.years) : v.total,
      years: v.years,
      line: row.line,
    };
    state.lastBudget = { executor: row2.executor, source: row2.source };
    if (row2.source !== "") state.lastSource = row2.source;
    // The measure's «усього» row above its rows by source is their sum: the sources are its lines.
    const first = measure.budget[0];
    if (measure.budget.length === 1 && first !== undefined && isSumOfSources(first.source) && !isSumOfSources(row2.source)) measure.budget.pop();
    measure.budget.push(row2);
  };

  /**
   * Fills a new measure's empty cells that are merged down from the row above: with the merged cell's text
   * where the format shows the merge, and, where it cannot (a web copy, a PDF), when both the executors and
   * the source cell are empty — a measure with neither is how a merge over several measures prints there.
   * Returns the source the measure's money rows inherit, if any.
   */
  const carryMerged = (v: Values, row: BodyRow, cells: Record<TextField, string>, notes: Open["notes"]): { executor: string; source: string } | null => {
    for (const f of ["term", "executors", "indicator"] as const) {
      const merged = v.merged[f] ?? "";
      if (cells[f] !== "" || merged === "") continue;
      cells[f] = merged;
      notes[f] = { confidence: "high", note: "об'єднана клітинка: значення з рядка вище / merged cell: the value above" };
      if (f === "executors") v.executors = merged;
    }
    // A term merged down over several measures, in a copy that cannot show merges: printed once, after the first of them.
    // Where more than one measure of the table has no term, a measure with none right under another of the same heading
    // shares the term printed above it; a single measure without one had its term left out, and stays so.
    if (row.mergesLost === true && !row.isLine && row.bordered !== true && termCols.length > 0 && cells.term === "" && !state.headingSinceMeasure && (last.term ?? "") !== "" && termsMerged()) {
      cells.term = last.term ?? "";
      notes.term = { confidence: "medium", note: "порожній строк: вважається об'єднаним з рядком вище / empty term: taken as merged with the row above" };
    }
    const holder = holderCol === undefined ? cells.executors : v.holder !== "" ? v.holder : (v.merged.holder ?? "");
    if (v.source === "" && (v.merged.source ?? "") !== "") return { executor: holder, source: v.merged.source ?? "" };
    // Without amounts (no money columns, or sources named in words only): a measure with no executors right under another
    // of the same task, in a copy that cannot show merges, shares the executors cell printed once above it.
    if (row.mergesLost === true && row.bordered !== true && !hasAmounts && execCols.length > 0 && cells.executors === "" && !state.headingSinceMeasure && (last.executors ?? "") !== "") {
      cells.executors = last.executors ?? "";
      v.executors = cells.executors;
      notes.executors = { confidence: "medium", note: "порожні виконавці: вважаються об'єднаними з рядком вище / empty executors: taken as merged with the row above" };
      return null;
    }
    const lost = row.mergesLost === true && sourceCol !== undefined && execCols.length > 0 && v.source === "" && cells.executors === "";
    if (!lost || state.lastSource === null || (last.executors ?? "") === "") return null;
    cells.executors = last.executors ?? "";
    v.executors = cells.executors;
    notes.executors = { confidence: "medium", note: "порожні виконавці й джерело: вважаються об'єднаними з рядком вище / empty executors and source: taken as merged with the row above" };
    return { executor: holderCol === undefined ? cells.executors : holder, source: state.lastSource };
  };

  const start = (label: string, title: string, v: Values, row: BodyRow): void => {
    if (state.open !== null) settle(state.open);
    state.open = null;
    const notes: Open["notes"] = {};
    const cells: Record<TextField, string> = { title, term: v.term, executors: v.executors, indicator: v.indicator };
    const path = b.here(label);
    for (const f of ["title", "term", "executors", "indicator"] as const) {
      if (!isDitto(cells[f])) continue;
      const above = last[f] ?? "";
      flag(b, "ditto", path, row.line, `${fieldNames[f]}: «${squash(cells[f])}» — узято значення з рядка вище «${squash(above).slice(0, 80)}» / ditto mark: the value of the row above was taken`);
      notes[f] = { confidence: "medium", note: `«${squash(cells[f])}»: повтор значення з рядка вище / ditto mark: repeats the row above` };
      cells[f] = above;
      if (f === "executors") v.executors = above;
    }
    state.execParts = execCols.length > 1 && cells.executors === v.executors && !v.executorsMerged ? [...v.execParts] : null;
    const source = carryMerged(v, row, cells, notes);
    if (cells.executors !== v.executors) state.execParts = null;
    state.lastBudget = source;
    const raw = b.measure(label, cells, row.line);
    state.headingSinceMeasure = false;
    if (raw === null) return;
    for (const f of ["title", "term", "executors", "indicator"] as const) if (cells[f] !== "") last[f] = cells[f];
    const provenance = { path: where(path), where: describePlace(row.place), fields: {} };
    measures.push(provenance);
    state.open = { raw, label, path, row, notes, provenance };
    budgetRow(v, row, raw);
  };

  /**
   * Adds a continued row's executors. With several executors columns each column's text goes on in its own
   * column («управління капітального будівництва» + «облдержадміністрації» carried over to the next page stays
   * the responsible body's, not the co-executor's after it).
   */
  const appendExecutors = (v: Values, separator: "split" | "newline"): void => {
    const parts = state.execParts;
    const m = b.last();
    if (parts === null || m === null || !v.execParts.some((t) => t !== "")) {
      b.append("executors", v.executors, separator);
      return;
    }
    v.execParts.forEach((t, k) => {
      if (t === "") return;
      const held = parts[k] ?? "";
      parts[k] = separator === "newline" && held !== "" ? `${held}\n${t}` : joinSplit(held, t);
    });
    m.executors = parts.filter((t) => t !== "").join("; ");
  };

  /** True when a row's money is only years, each one the line above left empty, and it names no source or executor. */
  const restOfYears = (v: Values, line: RawBudgetRow): boolean =>
    v.source === "" &&
    v.executors === "" &&
    v.total === "" &&
    v.sourced.length === 0 &&
    v.years.some((y) => y !== "") &&
    v.years.every((y, k) => y === "" || (line.years[k] ?? "") === "");

  /** Extends the measure being read; `broken`: the row is the rest of the one above (a page break, a printed line). */
  const continueRow = (v: Values, row: BodyRow, broken = false): void => {
    const m = b.last();
    if (m === null) return;
    const separator = v.titleMerged || v.executorsMerged ? "newline" : "split";
    const moneyRow = hasMoney && (v.source !== "" || anyMoney(v));
    const lastLine = m.budget[m.budget.length - 1];
    if (broken && lastLine !== undefined && v.source !== "" && !anyMoney(v)) {
      // The last lines of a source cell carried over to the next page ("обласний фонд охорони
      // навколишнього" / "природного середовища"), with no amount of their own: the same money line.
      m.budget[m.budget.length - 1] = { ...lastLine, source: joinSplit(lastLine.source, v.source) };
      state.lastBudget = { executor: lastLine.executor, source: m.budget[m.budget.length - 1]?.source ?? "" };
      state.lastSource = state.lastBudget.source;
      appendExecutors(v, separator);
    } else if (broken && lastLine !== undefined && restOfYears(v, lastLine)) {
      // The rest of a money cell carried over to the next page («2027 р. – 48,0» / «2028 р. – 48,0» under the repeated
      // header), with no source, executor or total of its own: the years the line above had not reached yet.
      const years = lastLine.years.map((y, k) => (y !== "" ? y : (v.years[k] ?? "")));
      m.budget[m.budget.length - 1] = { ...lastLine, years, ...(stackedNoTotals ? { total: sumOfYears(years) } : {}) };
      appendExecutors(v, separator);
    } else if (moneyRow) {
      // Another executor or source of the same measure: its money is a line of its own.
      if (v.executors !== "" && !isDitto(v.executors) && !squash(m.executors).includes(squash(v.executors))) b.append("executors", v.executors, "newline");
      budgetRow(v, row, m);
    } else {
      // A printed line of a PDF without borders, or the rest of a row carried over to the next page: a line that opens
      // another body («Бахмацький міський будинок культури» under «… міської ради») starts a paragraph of its own.
      // So does the rest of a row of a table with no number column, carried over to the next page with no title of its own.
      const before = m.executors.slice(m.executors.lastIndexOf("\n") + 1);
      appendExecutors(v, (row.isLine || broken || v.title === "") && opensNextBody(before, v.executors) ? "newline" : separator);
    }
    if (!v.titleMerged) b.append("title", v.title);
    b.append("term", v.term);
    b.append("indicator", v.indicator, v.titleMerged ? "newline" : "split");
  };

  // The subtotal a heading row carries in its money cells, checked against its own measures once the next heading
  // (or the end of the table) shows where they end.
  let carried: { label: string; total: string; years: string[]; line: number; from: number } | null = null;
  const closeCarried = (): void => {
    if (carried === null) return;
    const { from, ...money } = carried;
    stated.push({ ...money, measures: { from, to: measures.length } });
    carried = null;
  };

  const typedOn = (v: Values, row: BodyRow): boolean =>
    !row.isLine &&
    measureStyle !== null &&
    state.open !== null &&
    state.open.label !== "" &&
    !state.headingSinceMeasure &&
    v.label === "" &&
    v.task === "" &&
    v.title !== "" &&
    !v.titleMerged &&
    printedLabel(v.title) === null &&
    // A name's rest opens in lower case or with a word in an oblique case («Рівненської обласної ради …»); a title of its
    // own («Вуличне освітлення») opens as a name does.
    /^(?:\p{Ll}|\p{L}+(?:ої|ого|ому|их|ими|ою)(?!\p{L}))/u.test(v.title) &&
    v.executors === "" &&
    v.term === "" &&
    v.source === "" &&
    !anyMoney(v);

  const heading = (level: "section" | "task", label: string, title: string, line: number): void => {
    closeCarried();
    if (state.open !== null) settle(state.open);
    state.open = null;
    state.headingSinceMeasure = true;
    state.taskStart = measures.length;
    if (level === "section") state.sectionStart = measures.length;
    if (level === "section") state.sectionLabel = label;
    if (level === "section") b.section(label, title, line);
    else b.task(label, title, line);
  };

  for (const [i, row] of rows.entries()) {
    const v = all[i] as Values;
    if (v.notes.length > 0) {
      flag(b, "editors-note", b.here(""), row.line, `Примітки редакції вилучено: ${v.notes.map((n) => squash(n)).join("; ")} / editors' notes removed`);
    }
    if (row.continuesTable === true) state.pageBreak = true;
    if (v.filled.length === 0) continue;
    // The footnote explaining a mark («* За згодою.») printed as a row of the table.
    if (v.filled.length === 1 && consentFootnote(v.filled[0]?.text ?? "") !== null) continue;
    // A note under the measures printed as a row across the table («Примітка. Обсяги фінансування … уточнюються щороку …»)
    // is neither a heading nor a measure.
    if (v.filled.length === 1 && isNoteRow(v.filled[0]?.text ?? "")) continue;
    // A point deleted by an amendment leaves its number and the note saying so ("7." "{Пункт 7 виключено …}"):
    // no measure and no heading.
    if (v.notes.length > 0 && v.filled.every((c) => shapeOf(c.text) === "label")) continue;
    const texts = v.filled.map((c) => c.text);
    if (isColumnNumbering(row.slots.map((s) => (s.first ? s.text : "")))) continue;
    // The section's heading printed again over the table's next part, marked «(продовження)»: the same section goes on.
    const again = v.filled.length === 1 ? /^(.*?)\s*[([]\s*(?:продовження|закінчення)\s*[)\]]\s*\.?$/iu.exec(squash(texts[0] ?? "")) : null;
    if (again !== null && state.sectionLabel !== null && sectionHeading(again[1] ?? "")?.label === state.sectionLabel) continue;
    // The header printed again at the top of a page.
    if (texts.length >= 2 && texts.every((t) => headerTexts.has(t) || matchHeader(t) !== null || isHeaderPhrase(t))) {
      state.pageBreak = true;
      continue;
    }
    // The signatures under the table ("Начальник управління … Наталія ПРИХОДЬКО") end it: nothing below
    // them is a section or a measure.
    if (!anyMoney(v) && isSignatureLine(texts.join(" "))) break;
    const afterPageBreak = state.pageBreak;
    state.pageBreak = false;
    // A row broken across pages: under the repeated header, a row without a number of its own, in a
    // table whose measures are numbered, is the rest of the row above.
    if (afterPageBreak && labelCol !== undefined && measureStyle !== null && v.label === "" && printedLabel(v.title) === null && b.last() !== null) {
      // Cells of the repeated header's lower row read into the same line as the row's rest (a PDF's «я» under «Джерела
      // фінансуванн», «усього», «2026 рік» beside it) are the header's, not the row's.
      const own = (t: string): string => (headerTexts.has(squash(t)) ? "" : t);
      continueRow({ ...v, source: own(v.source), total: own(v.total), years: v.years.map(own), term: own(v.term), indicator: own(v.indicator) }, row, true);
      continue;
    }
    const nonMoney = v.filled.filter((c) => !moneyCols.has(c.column));
    const first = nonMoney[0]?.text ?? "";
    if (isTotalLabel(first) || (state.afterTotal && /^[-–—]\s*\p{L}/u.test(first))) {
      // The builder's check reads a bare "Всього" as the grand total and anything after it as an executor;
      // "Разом", "Усього за програмою" name no executor, so they are checked as the grand total.
      const scope = subtotalScope(first);
      if (scope !== null) {
        const from = scope === "section" ? state.sectionStart : state.taskStart;
        stated.push({ label: first, ...statedMoney(v), line: row.line, measures: { from, to: measures.length } });
        state.afterTotal = true;
        continue;
      }
      const grandTotal = isTotalLabel(first) && !/(управлін|департамент|відділ|служб|центр|адміністрац|рад[аи]|громад|заклад|установ)/iu.test(first);
      stated.push({ label: grandTotal ? "Всього" : first, ...statedMoney(v), line: row.line });
      state.afterTotal = true;
      continue;
    }
    // A total broken down by source under it («у тому числі:» державний бюджет …, обласний бюджет …) is
    // part of the stated totals, not a money line of the last measure.
    // Its rows may print «х» (not applicable) or «–» in the other columns («Очікуваний результат»): no measure's cells either.
    const beyondMarks = nonMoney.filter((c) => !/^[хx×–—-]$/iu.test(squash(c.text)));
    if (state.afterTotal && (beyondMarks.length === 0 || isHeaderPhrase(first))) continue;
    state.afterTotal = false;

    // A heading merged across the row's text columns that carries its subtotal in the money columns («1. Розвиток
    // водопостачання» over five columns, =SUM over its measures' rows beside it): a heading, numbered above the measures
    // or named as a section, its amounts a subtotal checked against its own measures — never a measure of its own.
    const across = nonMoney.length === 1 && (nonMoney[0]?.span ?? 1) >= 2 ? (nonMoney[0]?.text ?? "") : "";
    if (across !== "" && anyMoney(v) && v.executors === "" && v.term === "" && v.indicator === "" && v.source === "" && measureStyle !== null) {
      const section = sectionHeading(across);
      const p = section === null ? printedLabel(across) : null;
      if (section !== null || (p !== null && labelStyle(p.label) !== measureStyle)) {
        if (section !== null) heading("section", section.label, section.title, row.line);
        else if (p !== null) heading(levelOf(p.label), p.label, p.rest, row.line);
        carried = { label: across, ...statedMoney(v), line: row.line, from: measures.length };
        continue;
      }
    }
    // A heading: one cell (spanning, or in the number or task column), or a number and a title with
    // nothing else whose number is not numbered like the measures.
    if (!hasValues(v) && nonMoney.length === 1) {
      const cell = nonMoney[0];
      const text = cell?.text ?? "";
      const section = sectionHeading(text);
      const task = /^завдання\s*(?:№\s*)?(\d{1,3}(?:\.\d{1,3})*\.?)\s*[.:–—-]?\s*(.*)$/iu.exec(text);
      const p = printedLabel(text);
      const alone = (cell?.span ?? 1) < 2;
      const inTitle = titleCol !== undefined && cell?.column === titleCol.column && alone;
      const inTask = taskCol !== undefined && cell?.column === taskCol.column && alone;
      // A goal numbered under another («Ціль 1.1. …» under «Пріоритет 1. …») is one level down: the task, not a second
      // section beside its parent.
      const goal = namedGoal(text);
      if (section !== null && goal !== null && /\d\.\d/u.test(goal.label)) {
        heading("task", goal.label, goal.rest, row.line);
        continue;
      }
      if (section !== null) {
        heading("section", section.label, section.title, row.line);
        continue;
      }
      if (task !== null) {
        heading("task", task[1] ?? "", task[2] ?? "", row.line);
        continue;
      }
      // A heading typed in bold in the measure's column, the row's other cells (the number too) left empty and
      // nothing merged across («Санітарне очищення території»), in a table whose measures are numbered: an unnumbered
      // measure would not be bold alone (`boldHeading`).
      if (inTitle && boldHeading(v, row, cell?.column ?? -1)) {
        heading(levelOf(""), "", text, row.line);
        continue;
      }
      // On a PDF line an unlabelled lone cell is the rest of the row above, not a heading.
      if (!inTitle && !inTask && !(row.isLine && p === null && alone)) {
        heading(levelOf(p?.label ?? ""), p?.label ?? "", p?.rest ?? text, row.line);
        continue;
      }
    }
    if (!hasValues(v) && taskCol === undefined && v.label !== "" && v.title !== "" && nonMoney.length === 2 && measureStyle !== null && labelStyle(v.label) !== measureStyle) {
      heading(levelOf(v.label), v.label, v.title, row.line);
      continue;
    }
    // A task's row named so in the number column («Завдання 1.» beside its wording), whatever else it carries (its
    // executors, term, source and amounts): the task's heading, never a measure. Its money is the task's, stated once
    // for all its measures, whose own money cells stay empty; it is not a measure's budget.
    const taskInLabel = taskCol === undefined && v.title !== "" ? taskNumbered.exec(squash(v.label)) : null;
    if (taskInLabel !== null) {
      heading("task", taskInLabel[1] ?? "", v.title, row.line);
      continue;
    }
    // A task's row that carries its subtotal: numbered one level above the measures («1.1.» over «1.1.1.»), a title and
    // amounts (=SUM over its measures' rows) and nothing else — no executors, term, source or indicator. A heading, its
    // amounts a subtotal checked against its own measures, never a measure of its own.
    if (carriesSubtotal(v, nonMoney.length)) {
      heading(levelOf(v.label), v.label, v.title, row.line);
      carried = { label: `${v.label} ${v.title}`, ...statedMoney(v), line: row.line, from: measures.length };
      continue;
    }

    // A PDF line with nothing in the number column and no label of its own is the rest of the row above.
    if (row.isLine && b.last() !== null && v.label === "" && printedLabel(v.title) === null) {
      if (v.task !== "") b.appendTaskTitle(v.task);
      continueRow(v, row, true);
      continue;
    }
    // The outer goal level printed as a column merged down: a new cell there opens a section.
    if (sectionCol !== undefined && v.section !== "" && !v.sectionMerged) {
      const named = sectionHeading(v.section) ?? namedGoal(v.section) ?? printedLabel(v.section);
      heading("section", named?.label ?? "", named === null ? v.section : "title" in named ? named.title : named.rest, row.line);
    }
    if (taskCol !== undefined && v.task !== "" && !v.taskMerged) {
      if (row.isLine && v.label === "" && v.title === "") {
        b.appendTaskTitle(v.task);
      } else {
        // The row's number is the task's unless it numbers the measure printed beside the task.
        const own = v.label !== "" && !(labelsNumberMeasures && v.title !== "");
        const p = own ? null : (printedLabel(v.task) ?? (sectionCol === undefined ? null : namedGoal(v.task)));
        heading("task", own ? v.label : (p?.label ?? ""), p !== null ? p.rest : v.task, row.line);
      }
    }
    // A sheet row with no number that holds only a title (and a result), right under a numbered measure in a table whose
    // measures are numbered: the measure's title typed on into the next row where it did not fit, not a measure of its own.
    if (typedOn(v, row)) {
      continueRow(v, row);
      continue;
    }
    // The parts a measure lists under «…, у тому числі:» — objects «– вул. Шевченка (0,85 км)», each with its own amounts,
    // its number and other cells merged down from the measure: the measure's own row holds its money; a part is neither
    // a measure nor a budget line of its own.
    if (state.partsOpen && state.open !== null && v.label === "" && /^[-–—•]\s*\S/u.test(v.title)) continue;
    state.partsOpen = false;
    // A flat export repeats the whole measure on each of its funding rows: a row that repeats the open measure's number
    // and title with another source is that measure's next budget line, not a second measure.
    const open = state.open;
    if (
      open !== null &&
      hasMoney &&
      v.label !== "" &&
      squash(v.label) === open.raw.label &&
      squash(v.title).toLowerCase() === open.raw.firstTitle.toLowerCase() &&
      v.source !== "" &&
      // A row printed twice (a page break repeating it) names a source the measure already has: kept once, as before.
      !open.raw.budget.some((l) => squash(l.source).toLowerCase() === squash(v.source).toLowerCase())
    ) {
      continueRow({ ...v, label: "", title: "", term: "", indicator: "", executors: "" }, row);
      continue;
    }
    if (v.title !== "" && !v.titleMerged) {
      const label = measureLabelOf(v);
      const p = printedLabel(v.title);
      const title = p !== null && p.label === label ? p.rest : v.title;
      if (row.isLine && label === "" && b.last() !== null) continueRow(v, row);
      else {
        start(label, title, v, row);
        state.partsOpen = /(?:(?:у|в)\s+тому\s+числі|в\s*т\.\s*ч\.)\s*:\s*$/iu.test(title);
      }
      continue;
    }
    // A numbered row with an empty title cell still starts a measure; the builder keeps its empty title.
    if (taskCol === undefined && v.label !== "" && hasValues(v) && (!row.isLine || labelStyle(v.label) !== null)) {
      start(v.label, "", v, row);
      continue;
    }
    continueRow(v, row);
  }
  closeCarried();
  if (state.open !== null) settle(state.open);
  return { measures, statedTotals: stated, years: planYears };
};
