/**
 * @module Which field each column of a plan table holds: read from the header rows (several rows, merged
 * cells: "Обсяги фінансування, тис. грн" over "2024", "2025 рік"), else from the shape of the values under
 * the column, else from a person's assignment. Every column gets a role, a confidence and the reason.
 */
import { squash } from "../text/clean.js";
import type { ColumnAssignment, ColumnRole, Confidence, Field, GridRow, GridTable, Place } from "./grid.js";
import {
  isEstimateHeader,
  isColumnNumbering,
  isFundingSourceHeader,
  isYearMark,
  isHeaderPhrase,
  isTotalLabel,
  matchHeader,
  printedLabel,
  leadingLabel,
  withoutTranslation,
  sectionHeading,
  shapeOf,
  type ValueShape,
} from "./vocabulary.js";

/** One grid column of a row: the cell that covers it, as a table reader sees it. */
export interface Slot {
  /** The covering cell's text, squashed per line; the same in every column the cell covers. */
  readonly text: string;
  /** True in the cell's first column: a value belongs to the column its cell starts in. */
  readonly first: boolean;
  readonly span: number;
  readonly continuesAbove: boolean;
  /** The covering cell's text is all bold (`GridCell.bold`). */
  readonly bold?: boolean;
  /**
   * The cell's paragraphs grouped at its empty paragraphs, each group's lines joined by a space — set only when the cell
   * sets its entries apart so and some entry runs over several paragraphs (bodies typed one a group, a long name broken by
   * Enter to fit the column: «Відділ з питань цивільного захисту, оборонної роботи» / «та взаємодії …» / «» / «Сектор …»).
   */
  readonly blocks?: ReadonlyArray<string>;
  readonly place: Place;
}

/** `Slot.blocks` of a cell's text, or undefined when its empty paragraphs (if any) set no multi-line entry apart. */
const blocksOf = (text: string): ReadonlyArray<string> | undefined => {
  const groups = text
    .replace(/\r/g, "")
    .split(/\n[ \t\u00a0]*\n/)
    .map((g) => g.split("\n").map((l) => squash(l)).filter((l) => l !== ""))
    .filter((g) => g.length > 0);
  return groups.length >= 2 && groups.some((g) => g.length > 1) ? groups.map((g) => g.join(" ")) : undefined;
};

const cleanCell = (text: string): string =>
  text
    .replace(/\r/g, "")
    .split("\n")
    .map((l) => squash(l))
    .filter((l) => l !== "")
    .join("\n");

/**
 * The number of grid columns of a table: its widest row.
 *
 * @example tableWidth({ rows: [{ cells: [{ text: "a", colSpan: 3, place: {} }], place: {} }], rowsAreLines: false, place: {} }) // 3
 */
export const tableWidth = (table: GridTable): number =>
  table.rows.reduce((w, r) => Math.max(w, r.cells.reduce((n, c) => n + Math.max(1, c.colSpan), 0)), 0);

/**
 * A row spread over the grid: one slot per column, a merged cell repeated in every column it covers.
 *
 * @example expandRow({ cells: [{ text: "I. Розділ", colSpan: 2, place: {} }], place: {} }, 3).map((s) => s.first) // [true, false, true]
 */
export const expandRow = (row: GridRow, width: number): Slot[] => {
  const out: Slot[] = [];
  for (const cell of row.cells) {
    const span = Math.max(1, cell.colSpan);
    const text = cell.continuesAbove === true ? "" : cleanCell(cell.text);
    const bold = cell.bold === true && text !== "" ? { bold: true } : {};
    const blocks = cell.continuesAbove === true ? undefined : blocksOf(cell.text);
    const grouped = blocks === undefined ? {} : { blocks };
    for (let k = 0; k < span; k++) out.push({ text, first: k === 0, span, continuesAbove: cell.continuesAbove === true, ...bold, ...grouped, place: cell.place });
  }
  while (out.length < width) out.push({ text: "", first: true, span: 1, continuesAbove: false, place: row.place });
  return out.slice(0, Math.max(width, 1));
};

