/**
 * @module Tables dumped as tab-separated rows with the column-number row ("1 2 3 4") repeated at the top
 * of every page: the tokenizer shared by the `tab-rows` and `tab-markup` layouts.
 */
import type { SourceLine } from "./source.js";

/** A table row: its cells as printed, and whether it is the first row after a page header. */
export interface TableRow {
  readonly cells: ReadonlyArray<string>;
  readonly line: number;
  readonly afterPageBreak: boolean;
}

/** A tab table: the text before it, its rows, and the row the file was cut in, if any. */
export interface TabTable {
  readonly preamble: ReadonlyArray<SourceLine>;
  readonly columns: number;
  readonly rows: ReadonlyArray<TableRow>;
  readonly cut: SourceLine | null;
}

/** The header row of a plan table ("№ з/п⟶Назва заходу⟶…"). */
export const isTabHeader = (text: string): boolean => /^\s*№\s*з\/п\t/u.test(text);

const isNumbering = (cells: ReadonlyArray<string>): boolean =>
  cells.length > 1 && cells.every((c, i) => c.trim() === String(i + 1));

/**
 * Reads the tab table that starts at the "№ з/п" header; it ends at the first non-blank line without a tab
 * (the signature). A last row with too few cells, or cut mid-line at the end of the file, is the cut.
 *
 * @example readTabTable(source.lines, true).rows.length
 */
export const readTabTable = (lines: ReadonlyArray<SourceLine>, cutAtEnd: boolean): TabTable | null => {
  const headerAt = lines.findIndex((l) => isTabHeader(l.text));
  const header = lines[headerAt];
  if (header === undefined) return null;
  const columns = header.text.split("\t").length;
  const rows: TableRow[] = [];
  let cut: SourceLine | null = null;
  let pageBreak = false;
  let i = headerAt + 1;
  for (; i < lines.length; i++) {
    const l = lines[i];
    if (l === undefined) break;
    if (l.text.trim() === "") continue;
    if (!l.text.includes("\t")) break;
    const cells = l.text.split("\t");
    if (isNumbering(cells)) {
      pageBreak = rows.length > 0;
      continue;
    }
    if (cells.every((c) => /^[-\s]*$/.test(c))) continue;
    const isLast = i === lines.length - 1;
    if (cells.length < columns || (isLast && cutAtEnd)) {
      cut = l;
      break;
    }
    rows.push({ cells, line: l.line, afterPageBreak: pageBreak });
    pageBreak = false;
  }
  return { preamble: lines.slice(0, headerAt), columns, rows, cut };
};
