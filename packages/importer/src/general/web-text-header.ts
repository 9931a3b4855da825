/**
 * @module The header of a table copied from a web page: a run of short paragraphs that name columns
 * ("Найменування заходу", "Виконавці", "Строк виконання"), a money group over year columns, and the
 * optional column-number paragraphs "1", "2", … "N" under it. Each leaf column gets the kind of value it
 * is expected to hold, which is what lets row rebuilding skip an empty cell instead of shifting left.
 */
import type { Field, GridCell, GridRow } from "./grid.js";
import { matchHeader, sectionHeading } from "./vocabulary.js";
import type { WebParagraph } from "./web-text-paragraphs.js";

/** The kind of value a column holds, as far as placing a paragraph is concerned. */
export type ColumnKind = "label" | "text" | "title" | "executors" | "term" | "source" | "amount" | "any";

/** A leaf column of the header. */
export interface WebColumn {
  readonly header: string;
  readonly field: Field | null;
  readonly kind: ColumnKind;
  readonly line: number;
  /** Index of the money group this column sits under, if any. */
  readonly group?: number;
}

/** A header cell spanning the columns of a money group ("Орієнтовні обсяги фінансування, тис. грн"). */
export interface WebGroup {
  readonly header: string;
  readonly line: number;
  readonly first: number;
  readonly span: number;
}

/** The header found in a web copy: where it starts and ends, its columns and groups, the numbering. */
export interface WebHeader {
  /** Index of the first header paragraph. */
  readonly start: number;
  /** Index of the first paragraph after the header and the column numbering. */
  readonly end: number;
  readonly columns: ReadonlyArray<WebColumn>;
  readonly groups: ReadonlyArray<WebGroup>;
  /** The column-number paragraphs' lines (their count is the column count), when they are printed. */
  readonly numbering: { readonly count: number; readonly lines: ReadonlyArray<number> } | null;
}

const kindOfField = (field: Field | null): ColumnKind => {
  switch (field) {
    case null:
      return "any";
    case "label":
      return "label";
    case "title":
      return "title";
    case "task":
    case "indicator":
    case "ignore":
      return "text";
    case "executors":
      return "executors";
    case "term":
      return "term";
    case "source":
      return "source";
    case "total":
    case "year":
      return "amount";
    default: {
      const _: never = field;
      return _;
    }
  }
};

const maxHeaderLength = 200;
const inTotal = /^(?:у|в)\s+т\.?\s*ч\.?|^(?:у|в)\s+тому\s+числі|^з\s+них/iu;
const bareTotal = /^(?:всього|усього|разом)\s*[:,.]?$/iu;

// A row's first paragraph ("Завдання 1. …", "I. …", "1) …") is never a header cell, whatever words it uses.
const headerLike = (p: WebParagraph): boolean =>
  p.text.length <= maxHeaderLength &&
  p.kind !== "labelled" &&
  p.kind !== "label" &&
  p.kind !== "note" &&
  sectionHeading(p.text) === null &&
  !/^(?:\p{L}+\s+)?(?:завдання|ціль|мета|підпрограма)\s+\d/iu.test(p.text);

interface HeaderCell {
  readonly text: string;
  readonly field: Field | null;
  readonly line: number;
  readonly used: number;
}

