/**
 * @module The general table reader: one reader for every plan of measures whatever its container (Word,
 * Excel, PDF, a web copy) and its column vocabulary. It chooses the measures table among the document's
 * tables (joining the pages of a table broken across pages), recognises its columns, reads its rows into
 * the same `PlanBuilder` the seed layouts feed, reads the preamble's facts, and reports beside the plan how
 * it read each column and where every measure came from.
 */
import type { PlanDocument } from "@planledger/domain";
import { Either } from "effect";
import { abbreviationKey, withFullNames } from "../facts/abbreviations.js";
import { where } from "../facts/anomalies.js";
import { consentFootnote } from "../facts/executors.js";
import { type PreambleLine, readHeader } from "../facts/header.js";
import { checkIssuerSpelling } from "../facts/issuer-spelling.js";
import { UnrecognisedDocument } from "../errors.js";
import { PlanBuilder } from "../plan-builder.js";
import { joinColumnPages } from "./column-pages.js";
import { type ColumnReading, expandRow, filledCells, findHeader, recogniseColumns, type Slot, tableWidth } from "./columns.js";
import { type ColumnAssignment, type ColumnRole, describePlace, type GridTable, type MeasureProvenance, type Paragraph, type ReadDocument, type Reading } from "./grid.js";
import { type BodyRow, readRows } from "./table-rows.js";
import { squash } from "../text/clean.js";
import { moneyUnit } from "../facts/budget.js";
import { printedLabel, sectionHeading } from "./vocabulary.js";

/** How to read: a person's column assignment overrides the recognition. */
export interface ReadTableOptions {
  readonly columns?: ColumnAssignment;
}

interface Candidate {
  readonly index: number;
  readonly table: GridTable;
  readonly width: number;
  readonly slots: ReadonlyArray<ReadonlyArray<Slot>>;
  readonly reading: ColumnReading;
}

const has = (columns: ReadonlyArray<ColumnRole>, field: ColumnRole["field"]): boolean => columns.some((c) => c.field === field);

// A measures table names its measures and at least their term or executors; money and indicators add weight.
const scoreOf = (columns: ReadonlyArray<ColumnRole>): number =>
  (has(columns, "title") ? 4 : 0) +
  (has(columns, "term") ? 2 : 0) +
  (has(columns, "executors") ? 2 : 0) +
  (has(columns, "indicator") ? 1 : 0) +
  (has(columns, "year") || has(columns, "total") ? 1 : 0) +
  (has(columns, "task") ? 0.5 : 0) +
  (has(columns, "label") ? 0.5 : 0);

const usable = (columns: ReadonlyArray<ColumnRole>): boolean => has(columns, "title") && (has(columns, "term") || has(columns, "executors"));

const quote = (list: ReadonlyArray<string>): string => (list.length === 0 ? "—" : list.map((h) => `«${h}»`).join(", "));

const unrecognised = (c: Candidate | undefined): UnrecognisedDocument => {
  const columns = c?.reading.columns ?? [];
  const headers = [...(c?.reading.headers ?? [])];
  const unplaced = [...(c?.reading.unplaced ?? [])];
  const [uk, en] = !has(columns, "title")
    ? ["немає колонки з назвою заходу", "no measure-title column"]
    : ["є лише назва заходу, без строку й виконавців", "only the measure title, no term or executors"];
  return new UnrecognisedDocument({
    reason: `Колонки таблиці не розпізнано (${uk}): заголовки ${quote(headers)}; не розміщено ${quote(unplaced)} — призначте колонки вручну / the table's columns could not be mapped (${en}): headers ${quote(headers)}; unplaced ${quote(unplaced)}; assign the columns by hand`,
    headers,
    unplaced,
    // What the reader could place (by header or content), for a person to start from.
    proposed: columns.filter((r) => r.field !== "ignore").map((r) => ({ column: r.column, field: r.field, ...(r.year === undefined ? {} : { year: r.year }) })),
  });
};

const sameHeader = (a: ReadonlyArray<ReadonlyArray<string>>, b: ReadonlyArray<ReadonlyArray<string>>): boolean =>
  a.length === b.length && a.every((parts, i) => parts.join(" / ").toLowerCase() === (b[i] ?? []).join(" / ").toLowerCase());