/** The texts of the cells a row prints, in grid order (each merged cell once). */
export const filledCells = (slots: ReadonlyArray<Slot>): Array<{ column: number; slot: Slot }> =>
  slots.flatMap((slot, column) => (slot.first && slot.text !== "" ? [{ column, slot }] : []));

// A numbered heading ("Стратегічна ціль 1. …", "Розділ 2. …") may use a header's words but heads rows, not a column.
const isHeaderCell = (text: string): boolean => sectionHeading(text) === null && (matchHeader(text) !== null || isHeaderPhrase(text));

// A value no header prints: a label, a term, an amount that is not a year, a list of bodies.
const looksLikeData = (text: string): boolean => {
  if (isHeaderCell(text)) return false;
  const shape = shapeOf(text);
  return shape === "label" || shape === "term" || shape === "amount" || shape === "executors" || shape === "ditto" || shape === "note" || printedLabel(text) !== null;
};

/** True when a column's header so far names money: a total («Усього …, тис. грн») or a year («2026 рік»). */
const isMoneyHeader = (parts: ReadonlyArray<string>): boolean => {
  const field = matchHeader(parts[parts.length - 1] ?? "")?.field;
  return field === "total" || field === "year";
};

/**
 * A header cell's words: squashed, in Ukrainian only when it prints its English under it («Захід» / «Activity»), and a word
 * broken at a narrow cell's border joined again — one or two letters that no header word is, after a word («Одиниц» / «я
 * виміру» → «Одиниця виміру»; «і», «у», «з», «та», «на», «до», «за» and the like stay words).
 */
const headerText = (text: string): string =>
  squash(withoutTranslation(text)).replace(/(\p{L}{3,}) (?!(?:і|й|у|в|з|о|а|та|на|до|за|по|зі|із|не|що|як|чи)(?=[\s,.;:)]|$))(\p{Ll}{1,2})(?=[\s,.;:)]|$)/gu, "$1$2");

/** Where the header ends and what it says above each column. */
export interface HeaderBlock {
  /** Index of the first row after the header (captions, header rows and the column-number row). */
  readonly end: number;
  /** Per grid column, the header texts from the top row down (a merged parent first). */
  readonly parts: ReadonlyArray<ReadonlyArray<string>>;
  /** True when the header holds at least one word of the vocabulary. */
  readonly known: boolean;
}

/**
 * Finds the header rows at the top of a table: rows of header words (or, before any, one row of short
 * texts with nothing shaped like data), a caption spanning the table above them, and the column-number row
 * under them.
 *
 * @example findHeader([expandRow(headerRow, 4), expandRow(dataRow, 4)]).end // 1
 */