// A header cell of several paragraphs ("Строк" + "виконання", "Найменування" + "заходу") is joined
// back when the joined text names the same field, or names one where the parts alone did not.
const cellAt = (ps: ReadonlyArray<WebParagraph>, i: number): HeaderCell | null => {
  const first = ps[i];
  if (first === undefined || !headerLike(first)) return null;
  let text = first.text;
  let used = 1;
  let field = matchHeader(text)?.field ?? null;
  for (let k = 1; k <= 2; k++) {
    const next = ps[i + used];
    if (next === undefined || !headerLike(next) || !/^\p{Ll}/u.test(next.text)) break;
    const own = matchHeader(next.text)?.field ?? null;
    const joined = matchHeader(`${text} ${next.text}`)?.field ?? null;
    if (joined === null || (field !== null && joined !== field)) break;
    // "усього" or "2025" under a money header is a column of its own; "тис. грн" after "…," is the same cell.
    if (own !== null && (bareTotal.test(next.text) || own === "year" || !/[,(]$/.test(text))) break;
    text = `${text}\n${next.text}`;
    field = joined;
    used++;
  }
  if (field === null) return null;
  return { text, field, line: first.line, used };
};

const numberingAt = (ps: ReadonlyArray<WebParagraph>, i: number): number => {
  let n = 0;
  while (ps[i + n]?.text === String(n + 1)) n++;
  return n >= 3 ? n : 0;
};

/**
 * The first table header among the paragraphs: at least three header cells in a row, two of them
 * fields named only by their own words (measure, executors, term …). An unknown short paragraph between
 * header cells is a column whose header the vocabulary does not know.
 *
 * @example findHeader(toParagraphs(webLines("№ з/п\nНайменування заходу\nВиконавці\nСтрок виконання\n1.\n…")))?.columns.length // 4
 */
export const findHeader = (ps: ReadonlyArray<WebParagraph>, from = 0): WebHeader | null => {
  for (let start = from; start < ps.length; start++) {
    const cells: HeaderCell[] = [];
    let i = start;
    while (i < ps.length) {
      const c = cellAt(ps, i);
      if (c !== null) {
        cells.push(c);
        i += c.used;
        continue;
      }
      const p = ps[i];
      if (p === undefined || cells.length === 0) break;
      if (inTotal.test(p.text) && p.text.length <= 60) {
        cells.push({ text: p.text, field: null, line: p.line, used: 1 });
        i += 1;
        continue;
      }
      // One unknown header between known ones, never the numbering's "1".
      const after = cellAt(ps, i + 1);
      if (headerLike(p) && p.text.length <= 60 && p.kind !== "integer" && after !== null && after.field !== "year") {
        cells.push({ text: p.text, field: null, line: p.line, used: 1 });
        i += 1;
        continue;
      }
      break;
    }
    const strong = new Set<Field>();
    for (const c of cells) if (c.field !== null && c.field !== "year" && matchHeader(c.text)?.strength === 2) strong.add(c.field);
    const core = strong.has("title") || strong.has("task") || strong.has("executors") || strong.has("term");
    if (cells.length >= 3 && strong.size >= 2 && core) {
      const found = build(ps, start, i, inRowOrder(cells));
      // A caption over the table ("Завдання і заходи") reads like a header cell too: when the printed
      // column numbers count one column fewer, the header starts after it.
      // So is a caption the header then names again: a table's header names each field once, so a first cell whose
      // field a later cell names in its own words («ЗАВДАННЯ І ЗАХОДИ з виконання …» over «Найменування завдання»,
      // «Найменування заходу») is the caption, and the header starts after it.
      const later = tooWide(found) || namedAgain(cells) ? findHeader(ps, start + 1) : null;
      return later !== null && later.start <= start + 2 && !tooWide(later) ? later : found;
    }
  }
  return null;
};

const tooWide = (h: WebHeader): boolean => h.numbering !== null && h.columns.length > h.numbering.count;

const namedAgain = (cells: ReadonlyArray<HeaderCell>): boolean => {
  const [first, ...rest] = cells;
  if (first === undefined || first.field === null || first.field === "year" || first.field === "total") return false;
  // A caption runs on over a second paragraph («з виконання …») or stands in capitals, as a heading does.
  const caption = first.used >= 2 || (/\p{L}+\s+\p{L}+/u.test(first.text) && first.text === first.text.toUpperCase());
  if (!caption) return false;
  return rest.some((c) => c.field === first.field && matchHeader(c.text)?.strength === 2);
};

const isGroupLeaf = (c: HeaderCell): boolean => c.field === "year" || bareTotal.test(c.text);

/**
 * A two-row header copied row by row: the first row's cells all come first, the money group's cell in its
 * place ("… обсяг фінансування" between "Джерела фінансування" and "Очікуваний результат"), then the second
 * row's cells ("усього", "2024", …). The second row's years belong under the group, so they are moved to
 * follow it, as they stand in the printed table.
 */
const inRowOrder = (cells: ReadonlyArray<HeaderCell>): HeaderCell[] => {
  let runStart = cells.length;
  while (runStart > 0 && isGroupLeaf(cells[runStart - 1] as HeaderCell)) runStart--;
  if (runStart === cells.length) return [...cells];
  const group = cells.findIndex((c, k) => k < runStart - 1 && c.field === "total" && !bareTotal.test(c.text) && !isGroupLeaf(cells[k + 1] as HeaderCell));
  const between = cells.slice(group + 1, runStart);
  if (group < 0 || between.some((c) => c.field === "total" || isGroupLeaf(c))) return [...cells];
  // Only «у тому числі за роками» between the money header and the years: the phrase heads them, already in order.
  if (between.every((c) => c.field === null && inTotal.test(c.text))) return [...cells];
  // «У тому числі за роками» right after the money header heads the years wherever the copy put them (after «Індикатор
  // виконання»): it stays with the header, the years go under it, and the cells after the phrase follow the years.
  const phrases = between.findIndex((c) => !(c.field === null && inTotal.test(c.text)));
  return [...cells.slice(0, group + 1), ...between.slice(0, phrases), ...cells.slice(runStart), ...between.slice(phrases)];
};

/** The run of money leaves (years, «усього») from `k` on. */
const leavesAfter = (cells: ReadonlyArray<HeaderCell>, k: number): HeaderCell[] => {
  const out: HeaderCell[] = [];
  for (let i = k; i < cells.length && isGroupLeaf(cells[i] as HeaderCell); i++) out.push(cells[i] as HeaderCell);
  return out;
};

const build = (ps: ReadonlyArray<WebParagraph>, start: number, end: number, cells: ReadonlyArray<HeaderCell>): WebHeader => {
  const columns: WebColumn[] = [];
  const groups: Array<{ header: string; line: number; first: number; span: number }> = [];
  let open: { header: string; line: number; first: number; span: number } | null = null;
  for (let k = 0; k < cells.length; k++) {
    const c = cells[k];
    if (c === undefined) continue;
    const isYear = c.field === "year";
    const isBareTotal = bareTotal.test(c.text);
    if (open !== null && (isYear || isBareTotal)) {
      columns.push({ header: c.text, field: c.field, kind: "amount", line: c.line, group: groups.length });
      open.span++;
      continue;
    }
    if (open !== null && c.field === null && inTotal.test(c.text)) {
      open.header = `${open.header}\n${c.text}`;
      continue;
    }
    if (open !== null) {
      if (open.span > 0) groups.push(open);
      open = null;
    }
    const next = cells[k + 1];
    const opensGroup =
      c.field === "total" &&
      !isBareTotal &&
      next !== undefined &&
      (next.field === "year" || bareTotal.test(next.text) || (next.field === null && inTotal.test(next.text)));
    if (opensGroup) {
      // «Прогнозний обсяг …, тис. гривень» then «У тому числі за роками» over years with no «усього» among them: the
      // volume is the total's own column (merged down beside the years in print), the phrase heads the years.
      if (next.field === null && inTotal.test(next.text) && !leavesAfter(cells, k + 2).some((leaf) => bareTotal.test(leaf.text))) {
        columns.push({ header: c.text, field: c.field, kind: "amount", line: c.line });
      }
      open = { header: c.text, line: c.line, first: columns.length, span: 0 };
      continue;
    }
    // "у тому числі" with no money group open belongs to the cell before it.
    if (c.field === null && inTotal.test(c.text) && columns.length > 0) {
      const last = columns.pop();
      if (last !== undefined) columns.push({ ...last, header: `${last.header}\n${c.text}` });
      continue;
    }
    columns.push({ header: c.text, field: c.field, kind: kindOfField(c.field), line: c.line });
  }
  if (open !== null && open.span > 0) groups.push(open);
  const count = numberingAt(ps, end);
  const numbering = count > 0 ? { count, lines: ps.slice(end, end + count).map((p) => p.line) } : null;
  // The numbering is the printed column count: trust it over the header words when they disagree.
  if (numbering !== null) {
    while (columns.length < numbering.count) columns.push({ header: "", field: null, kind: "any", line: numbering.lines[0] ?? 0 });
  }
  return { start, end: end + count, columns, groups, numbering };
};

const cell = (text: string, line: number, colSpan = 1, continuesAbove = false): GridCell =>
  continuesAbove ? { text, colSpan, continuesAbove, place: { line } } : { text, colSpan, place: { line } };

/**
 * The header as grid rows, as Word would hold them: with a money group, a first row where the group's
 * cell spans its year columns and a second row with the years (the other columns merged down), then the
 * column-number row when printed.
 *
 * @example headerRows(header).length // 3 for a group header with numbering
 */
export const headerRows = (h: WebHeader): GridRow[] => {
  const rows: GridRow[] = [];
  const firstLine = h.columns[0]?.line ?? 0;
  if (h.groups.length === 0) {
    rows.push({ cells: h.columns.map((c) => cell(c.header, c.line)), place: { line: firstLine } });
  } else {
    const top: GridCell[] = [];
    const bottom: GridCell[] = [];
    for (let k = 0; k < h.columns.length; k++) {
      const c = h.columns[k];
      if (c === undefined) continue;
      const g = c.group === undefined ? undefined : h.groups[c.group];
      if (g === undefined) {
        top.push(cell(c.header, c.line));
        bottom.push(cell("", c.line, 1, true));
        continue;
      }
      if (g.first === k) top.push(cell(g.header, g.line, g.span));
      bottom.push(cell(c.header, c.line));
    }
    rows.push({ cells: top, place: { line: firstLine } });
    rows.push({ cells: bottom, place: { line: h.groups[0]?.line ?? firstLine } });
  }
  if (h.numbering !== null) {
    const lines = h.numbering.lines;
    rows.push({ cells: lines.map((line, k) => cell(String(k + 1), line)), place: { line: lines[0] ?? 0 } });
  }
  return rows;
};