/**
 * Reads the plan of measures in a format-neutral document.
 *
 * @example
 * const read = readPlanTable(doc);
 * if (Either.isRight(read)) read.right.reading.columns.map((c) => c.field); // ["label", "title", "executors", "term"]
 */
export const readPlanTable = (
  doc: ReadDocument,
  options: ReadTableOptions = {},
): Either.Either<{ document: PlanDocument; reading: Reading }, UnrecognisedDocument> => {
  // Tables found under another in one grid: the captions above their header («Додаток 2», «Напрями діяльності
  // та заходи …») are the plan's heading, as the paragraphs above a table of its own would be.
  const splitOff = new Set<GridTable>();
  // A sheet printed over pages by columns is one table again, its pages side by side.
  const candidates: Candidate[] = joinColumnPages(doc.tables)
    .flatMap((table) => {
      const pieces = splitStacked(table);
      for (const piece of pieces.slice(1)) splitOff.add(piece);
      return pieces;
    })
    .map((table, index) => {
      const width = tableWidth(table);
      const slots = table.rows.map((r) => expandRow(r, width));
      return { index, table, width, slots, reading: recogniseColumns(slots, undefined, table.rowsAreLines) };
    })
    .filter((c) => c.width > 0);
  if (candidates.length === 0) {
    return Either.left(new UnrecognisedDocument({ reason: "у документі немає таблиць / the document has no tables", headers: [], unplaced: [] }));
  }
  const byScore = (x: Candidate, y: Candidate) => scoreOf(y.reading.columns) - scoreOf(x.reading.columns) || y.table.rows.length - x.table.rows.length;
  const assignment = options.columns;
  let chosen: Candidate | undefined;
  if (assignment !== undefined && assignment.length > 0) {
    const widest = Math.max(...assignment.map((a) => a.column));
    const fitting = candidates.filter((c) => c.width > widest).sort(byScore);
    const base = fitting.find((c) => usable(c.reading.columns)) ?? fitting[0];
    if (base !== undefined) chosen = { ...base, reading: recogniseColumns(base.slots, assignment, base.table.rowsAreLines) };
    if (chosen === undefined || !has(chosen.reading.columns, "title")) return Either.left(unrecognised(chosen ?? base));
  } else {
    const ranked = [...candidates].sort(byScore);
    chosen = ranked.find((c) => usable(c.reading.columns));
    if (chosen === undefined) return Either.left(unrecognised(ranked[0]));
  }

  // A table broken across pages is read from its first page, whichever page holds the most rows (a plan under an
  // order's text starts low on the order's page): the tables before the chosen one that it continues come first.
  if (assignment === undefined || assignment.length === 0) chosen = firstPart(firstPage(chosen, candidates), candidates, doc.paragraphs);
  // The pages of a table broken across pages: the next tables of the same width, headed the same or not at all.
  const header = findHeader(chosen.slots, chosen.table.rowsAreLines);
  const parts = tables(chosen, candidates, header.parts, doc.paragraphs);
  // Anomalies cite a line: the printed line where the format has lines, else the row counted through all
  // the pages of the table, so they stay in document order (the measure's provenance names the exact place).
  let offset = 0;
  const typedBySection = parts.some(({ candidate }, part) => {
    const previous = parts[part - 1]?.candidate.table;
    return previous !== undefined && headingsBetween(doc.paragraphs, previous, candidate.table).length > 0;
  });
  // A part headed with its own header (a sheet per year, a table on another topic) is read with its own columns: the
  // parts are read in groups, each group a table and the pages that continue it.
  let group = 0;
  const groups: Array<{ reading: ColumnReading; header: ReadonlyArray<ReadonlyArray<string>>; printed: ReadonlyArray<string>; rows: BodyRow[] }> = [];
  parts.forEach(({ candidate, own }) => {
    if (groups.length === 0 || own === true) {
      const found = findHeader(candidate.slots, candidate.table.rowsAreLines);
      // The header's cells as printed too: a page's repeated header is told by them (a word broken at a narrow cell's
      // border, «Джерела фінансуванн» over «я», is one part of the header but two cells on every page).
      const printed = candidate.slots.slice(0, found.end).flatMap((slots) => filledCells(slots).map(({ slot }) => squash(slot.text)));
      groups.push({ reading: groups.length === 0 ? chosen.reading : candidate.reading, header: found.parts, printed, rows: [] });
    }
  });
  const body: BodyRow[] = parts.flatMap(({ candidate, skip, own }, part) => {
    if (own === true) group++;
    const previous = parts[part - 1]?.candidate.table;
    const headings =
      previous === undefined ? (typedBySection ? headingAbove(doc.paragraphs, candidate.table) : []) : headingsBetween(doc.paragraphs, previous, candidate.table);
    const rows = [
      ...headings.map((p) => ({ slots: expandRow({ cells: [{ text: p.text, colSpan: candidate.width, place: p.place }], place: p.place }, candidate.width), place: p.place })),
      ...candidate.slots.slice(skip).map((slots, k) => ({ slots, place: candidate.table.rows[skip + k]?.place ?? candidate.table.place })),
    ].map(({ slots, place }, k) => ({
      slots,
      place,
      line: place.line ?? offset + skip + k + 1,
      isLine: candidate.table.rowsAreLines,
      mergesLost: candidate.table.mergesLost === true,
      bordered: candidate.table.bordered === true,
      ...(part > 0 && k === 0 ? { continuesTable: true } : {}),
    }));
    offset += candidate.table.rows.length;
    groups[group]?.rows.push(...rows);
    return rows;
  });
  const b = new PlanBuilder();
  // «* За згодою.» under the table (or in its last row) explains the mark after some executors' names.
  const footnotes = [...doc.paragraphs.map((p) => p.text), ...body.flatMap((r) => (filledCells(r.slots).length === 1 ? [filledCells(r.slots)[0]?.slot.text ?? ""] : []))];
  const consentMark = footnotes.map(consentFootnote).find((m) => m !== null) ?? undefined;
  // The unit of the money printed once, on a line of its own above the table: «(грн)», «(тис. грн)», «млн грн».
  // Or said in a footnote under it, the money header carrying its mark: «* Обсяги фінансування наведено в мільйонах гривень».
  const unitLine =
    doc.paragraphs.map((p) => squash(p.text)).find((t) => /^\(?\s*(?:тис\.?\s*|млн\.?\s*)?(?:грн|гривень)\.?\s*\)?$/iu.test(t)) ??
    doc.paragraphs.map((p) => unitInFootnote.exec(squash(p.text))?.[1]).find((u) => u !== undefined);
  const rowsOptions = {
    ...(consentMark === undefined ? {} : { consentMark }),
    ...(unitLine === undefined ? {} : { moneyUnit: moneyUnit(unitLine) }),
  };
  // Parts read with columns of their own may name different years (a sheet per year): first the years of each, read
  // aside, then every part with the plan's years, so an amount keeps its year whichever part printed it.
  const planYears =
    groups.length < 2
      ? undefined
      : [...new Set(groups.flatMap((g) => readRows(g.rows, g.reading.columns, new Set([...g.header.flat(), ...g.printed]), new PlanBuilder(), rowsOptions).years))].sort((x, y) => x - y);
  const reads = groups.map((g) => readRows(g.rows, g.reading.columns, new Set([...g.header.flat(), ...g.printed]), b, planYears === undefined ? rowsOptions : { ...rowsOptions, planYears }));
  const read = {
    measures: reads.flatMap((r) => r.measures),
    // A part's totals cover that part's measures («Разом на 2027 рік» under its sheet's list), counted through the plan.
    statedTotals: reads.flatMap((r, k) => {
      const base = reads.slice(0, k).reduce((n, x) => n + x.measures.length, 0);
      if (reads.length < 2) return r.statedTotals;
      return r.statedTotals.map((t) => ({ ...t, measures: t.measures === undefined ? { from: base, to: base + r.measures.length } : { from: t.measures.from + base, to: t.measures.to + base } }));
    }),
    years: [...new Set(reads.flatMap((r) => r.years))].sort((x, y) => x - y),
  };
  if (!b.hasMeasures()) {
    return Either.left(
      new UnrecognisedDocument({
        reason: "таблиця без жодного заходу / a table without any measure",
        headers: [...chosen.reading.headers],
        unplaced: [...chosen.reading.unplaced],
      }),
    );
  }

  const firstYear = Math.min(...read.years);
  const lastYear = Math.max(...read.years);
  const period = read.years.length > 0 ? { from: firstYear, to: lastYear } : undefined;
  const termless = !has(chosen.reading.columns, "term") && !chosen.reading.columns.some((c) => c.alsoTerm !== undefined) && period !== undefined;
  if (termless && period !== undefined) {
    b.anomalies.add(
      "term-from-period",
      where([]),
      `Колонки строків немає: заходи виконуються впродовж ${period.from}–${period.to} (колонки років) / no term column; measures run over the years of the budget columns`,
    );
  }
  const inferred = chosen.table.headerInferred === true;
  if (inferred) {
    b.anomalies.add(
      "header-inferred",
      where([], chosen.table.place.line),
      "Заголовка таблиці не надруковано: поля пунктів визначено за їхнім місцем (номер і текст, виконавці, строк) — перевірте / no header row printed: the fields of each point taken by their place — check them",
    );
  }
  const captions = splitOff.has(chosen.table)
    ? chosen.slots.slice(0, chosen.reading.headerEnd).flatMap((slots, r) => {
        const cells = filledCells(slots);
        const place = chosen?.table.rows[r]?.place;
        return cells.length === 1 ? [{ text: cells[0]?.slot.text ?? "", place: place ?? {} }] : [];
      })
    : [];
  const preamble: PreambleLine[] = [...doc.preamble, ...captions].map((p, i) => ({ text: p.text, line: p.place.line ?? p.place.row ?? i + 1 }));
  const planHeader = readHeader(preamble, b.anomalies, period);
  const texts = [...doc.paragraphs.map((p) => p.text), ...parts.flatMap(({ candidate }) => candidate.table.rows.flatMap((r) => r.cells.map((c) => c.text)))];
  checkIssuerSpelling(planHeader.issuer, texts, b.anomalies);
  const { from: planFrom, to: planTo } = planHeader.period;
  const termYears = planFrom !== null && planTo !== null && planFrom <= planTo ? { from: planFrom, to: planTo } : undefined;
  // Executors printed by short names a key above or under the table explains are named by their full wording.
  const key = abbreviationKey(doc.paragraphs.map((p) => p.text));
  const document = withFullNames(
    b.finish(planHeader, { years: read.years, statedTotals: read.statedTotals, termless, ...(termYears === undefined ? {} : { termYears }) }),
    key,
  );
  const measures = withYearsFromPeriod(read.measures, document);

  const described = parts.map(({ candidate }) => describePlace(candidate.table.place) || `таблиця ${candidate.index + 1}`);
  const reading: Reading = {
    format: doc.format,
    table: described.length === 1 ? (described[0] ?? "") : `${described[0]} (продовження / continued: ${described.slice(1).join(", ")})`,
    columns: inferred
      ? chosen.reading.columns.map((c) => ({
          ...c,
          confidence: "medium" as const,
          because: `заголовка не надруковано: поле за місцем у пункті / no header printed: the field by its place in each point`,
        }))
      : chosen.reading.columns,
    unplaced: chosen.reading.unplaced,
    assigned: assignment !== undefined && assignment.length > 0,
    measures,
  };
  return Either.right({ document, reading });
};