export const findHeader = (rows: ReadonlyArray<ReadonlyArray<Slot>>, rowsAreLines = false): HeaderBlock => {
  const width = rows[0]?.length ?? 0;
  const parts: string[][] = Array.from({ length: width }, () => []);
  let end = 0;
  let saw = false;
  let known = false;
  const take = (slots: ReadonlyArray<Slot>) => {
    slots.forEach((slot, c) => {
      const t = headerText(slot.text);
      const list = parts[c];
      if (list === undefined || slot.continuesAbove || t === "" || list[list.length - 1] === t) return;
      // One or two lower-case letters alone under a header's word are that word's rest, broken at a narrow cell's border
      // (a PDF's «Джерела фінансуванн» over «я»), not a header of their own.
      const above = list[list.length - 1];
      if (above !== undefined && /^\p{Ll}{1,2}$/u.test(t) && /\p{L}$/u.test(above)) list[list.length - 1] = `${above}${t}`;
      else list.push(t);
    });
  };
  for (let r = 0; r < Math.min(rows.length, 10); r++) {
    const slots = rows[r] ?? [];
    const cells = filledCells(slots);
    if (cells.length === 0) {
      if (saw) end = r + 1;
      continue;
    }
    if (isColumnNumbering(slots.map((s) => (s.first ? s.text : "")))) {
      end = r + 1;
      break;
    }
    const texts = cells.map((c) => headerText(c.slot.text));
    // A PDF prints a header cell on several lines: lower-case words under a header line finish its cells.
    if (rowsAreLines && saw && texts.every((t) => /^[\p{Ll}(]/u.test(t) && !looksLikeData(t))) {
      for (const { column, slot } of cells) {
        const list = parts[column];
        if (list !== undefined && list.length > 0) list[list.length - 1] = `${list[list.length - 1]} ${headerText(slot.text)}`;
        else list?.push(headerText(slot.text));
      }
      end = r + 1;
      continue;
    }
    // A header of two rows whose second names no column of its own — the rest of the cells above printed on their own
    // line («№» / «з/п», «Відповідальні за» / «виконання») and sub-columns of one («Строк виконання» over «початок» /
    // «кінець»), all lower-case words and nothing shaped like data: still the header, each text under its column.
    if (!rowsAreLines && saw && cells.length >= 2 && texts.every((t) => /^[\p{Ll}(]/u.test(t) && t.length <= 40 && !looksLikeData(t))) {
      take(slots);
      end = r + 1;
      continue;
    }
    // Money by year and by source: the sources named under the money headers («2026 рік, тис. грн» over «бюджет
    // громади», «інші джерела»), or over them, spanning their years («бюджет громади» over «2026», «2027»).
    if (saw && cells.every(({ column, slot }) => isFundingSourceHeader(slot.text) && isMoneyHeader(parts[column] ?? []))) {
      take(slots);
      end = r + 1;
      continue;
    }
    // Under the header, a row of one cell that opens with a number or a section word («1. Термомодернізація будівель
    // бюджетної сфери», «Розділ I. …») is the first heading of the body, whatever header words it holds.
    if (saw && cells.length === 1 && (leadingLabel(texts[0] ?? "") !== null || sectionHeading(texts[0] ?? "") !== null)) break;
    const sourceOverYears = (c: { slot: Slot }): boolean => c.slot.span >= 2 && isFundingSourceHeader(c.slot.text);
    const headerCells = texts.filter(isHeaderCell).length + cells.filter(sourceOverYears).length;
    // Under a header row, lower-case words in a column that already has a header are that header's rest printed on the next
    // line («Частка» over «співфінансування громади, %», «Відповідальний» over «виконавець»), whatever they look like.
    const headerRest = (c: { column: number; slot: Slot }): boolean => saw && (parts[c.column]?.length ?? 0) > 0 && /^\p{Ll}/u.test(headerText(c.slot.text));
    const dataCells = cells.filter((c) => !sourceOverYears(c) && !headerRest(c) && looksLikeData(headerText(c.slot.text))).length;
    if (headerCells >= 1 && dataCells === 0 && !(cells.length === 1 && isTotalLabel(texts[0] ?? ""))) {
      take(slots);
      saw = true;
      known = true;
      end = r + 1;
      continue;
    }
    // A caption spanning the table ("План заходів …") may stand above the header.
    if (!saw && cells.length === 1 && (cells[0]?.slot.span ?? 1) >= width - 1 && sectionHeading(texts[0] ?? "") === null && r < 3) continue;
    if (!saw && cells.length >= 2 && dataCells === 0 && texts.every((t) => t.length <= 80)) {
      take(slots);
      saw = true;
      end = r + 1;
      continue;
    }
    break;
  }
  return { end: saw || end > 0 ? end : 0, parts, known };
};

/** A column's values below the header, for judging their shape. */
const valuesOf = (body: ReadonlyArray<ReadonlyArray<Slot>>, column: number): string[] =>
  body
    .filter((slots) => filledCells(slots).length >= 2 && !isTotalLabel(filledCells(slots)[0]?.slot.text ?? ""))
    .map((slots) => slots[column])
    .filter((s): s is Slot => s?.first === true && s.text !== "")
    .map((s) => squash(s.text));

const shapeNames: Readonly<Record<string, readonly [string, string]>> = {
  term: ["строки", "terms"],
  executors: ["переліки організацій", "lists of bodies"],
  amount: ["суми", "amounts"],
  label: ["номери", "labels"],
};

// Small sums ("670") look like labels to shapeOf; bare numbers count as amounts, and a label column is
// told by its punctuation ("1.", "2)") or by its run 1, 2, 3 (isRun).
const shapeForColumn = (value: string): ValueShape => {
  const shape = shapeOf(value);
  return shape === "label" && /^\d+$/.test(value) ? "amount" : shape;
};

const isRun = (values: ReadonlyArray<string>): boolean => {
  const numbers = values.map((v) => Number(v)).filter((n) => Number.isInteger(n));
  let up = 0;
  for (let i = 1; i < numbers.length; i++) if ((numbers[i] ?? 0) === (numbers[i - 1] ?? 0) + 1) up++;
  return numbers.length >= 2 && up * 2 >= numbers.length - 1 && (numbers[0] ?? 99) <= 2;
};

/** How many of a column's values have one of the shapes. */
const share = (values: ReadonlyArray<string>, shapes: ReadonlyArray<ValueShape>): { k: number; n: number } => {
  const counted = values.map(shapeForColumn).filter((s) => s !== "ditto" && s !== "empty" && s !== "note");
  return { k: counted.filter((s) => shapes.includes(s)).length, n: counted.length };
};

const expected: Partial<Record<Field, { shapes: ValueShape[]; name: string }>> = {
  term: { shapes: ["term"], name: "term" },
  executors: { shapes: ["executors"], name: "executors" },
  year: { shapes: ["amount"], name: "amount" },
  total: { shapes: ["amount"], name: "amount" },
};

const quoted = (header: string): string => `«${header}»`;

interface Draft {
  column: number;
  header: string;
  field: Field;
  year?: number;
  source?: string;
  confidence: Confidence;
  because: string;
  /** 2: named by the header, 1: by a weaker header word or the content, 0: not placed. */
  rank: number;
}

// The unit of a header cell whose last line fell into the header row below ("Обсяг фінансування, тис." / "грн").
const unitOnly = /^\(?(?:тис\.?\s*)?грн\.?\)?$/iu;

const fromHeader = (all: ReadonlyArray<string>): { field: Field; year?: number; source?: string; strength: 1 | 2; from: string } | null => {
  const parts = all.length > 1 && unitOnly.test(all[all.length - 1] ?? "") ? all.slice(0, -1) : all;
  const lowest = parts[parts.length - 1];
  if (lowest === undefined) return null;
  // Money by year and by source in the header: a source («бюджет громади») with a year or the total over or
  // under it is that source's money for that year, or its total.
  const sources = parts.filter(isFundingSourceHeader);
  const source = sources[0];
  if (source !== undefined && sources.length === 1) {
    const money = parts.filter((p) => p !== source).map((p) => ({ p, m: matchHeader(p) }));
    const year = [...money].reverse().find((x) => x.m?.field === "year");
    if (year?.m?.year !== undefined) return { field: "year", year: year.m.year, source, strength: 2, from: `${year.p} / ${source}` };
    const total = money.find((x) => x.m?.field === "total");
    if (total !== undefined) return { field: "total", source, strength: 2, from: `${total.p} / ${source}` };
  }
  const own = matchHeader(lowest);
  const parents = parts.slice(0, -1).map((p) => ({ p, m: matchHeader(p) }));
  if (own !== null && own.field === "year") {
    // "Значення показника" over "2024", "2025": the values of the indicator by year, not money.
    const indicator = parents.find((x) => x.m?.field === "indicator");
    if (indicator !== undefined) return { field: "indicator", year: own.year, strength: 2, from: `${indicator.p} / ${lowest}` };
    // «Строк виконання» over «2026», «2027»: the term as the years marked «+», not money.
    const term = parents.find((x) => x.m?.field === "term");
    if (term !== undefined && own.year !== undefined) return { field: "term", year: own.year, strength: 2, from: `${term.p} / ${lowest}` };
    return { field: "year", ...(own.year === undefined ? {} : { year: own.year }), strength: 2, from: lowest };
  }
  if (own !== null) return { field: own.field, strength: own.strength, from: lowest };
  for (const x of [...parents].reverse()) {
    // An unknown column under a money heading that names no source is not placed by it: it stays unplaced
    // rather than posing as the total.
    if (x.m !== null && x.m.field !== "total" && x.m.field !== "year") return { field: x.m.field, strength: 1, from: x.p };
  }
  // A header cell printed over two header rows word by word («Джерело» over «фінансування»): its words read together.
  const whole = parts.join(" ");
  const together = parts.length > 1 ? matchHeader(whole) : null;
  if (together !== null && together.field !== "total" && together.field !== "year") return { field: together.field, strength: together.strength, from: whole };
  return null;
};

/** The columns of a table as recognised, the headers nothing could be given to, and where the body starts. */
export interface ColumnReading {
  readonly columns: ReadonlyArray<ColumnRole>;
  readonly unplaced: ReadonlyArray<string>;
  /** Every header found, one per column that has one. */
  readonly headers: ReadonlyArray<string>;
  readonly headerEnd: number;
  /** True when at least one header word of the vocabulary was found. */
  readonly known: boolean;
}

// Fields a table has one column of; a second such column is left unread and reported.
const single: ReadonlySet<Field> = new Set<Field>(["label", "task", "title", "source", "total"]);
const rankOf: Readonly<Record<Confidence, number>> = { high: 3, medium: 2, low: 1 };

// The term named in a header of executors: «Строк виконання, виконавці», «Виконавці та строк виконання».
const termWord = /(?:строк|термін)\p{L}*/iu;
const executorsWord = /виконав|відповідальн/iu;

/**
 * A header that names the bodies and the term together: where the term stands in the cell, by the order the header names them.
 *
 * @example termAlongside("Строк виконання, виконавці") // { alsoTerm: "first" }
 * @example termAlongside("Відповідальні за виконання") // {}
 */
export const termAlongside = (header: string): { alsoTerm?: "first" | "last" } => {
  const t = header.search(termWord);
  const e = header.search(executorsWord);
  return t === -1 || e === -1 ? {} : { alsoTerm: t < e ? "first" : "last" };
};

/**
 * Recognises every column of a table from its header and its values; `assignment` overrides.
 *
 * @example recogniseColumns(rows).columns.map((c) => c.field) // ["label", "title", "executors", "term"]
 */
export const recogniseColumns = (rows: ReadonlyArray<ReadonlyArray<Slot>>, assignment?: ColumnAssignment, rowsAreLines = false): ColumnReading => {
  const width = rows[0]?.length ?? 0;
  const header = findHeader(rows, rowsAreLines);
  const body = rows.slice(header.end);
  const drafts: Draft[] = [];
  for (let column = 0; column < width; column++) {
    const parts = header.parts[column] ?? [];
    const joined = parts.join(" / ");
    const values = valuesOf(body, column);
    const byHeader = fromHeader(parts);
    if (byHeader !== null) {
      const want = expected[byHeader.field];
      let confidence: Confidence = byHeader.strength === 2 ? "high" : "medium";
      let because = `заголовок ${quoted(byHeader.from)} / header “${byHeader.from}”`;
      if (byHeader.strength === 1 && byHeader.from !== parts[parts.length - 1]) because = `заголовок над колонкою ${quoted(byHeader.from)} / the header above the column, “${byHeader.from}”`;
      if (byHeader.field === "term" && byHeader.year !== undefined) {
        // A year of the term: its cells are marks («+») or empty.
        const k = values.filter(isYearMark).length;
        if (values.length >= 3 && k * 2 < values.length) {
          confidence = "medium";
          because = `${because.split(" / ")[0]}, але лише ${k} з ${values.length} значень — позначки «+» / ${because.split(" / ")[1]}, but only ${k} of ${values.length} values are marks “+”`;
        }
      } else if (want !== undefined) {
        const { k, n } = share(values, want.shapes);
        const [uk, en] = shapeNames[want.name] ?? ["", ""];
        if (n >= 3 && k * 2 < n) {
          confidence = "medium";
          because = `${because.split(" / ")[0]}, але лише ${k} з ${n} значень — ${uk} / ${because.split(" / ")[1]}, but only ${k} of ${n} values are ${en}`;
        } else if (byHeader.strength === 1 && n >= 2 && k * 2 >= n) {
          confidence = "high";
        }
      }
      drafts.push({
        column,
        header: joined,
        field: byHeader.field,
        ...(byHeader.year === undefined ? {} : { year: byHeader.year }),
        ...(byHeader.source === undefined ? {} : { source: byHeader.source }),
        confidence,
        because,
        rank: byHeader.strength,
      });
      continue;
    }
    drafts.push({ column, header: joined, field: "ignore", confidence: "low", because: "", rank: 0 });
  }
  // Columns the header did not name: placed by what their values look like, when a clear majority agrees.
  const taken = new Set(drafts.filter((d) => d.rank > 0).map((d) => d.field));
  for (const d of drafts) {
    if (d.rank > 0) continue;
    const values = valuesOf(body, d.column);
    const tries: Array<{ field: Field; shapes: ValueShape[]; name: string }> = [
      { field: "term", shapes: ["term"], name: "term" },
      { field: "executors", shapes: ["executors"], name: "executors" },
      { field: "label", shapes: ["label"], name: "label" },
      { field: "total", shapes: ["amount"], name: "amount" },
    ];
    let placed = false;
    for (const t of tries) {
      if (taken.has(t.field)) continue;
      const { k, n } = share(values, t.shapes);
      const runOfNumbers = t.field === "label" && isRun(values);
      if (n < 2 || (k < n * 0.6 && !runOfNumbers)) continue;
      const [uk, en] = shapeNames[t.name] ?? ["", ""];
      const count = runOfNumbers && k < n * 0.6 ? `${n} з ${n} значень — номери підряд / content: ${n} of ${n} values number the rows` : `${k} з ${n} значень — ${uk} / content: ${k} of ${n} values are ${en}`;
      d.field = t.field;
      d.confidence = "medium";
      d.because = `${d.header === "" ? "без заголовка; " : `заголовок ${quoted(d.header)} не розпізнано; `}вміст: ${count}`;
      d.rank = 1;
      taken.add(t.field);
      placed = true;
      break;
    }
    if (!placed) {
      d.because = d.header === "" ? "без заголовка, вміст не розпізнано / no header, content not recognised" : `заголовок ${quoted(d.header)} не розпізнано / header “${d.header}” not recognised`;
    }
  }
  if (assignment !== undefined) {
    const byHand = new Map(assignment.map((a) => [a.column, a]));
    const handFields = new Set(assignment.filter((a) => a.field !== "ignore" && a.field !== "year").map((a) => a.field));
    for (const d of drafts) {
      const a = byHand.get(d.column);
      if (a !== undefined) {
        d.field = a.field;
        if (a.year === undefined) delete d.year;
        else d.year = a.year;
        delete d.source;
        d.confidence = "high";
        d.because = "призначено вручну / assigned by hand";
        d.rank = 3;
      } else if (handFields.has(d.field) && single.has(d.field)) {
        d.field = "ignore";
        d.confidence = "low";
        d.because = "поле призначено вручну іншій колонці / the field was assigned by hand to another column";
        d.rank = 0;
      }
    }
  }
  // Two goal levels printed as columns named by their headers, side by side left of the measures' title («Стратегічна
  // ціль» | «Операційна ціль»): both are read, the outer one as the sections (`goalColumns`, table-rows.ts).
  const titleAt = drafts.find((d) => d.field === "title")?.column ?? -1;
  const goals = drafts.filter((d) => d.field === "task" && d.rank > 0 && d.column < titleAt);
  const outerGoal = goals.find((d, i) => goals[i + 1]?.column === d.column + 1 && assignment === undefined);
  if (outerGoal !== undefined) outerGoal.because = `${outerGoal.because}; зовнішній рівень цілей — розділи / the outer goal level: sections`;
  // The whole estimated cost of an object beside the plan's own financing is not the plan's money: the financing keeps
  // the total, the estimate is set aside.
  const totals = drafts.filter((d) => d.field === "total" && d.rank > 0);
  if (assignment === undefined && totals.some((d) => !isEstimateHeader(d.header)))
    for (const d of totals.filter((t) => isEstimateHeader(t.header))) {
      d.field = "ignore";
      d.because = `${d.because}; кошторисна вартість об’єкта поруч з обсягом фінансування — не кошти плану / the estimated cost of the object beside the financing: not the plan's money`;
      d.rank = 0;
    }
  // One column per single-valued field (and per year, and per source of money): the surest, then the leftmost, keeps it.
  const bySource = (d: Draft): string => (d.source === undefined ? "" : `:${d.source}`);
  const keyOf = (d: Draft): string =>
    d.field === "year" ? `year:${d.year}${bySource(d)}` : d.field === "indicator" && d.year !== undefined ? `indicator:${d.year}` : `${d.field}${bySource(d)}`;
  const best = new Map<string, Draft>();
  for (const d of drafts) {
    if (d === outerGoal || d.field === "ignore" || !(single.has(d.field) || d.field === "year")) continue;
    const held = best.get(keyOf(d));
    if (held === undefined || rankOf[d.confidence] * 10 + d.rank > rankOf[held.confidence] * 10 + held.rank) best.set(keyOf(d), d);
  }
  for (const d of drafts) {
    if (d === outerGoal || d.field === "ignore" || !(single.has(d.field) || d.field === "year")) continue;
    if (best.get(keyOf(d)) !== d) {
      d.because = `друга колонка для того самого поля (${d.field}), не читається / a second column for the same field (${d.field}), not read`;
      d.field = "ignore";
      d.confidence = "low";
      d.rank = 0;
      delete d.year;
      delete d.source;
    }
  }
  // A Word table pasted into a sheet: its header's merges and its body's do not line up (sliver columns), so a field's
  // column may hold no cell of its own in the body — only the rest of a neighbour's merge — while the neighbour, set aside
  // for sharing this header (the header merged over both) or because its body cells are merged over this column, holds the
  // values. The field moves to that neighbour.
  if (assignment === undefined) {
    const own = (column: number): number => body.filter((r) => r[column]?.first === true && !r[column]?.continuesAbove && (r[column]?.text ?? "") !== "").length;
    const spansInto = (from: number, column: number): boolean => body.some((r) => r[from]?.first === true && (r[from]?.text ?? "") !== "" && from + (r[from]?.span ?? 1) > column);
    for (const d of drafts) {
      if (d.field === "ignore" || d.rank === 0 || own(d.column) > 0) continue;
      const candidates = [d.column + 1, d.column - 1].filter((c) => {
        const n = drafts[c];
        if (n === undefined || n.field !== "ignore" || own(c) === 0) return false;
        return (n.header === d.header && n.header !== "") || (c < d.column && spansInto(c, d.column));
      });
      const to = candidates.map((c) => drafts[c]).find((n) => n !== undefined);
      if (to === undefined) continue;
      to.field = d.field;
      if (d.year !== undefined) to.year = d.year;
      if (d.source !== undefined) to.source = d.source;
      to.confidence = "medium";
      to.because = `${d.because}; у тілі таблиці значення стоять у сусідній колонці (заголовок і рядки об’єднано по-різному) / the body's values stand in the next column (the header and the rows merged differently)`;
      to.rank = d.rank;
      d.field = "ignore";
      d.because = `без власних значень: поле передано сусідній колонці / no values of its own: the field went to the next column`;
      d.rank = 0;
      delete d.year;
      delete d.source;
    }
  }
  const columns: ColumnRole[] = drafts.map((d) => ({
    column: d.column,
    header: d.header,
    field: d.field,
    ...(d.year === undefined ? {} : { year: d.year }),
    ...(d.source === undefined ? {} : { source: d.source }),
    ...(d.field === "executors" && d.rank > 0 && !drafts.some((o) => o.field === "term") ? termAlongside(d.header) : {}),
    confidence: d.confidence,
    because: d.because,
  }));
  const unplaced = drafts.filter((d) => d.rank === 0 && d.field === "ignore" && d.header !== "" && matchHeader(d.header.split(" / ").pop() ?? "")?.field !== "ignore").map((d) => d.header);
  return { columns, unplaced, headers: drafts.map((d) => d.header).filter((h) => h !== ""), headerEnd: header.end, known: header.known };
};
