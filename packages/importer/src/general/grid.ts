/**
 * @module What every input format is read into before the general table reader sees it: the paragraphs
 * outside tables (the preamble with the title and the order) and the tables as rows of cells, each piece
 * with the place a person would find it again. Word, Excel, PDF and text copied from a web page all end
 * here; the reader (`read-table.ts`) knows nothing of the format.
 */

/** The formats a document can arrive in; told from the content, never from the file name. */
export type InputFormat = "docx" | "xlsx" | "pdf" | "doc" | "rtf" | "web-text";

/** Where a piece of text was read from: a table cell, or a page and line. All numbers are 1-based. */
export interface Place {
  readonly table?: number;
  readonly row?: number;
  readonly cell?: number;
  readonly page?: number;
  readonly line?: number;
  readonly sheet?: string;
}

/**
 * A place as a person reads it, Ukrainian first.
 *
 * @example describePlace({ table: 1, row: 12, cell: 3 }) // "таблиця 1, рядок 12, клітинка 3"
 */
export const describePlace = (p: Place): string => {
  const parts: string[] = [];
  if (p.sheet !== undefined) parts.push(`аркуш «${p.sheet}»`);
  if (p.page !== undefined) parts.push(`сторінка ${p.page}`);
  if (p.table !== undefined) parts.push(`таблиця ${p.table}`);
  if (p.row !== undefined) parts.push(`рядок ${p.row}`);
  if (p.line !== undefined) parts.push(`рядок ${p.line}`);
  if (p.cell !== undefined) parts.push(`клітинка ${p.cell}`);
  return parts.join(", ");
};

/** One cell as printed. Text keeps its own line breaks (paragraphs inside a cell are joined by "\n"). */
export interface GridCell {
  readonly text: string;
  /** Grid columns this cell covers (Word's gridSpan, Excel's merge across); 1 for a plain cell. */
  readonly colSpan: number;
  /** True for the cell under a vertical merge: it repeats nothing and its text is "". */
  readonly continuesAbove?: boolean;
  /** True when all its text is printed bold (where the format says: a Word table); a heading is often told only so. */
  readonly bold?: boolean;
  readonly place: Place;
}

export interface GridRow {
  readonly cells: ReadonlyArray<GridCell>;
  readonly place: Place;
}

export interface GridTable {
  readonly rows: ReadonlyArray<GridRow>;
  /**
   * True when a row is one printed line, not one table row (a PDF's text layer): a line without a label
   * in the number column continues the row above it.
   */
  readonly rowsAreLines: boolean;
  /**
   * True when the format cannot show a cell merged down over several rows (a web copy, a PDF's text):
   * such a cell is printed once, and the rows under it show an empty cell.
   */
  readonly mergesLost?: boolean;
  /**
   * True when every cell's borders were drawn (a PDF read by its ruling lines): a merge shows as a missing
   * border, so an empty cell with a border above it is empty, not the rest of the cell above.
   */
  readonly bordered?: boolean;
  /**
   * True when the document printed no header row and the format reader supplied one from the shape of the rows (a plan
   * printed as a numbered list, `web-text-list.ts`): its columns are known by their place, not by a printed header.
   */
  readonly headerInferred?: boolean;
  readonly place: Place;
}

/** A paragraph outside any table. */
export interface Paragraph {
  readonly text: string;
  readonly place: Place;
  /**
   * How many tables the document printed before this paragraph (a Word document, where paragraphs and tables
   * interleave); absent before the first table and where the format does not say. A plan typed as one table per
   * section prints its section headings as paragraphs between the tables: this says which two they stand between.
   */
  readonly afterTable?: number;
}

/** A whole document as read from its container. */
export interface ReadDocument {
  readonly format: InputFormat;
  /** Paragraphs outside tables, in document order; those before the first table are the preamble. */
  readonly paragraphs: ReadonlyArray<Paragraph>;
  readonly tables: ReadonlyArray<GridTable>;
  /** Paragraphs that come before the table the reader chose (title, order, period): filled by the format readers. */
  readonly preamble: ReadonlyArray<Paragraph>;
}

/** What a table column holds. `year` columns carry the year of their money. */
export type Field = "label" | "task" | "title" | "executors" | "term" | "source" | "total" | "year" | "indicator" | "ignore";

/** How sure the reader is of a column or a value. */
export type Confidence = "high" | "medium" | "low";

/** A column of the chosen table, as recognised (or as a person assigned it). */
export interface ColumnRole {
  /** 0-based grid column. */
  readonly column: number;
  /** The header as printed (several header rows joined by " / "). */
  readonly header: string;
  readonly field: Field;
  readonly year?: number;
  /**
   * The funding source a money column's header names, where a table splits its money by year and by source in
   * the header («2026 рік, тис. грн» over «бюджет громади», «інші джерела»): the column is that source's money.
   */
  readonly source?: string;
  /**
   * Set on a column of executors whose header names the term too («Строк виконання, виконавці», «Виконавці, строк»): each
   * cell prints the term and the bodies one after the other, in the order the header names them.
   */
  readonly alsoTerm?: "first" | "last";
  readonly confidence: Confidence;
  /** Why: "заголовок «Строк виконання»", "вміст: 14 з 15 значень — строки", "призначено вручну". */
  readonly because: string;
}

/** A person's assignment of columns, stored with the import: column index → field (and year). */
export type ColumnAssignment = ReadonlyArray<{ readonly column: number; readonly field: Field; readonly year?: number }>;

/** Where one measure came from and how sure the reader was of each of its fields. */
export interface MeasureProvenance {
  /** "I / 2 / 3)": section label, task label, measure label, as in the anomalies. */
  readonly path: string;
  readonly where: string;
  readonly fields: Partial<Record<"title" | "term" | "executors" | "indicator" | "budget", { readonly confidence: Confidence; readonly note?: string }>>;
}

/** What the general reader reports beside the plan: the table it chose, its columns, every measure's origin. */
export interface Reading {
  readonly format: InputFormat;
  readonly table: string;
  readonly columns: ReadonlyArray<ColumnRole>;
  /** Headers found that no field could be given to. */
  readonly unplaced: ReadonlyArray<string>;
  readonly assigned: boolean;
  readonly measures: ReadonlyArray<MeasureProvenance>;
}