// A footnote that names the unit of the amounts: «* Обсяги фінансування наведено в мільйонах гривень; …».
const unitInFootnote =
  /^(?:\*{1,3}|примітк[аи]\s*[.:]?)\s*(?:\p{L}+\s+){0,4}?(?:наведено|зазначено|вказано|подано|визначено|передбачено)\s+(?:у|в)\s+(тисячах\s+гривень|тис\.?\s*грн|мільйонах\s+гривень|млн\.?\s*грн|гривнях)/iu;

/**
 * A paragraph that reads as a heading of the plan: «I. …», «Розділ 2. …», «Стратегічна ціль 1. …», or a printed
 * label and a title opening in capitals («1. Національно-патріотичне виховання»). «Продовження додатка 1» does not.
 *
 * @example readsAsHeading("2. Підтримка молодіжних ініціатив") // true
 * @example readsAsHeading("Продовження додатка") // false
 */
export const readsAsHeading = (text: string): boolean => {
  if (sectionHeading(text) !== null) return true;
  const label = printedLabel(text);
  return label !== null && label.closing !== ")" && /^[\p{Lu}«"“]/u.test(label.rest) && text.length <= 300 && !/[;:,]$/u.test(text.trim());
};

/**
 * A plan typed section by section — a Word table per section, its heading a paragraph printed between two tables
 * (bold, centred, outside the grid): a paragraph between two parts of the plan's table that reads as a heading is a
 * row across the table at that place, as if printed inside it. Other paragraphs there («Продовження додатка») stay
 * out of the plan.
 *
 * @example headingsBetween(doc.paragraphs, doc.tables[0], doc.tables[1]).map((p) => p.text) // ["1. Національно-патріотичне виховання"]
 */
export const headingsBetween = (paragraphs: ReadonlyArray<Paragraph>, before: GridTable, after: GridTable): Paragraph[] =>
  between(paragraphs, before, after).filter((p) => readsAsHeading(p.text));

/**
 * The first section's heading of a plan typed section by section, where it stands above the first part's header — the
 * last line before that table (a workbook kept a sheet per section: «Розділ 1. …» under the programme's title, over the
 * header repeated on every sheet). Read only when the later parts are headed so too (`headingsBetween`).
 *
 * @example headingAbove(doc.paragraphs, doc.tables[0]).map((p) => p.text) // ["Розділ 1. Утримання доріг"]
 */
export const headingAbove = (paragraphs: ReadonlyArray<Paragraph>, first: GridTable): Paragraph[] => {
  const at = first.place.table;
  if (at === undefined) return [];
  const last = paragraphs.filter((p) => (p.afterTable ?? 0) === at - 1).at(-1);
  return last !== undefined && readsAsHeading(last.text) ? [last] : [];
};

/** The paragraphs printed between two tables of a document that interleaves them (a Word document). */
const between = (paragraphs: ReadonlyArray<Paragraph>, before: GridTable, after: GridTable): Paragraph[] => {
  const from = before.place.table;
  const to = after.place.table;
  if (from === undefined || to === undefined || to <= from) return [];
  return paragraphs.filter((p) => p.afterTable !== undefined && p.afterTable >= from && p.afterTable < to);
};

const isBlank = (slots: ReadonlyArray<Slot>): boolean => slots.every((s) => s.text === "");

/**
 * Tables printed one under the other in one grid (an Excel sheet holding an annex's resource summary and,
 * under it, the measures; a Word table that goes on into a second one): an empty row followed by a header of
 * its own (captions such as «Додаток 2» above it allowed) starts another table. Each is then judged alone.
 *
 * @example splitStacked(sheet).length // 2: «Ресурсне забезпечення …» and «Напрями діяльності та заходи …»
 */
export const splitStacked = (table: GridTable): GridTable[] => {
  const width = tableWidth(table);
  const slots = table.rows.map((r) => expandRow(r, width));
  const top = findHeader(slots, table.rowsAreLines);
  const out: GridTable[] = [];
  let from = 0;
  const isCaption = (row: ReadonlyArray<Slot>): boolean => {
    const cells = filledCells(row);
    return cells.length === 1 && (cells[0]?.slot.span ?? 1) >= width - 1 && sectionHeading(cells[0]?.slot.text ?? "") === null && printedLabel(cells[0]?.slot.text ?? "") === null;
  };
  for (let r = Math.max(top.end, 1); r < slots.length - 1; r++) {
    const row = slots[r] ?? [];
    const above = slots[r - 1] ?? [];
    // After an empty row the next table starts below it; a caption («Додаток 2») right under the last row starts it.
    const blank = isBlank(row) && !isBlank(above);
    if (!blank && !(isCaption(row) && !isBlank(above) && !isCaption(above))) continue;
    const next = findHeader(slots.slice(blank ? r + 1 : r), table.rowsAreLines);
    if (!next.known || next.end === 0) continue;
    const heads = new Set(next.parts.filter((p) => p.length > 0).map((p) => p.join(" / "))).size;
    if (heads < 2 || sameHeader(next.parts, top.parts)) continue;
    out.push({ ...table, rows: table.rows.slice(from, r) });
    from = blank ? r + 1 : r;
  }
  if (from === 0) return [table];
  out.push({ ...table, rows: table.rows.slice(from) });
  return out;
};

// The title of a list that explains the plan's short names: «Перелік скорочень», «Список умовних скорочень»,
// «Перелік використаних абревіатур», «Умовні позначення», «Скорочення:».
const glossaryTitle = /^(?:(?:перелік|список)\s+(?:\p{L}+\s+)?(?:скорочень|абревіатур|позначень)|(?:умовні\s+)?(?:скорочення|позначення))[:.]?$/iu;

/**
 * The title of a list of abbreviations printed under a plan to explain the short names of its executors.
 *
 * @example isGlossaryTitle("Перелік скорочень") // true
 * @example isGlossaryTitle("Продовження додатка") // false
 */
export const isGlossaryTitle = (text: string): boolean => glossaryTitle.test(squash(text));

// A short name as a list of abbreviations prints it: capitals, digits, «№» («ВСЗН РДА», «СЮП ВП № 2 РУП», «ОЦСССДМ»).
const abbreviation = /^(?=.*\p{Lu}.*\p{Lu})[\p{Lu}\d№'’ʼ.\s-]{2,30}$/u;

/**
 * A table that is a list of abbreviations, not measures: every row two texts, a short name in capitals and its full
 * name, longer («ВСЗН РДА» — «відділ соціального захисту населення …»).
 *
 * @example readsAsGlossary(glossaryTable.rows.map((r) => expandRow(r, 5))) // true: «ОМС» | «органи місцевого самоврядування …»
 */
export const readsAsGlossary = (slots: ReadonlyArray<ReadonlyArray<Slot>>): boolean => {
  const rows = slots.map((row) => filledCells(row).map((c) => squash(c.slot.text))).filter((cells) => cells.length > 0);
  return (
    rows.length >= 2 &&
    rows.every((cells) => cells.length === 2 && abbreviation.test(cells[0] ?? "") && (cells[1] ?? "").length > (cells[0] ?? "").length && !abbreviation.test(cells[1] ?? ""))
  );
};

/**
 * The first page of the table the chosen one belongs to: the tables right before it, of its width, under the same
 * header printed again (a header of one row or more), that can be read as a plan themselves.
 */
const firstPage = (chosen: Candidate, all: ReadonlyArray<Candidate>): Candidate => {
  const header = findHeader(chosen.slots, chosen.table.rowsAreLines);
  if (header.end === 0) return chosen;
  let first = chosen;
  for (;;) {
    const previous = all.find((c) => c.index === first.index - 1);
    if (previous === undefined || previous.width !== chosen.width || !usable(previous.reading.columns)) return first;
    const own = findHeader(previous.slots, previous.table.rowsAreLines);
    if (own.end === 0 || !sameHeader(own.parts, header.parts)) return first;
    first = previous;
  }
};

/**
 * The first part of a plan printed as several tables, each with a header of its own (a table per topic under its own
 * heading, a sheet per year): the tables right before the chosen one that it would continue as its own part.
 */
const firstPart = (chosen: Candidate, all: ReadonlyArray<Candidate>, paragraphs: ReadonlyArray<Paragraph>): Candidate => {
  let first = chosen;
  for (;;) {
    const previous = all.find((c) => c.index === first.index - 1);
    if (previous === undefined || !usable(previous.reading.columns)) return first;
    const header = findHeader(previous.slots, previous.table.rowsAreLines);
    if (header.end === 0 || !ownPart(first, findHeader(first.slots, first.table.rowsAreLines), header.parts, previous, paragraphs)) return first;
    first = firstPage(previous, all);
  }
};

/** The chosen table and the tables after it that continue it, each with the rows to skip at its top. */
const tables = (
  chosen: Candidate,
  all: ReadonlyArray<Candidate>,
  parts: ReadonlyArray<ReadonlyArray<string>>,
  paragraphs: ReadonlyArray<Paragraph>,
): Array<{ candidate: Candidate; skip: number; own?: true }> => {
  const out: Array<{ candidate: Candidate; skip: number; own?: true }> = [{ candidate: chosen, skip: chosen.reading.headerEnd }];
  let header = parts;
  for (let i = all.indexOf(chosen) + 1; i < all.length; i++) {
    const next = all[i];
    if (next === undefined || next.index !== (out[out.length - 1]?.candidate.index ?? -2) + 1) break;
    // A list of the abbreviations the plan uses, printed under it as a table of its own (often of the same width, its
    // cells merged), is no part of the plan: its title between the two tables, or its rows' shape, says so.
    const previous = out[out.length - 1]?.candidate;
    if (previous !== undefined && between(paragraphs, previous.table, next.table).some((p) => isGlossaryTitle(p.text))) break;
    if (readsAsGlossary(next.slots)) break;
    const own = findHeader(next.slots, next.table.rowsAreLines);
    if (next.width === chosen.width && own.end > 0 && sameHeader(own.parts, header)) out.push({ candidate: next, skip: own.end });
    else if (previous !== undefined && ownPart(next, own, header, previous, paragraphs)) {
      out.push({ candidate: next, skip: own.end, own: true });
      header = own.parts;
    } else if (next.width !== chosen.width || own.known) break;
    else out.push({ candidate: next, skip: 0 });
  }
  return out;
};

// A year in a header, for comparing the headers of an annex kept one sheet per year («… у 2026 році» / «… у 2027 році»).
const yearless = (parts: ReadonlyArray<ReadonlyArray<string>>): string[][] => parts.map((p) => p.map((h) => h.replace(/(?<!\d)(?:19|20)\d{2}(?!\d)/gu, "#")));

/** The measure numbers a table prints in its number column, in order, as whole numbers («4.» → 4); empty when it has none. */
const measureNumbers = (c: Candidate): number[] => {
  const label = c.reading.columns.find((col) => col.field === "label");
  if (label === undefined) return [];
  return c.slots.slice(c.reading.headerEnd).flatMap((slots) => {
    const slot = slots[label.column];
    const p = slot?.first === true ? printedLabel(`${squash(slot.text)} x`) : null;
    return p !== null && p.depth === 1 && /^\d+\.?$/u.test(p.label) ? [Number.parseInt(p.label, 10)] : [];
  });
};

/**
 * The next table's measures are numbered on from the last of the previous table's («1.»–«4.» there, «5.» first here): one
 * plan printed as two tables on different grids (the measures that need money in a table with money columns of its own).
 */
const numberedOn = (previous: Candidate, next: Candidate): boolean => {
  const before = measureNumbers(previous);
  const after = measureNumbers(next);
  const last = before[before.length - 1];
  return last !== undefined && before.length >= 2 && after[0] === last + 1;
};

/**
 * A table after the plan's table, headed with its own header, that is another part of the same plan read with its own
 * columns: the same header but for the year it names (an annex kept one sheet per year), or a table of measures on another
 * topic under its own heading («II. Заходи …, що потребують фінансування», a paragraph between the two tables).
 */
const ownPart = (
  next: Candidate,
  own: ReturnType<typeof findHeader>,
  header: ReadonlyArray<ReadonlyArray<string>>,
  previous: Candidate,
  paragraphs: ReadonlyArray<Paragraph>,
): boolean =>
  own.known &&
  own.end > 0 &&
  usable(next.reading.columns) &&
  ((sameHeader(yearless(own.parts), yearless(header)) && !sameHeader(own.parts, header)) ||
    between(paragraphs, previous.table, next.table).some((p) => sectionHeading(p.text) !== null) ||
    numberedOn(previous, next));

/**
 * A term the rows could not read alone ("I кв.") but the builder read with the plan's year: its confidence is
 * medium, and its note says where the year came from. Provenance and measures are both in document order.
 */
const withYearsFromPeriod = (measures: ReadonlyArray<MeasureProvenance>, document: PlanDocument): ReadonlyArray<MeasureProvenance> => {
  const terms = document.sections.flatMap((s) => s.tasks.flatMap((t) => t.measures.map((m) => m.term)));
  if (terms.length !== measures.length) return measures;
  return measures.map((m, i) => {
    const term = m.fields.term;
    if (term === undefined || term.confidence !== "low" || terms[i]?.kind === "unparsed" || terms[i]?.text === "") return m;
    return { ...m, fields: { ...m.fields, term: { confidence: "medium" as const, note: "рік узято з періоду плану / the year is the plan's period" } } };
  });
};
