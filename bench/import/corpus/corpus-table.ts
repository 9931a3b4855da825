/**
 * @module The one shape every corpus document is drawn from before it is written as Word, Excel, PDF or web
 * text: paragraphs around tables of printed cells with their merges. Writing all four formats from one shape
 * keeps the seed-derived documents identical in content, so a difference in accuracy is the reader's, not ours.
 */

/** One cell as printed. `paragraphs` are the cell's own lines (Word paragraphs inside the cell). */
export interface CorpusCell {
  readonly paragraphs: ReadonlyArray<string>;
  /** Grid columns covered (Word's gridSpan, an Excel merge across). */
  readonly span: number;
  /** The cell under a vertical merge: prints nothing, belongs to the cell above (Word's vMerge continue). */
  readonly continuesAbove: boolean;
  readonly bold?: boolean;
  /**
   * Word's automatic list numbering: the cell's paragraph is an item of the document's numbered list at this
   * level (0 "1.", 1 "1.1."), so its label exists only as numbering, not as text. Written by the Word writer only.
   */
  readonly listLevel?: number;
  /** Excel only: a comment (note) on the cell, as a person annotates an amount; not part of the cell's value. */
  readonly note?: string;
  /** Excel only: the cell («31.03.2026») is a real date cell shown «dd.mm.yyyy», as a person types a date; text elsewhere. */
  readonly date?: boolean;
}

export interface CorpusRow {
  readonly cells: ReadonlyArray<CorpusCell>;
  /** A header row: repeated at the top of every page in Word and PDF. */
  readonly header: boolean;
  /** Excel only: the row is hidden in the sheet (a person hid it rather than deleting it); other writers print it. */
  readonly hidden?: boolean;
  /**
   * Copied web text only: the row comes out as one line with its cells separated by tabs (the part of a web page that
   * is a real HTML table), not one cell a line; a cell of several paragraphs still breaks that line where it breaks.
   */
  readonly tabs?: boolean;
}

export interface CorpusTable {
  /** Relative widths of the grid columns. */
  readonly widths: ReadonlyArray<number>;
  readonly rows: ReadonlyArray<CorpusRow>;
}

/** A block of the document: a paragraph outside tables or a table. */
export type CorpusBlock =
  | { readonly kind: "paragraph"; readonly text: string; readonly bold?: boolean; readonly centered?: boolean }
  | { readonly kind: "table"; readonly table: CorpusTable };

export interface CorpusDocument {
  readonly name: string;
  readonly blocks: ReadonlyArray<CorpusBlock>;
  /** Landscape pages for wide tables (Word and PDF). */
  readonly landscape: boolean;
  /** PDF only: how the printed pages look beyond the table (page numbers, a continuation line, header repeat). */
  readonly pages?: PageHabits;
  /** Excel only: how the sheet is kept (a frozen header). */
  readonly sheet?: SheetHabits;
  /**
   * Excel only: a workbook of several sheets — each sheet's name and the index of the block it begins with (the first
   * at 0), as a programme's annexes are kept on sheets of one workbook. Other writers print the blocks one after another.
   */
  readonly sheets?: ReadonlyArray<{ readonly name: string; readonly from: number }>;
}

/**
 * A manual line break (Word's Shift+Enter, `w:br`) inside one paragraph of a cell. Only the Word writer keeps it as a
 * break inside the paragraph; the spec reader gives the other formats a paragraph break there (a browser copies a
 * `<br>` as a new line, a PDF prints a new line, an Excel cell a line break).
 */
export const SOFT_BREAK = "\u000b";

/** Excel only: `freeze`: the panes frozen under the first table's header rows, as a person freezes a long sheet's header. */
export interface SheetHabits {
  readonly freeze?: boolean;
  /** Grid columns (1-based) hidden in the sheet, their cells still filled, as a person hides a column rather than deleting it. */
  readonly hiddenColumns?: ReadonlyArray<number>;
}

/**
 * PDF only: habits of a plan printed from Word. `numbers`: the page number at the top centre from page 2 on (as
 * Ukrainian documents are numbered); `continued`: a line such as «Продовження додатка 2» at the top right of
 * every page after the first; `repeatHeader: false`: the header rows are printed on the first page only (the
 * table's "repeat as header row" left unset).
 */
export interface PageHabits {
  readonly numbers?: boolean;
  readonly continued?: string;
  readonly repeatHeader?: boolean;
  /** A footer at the bottom centre of every page, «{n}» the page and «{N}» the pages, as Excel prints «Сторінка 1 з 3». */
  readonly footer?: string;
  /** `false`: the table printed with no borders (a Word table with its borders removed), rows set apart by space only. */
  readonly borders?: boolean;
}

/**
 * A plain cell; text with "\n" becomes several paragraphs in the cell.
 *
 * @example cell("1) проведення засідань") // one paragraph, span 1
 */
export const cell = (text: string, span = 1, bold = false): CorpusCell => ({
  paragraphs: text === "" ? [] : text.split("\n"),
  span,
  continuesAbove: false,
  ...(bold ? { bold } : {}),
});

/** The cell under a vertical merge. */
export const below = (span = 1): CorpusCell => ({ paragraphs: [], span, continuesAbove: true });

export const row = (cells: ReadonlyArray<CorpusCell>, header = false): CorpusRow => ({ cells, header });

/** The text of a cell as one string, paragraphs joined by a line break. */
export const cellText = (c: CorpusCell): string => c.paragraphs.join("\n");

/** The grid column where each cell of a row starts. */
export const startColumns = (r: CorpusRow): number[] => {
  const starts: number[] = [];
  let col = 0;
  for (const c of r.cells) {
    starts.push(col);
    col += c.span;
  }
  return starts;
};

/**
 * How many rows a cell covers downwards: itself plus the continuing cells at the same grid column below it.
 * Word needs to know a merge starts (vMerge restart), Excel and PDF need its extent.
 */
export const rowSpanOf = (rows: ReadonlyArray<CorpusRow>, r: number, column: number): number => {
  let n = 1;
  for (let k = r + 1; k < rows.length; k++) {
    const next = rows[k];
    if (next === undefined) break;
    const i = startColumns(next).indexOf(column);
    if (i < 0 || next.cells[i]?.continuesAbove !== true) break;
    n++;
  }
  return n;
};

/** Checks every row covers the whole grid: a generator slip shows here, not as a mangled document. */
export const checkTable = (name: string, t: CorpusTable): void => {
  t.rows.forEach((r, i) => {
    const width = r.cells.reduce((n, c) => n + c.span, 0);
    if (width !== t.widths.length) throw new Error(`${name}: row ${i + 1} covers ${width} of ${t.widths.length} columns`);
  });
};
