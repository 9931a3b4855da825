/**
 * @module The held-out documents are typed as printed, in a small text form, so a person can read them as the
 * table they will become (fixtures/corpus/held-out/source/*.spec.txt):
 *
 *   format: docx | xlsx | pdf | web-text        landscape: yes | no        widths: 5 40 25 15 20
 *   == paragraphs     one paragraph a line; "**" first makes it bold and centred
 *   == table          one row a line: "H|" a header row (repeated on each page), "R|" a body row;
 *                     cells between "|"; "<" is merged into the cell on its left, "^" into the cell above,
 *                     "¶" breaks a cell into paragraphs. A second "== table" is the table continued after
 *                     a page break, as a separate table (as when a plan is pasted together page by page).
 *                     "== table widths: 40 20 30" starts a table with its own grid (the widths hold for what follows).
 *                     A cell "⟦list:0⟧" (or "⟦list:1⟧ text") is a paragraph of Word's automatic list numbering
 *                     at that level: its number is not text in the cell, only numbering (Word only).
 *   writer: export    (xlsx only) the sheet as an accounting system exports it: see write-xlsx-export.ts
 *   pagenumbers: yes  (pdf only) the page number at the top centre of every page after the first
 *   continued: TEXT   (pdf only) TEXT (e.g. «Продовження додатка 2») at the top right of every page after the first
 *   repeat: no        (pdf only) the header rows on the first page only, not repeated on the following pages
 *   freeze: yes       (xlsx only) the panes frozen under the first table's header rows
 *   Row prefixes beyond "H|"/"R|": "X|" a body row hidden in the sheet (xlsx only; printed elsewhere); "HT|"/"RT|" a row
 *   copied from a web page's HTML table, its cells on one line separated by tabs (web text only; a plain row elsewhere).
 *   A paragraph line with "¶" is one paragraph of several lines (a title typed over two lines in one merged cell in an
 *   .xlsx, merged down over as many rows as it has lines).
 *   A cell starting "**" is bold (a section row typed in bold in its own cell, not merged across). A cell ending
 *   "⟦note: TEXT⟧" carries TEXT as a comment (Excel's note on the cell; xlsx only, dropped elsewhere).
 *   A cell "⟦date⟧31.03.2026" is a date typed in Excel: a real date cell shown «dd.mm.yyyy» (xlsx only; the text elsewhere).
 *   hidecols: 4 8     (xlsx only) those grid columns (1-based) hidden in the sheet, their cells still filled
 *   borders: no       (pdf only) the table printed with no borders at all, rows set apart only by space
 *   "↵" in a cell is a manual line break (Shift+Enter) inside one paragraph: a break inside the paragraph in Word, a
 *   paragraph break in the other formats (as a browser copies a `<br>`).
 *   == sheet NAME     (xlsx only) the blocks that follow are on a new sheet NAME (a line first in the file names the first
 *                     sheet); the other formats print the blocks one after another
 *   footer: TEXT      (pdf only) TEXT at the bottom centre of every page, «{n}» the page, «{N}» the pages («Сторінка {n} з {N}»)
 *   A cell "=…" in an .xlsx is a formula typed in Excel, its references in relative R1C1 form ("=SUM(RC[1]:RC[3])",
 *   "=R[-5]C+R[-1]C"): written as an A1 formula with its computed value cached, as Excel saves it (write-xlsx.ts).
 *
 * The truth of a held-out document is written by hand beside it (truth/<file>.json), not derived from here.
 */
import type { CorpusFormat } from "./truth.js";
import { type CorpusBlock, type CorpusCell, type CorpusDocument, type CorpusRow, SOFT_BREAK, below, cell, checkTable } from "./corpus-table.js";

export interface HeldOutSpec {
  readonly format: CorpusFormat;
  readonly document: CorpusDocument;
  /** "export": an .xlsx as an accounting system exports it rather than as a person types it. */
  readonly writer?: "export";
}

const LIST = /^⟦list:(\d)⟧\s*/;

const ROW = /^(H|R|X)(T?)\|/;

const NOTE = /\s*⟦note:\s*([^⟧]*)⟧\s*$/;

const DATE = /^⟦date⟧\s*/;

/** A plain cell with the spec's cell marks read: "**" first makes it bold, "⟦note: …⟧" last is its comment. */
const markedCell = (p: string): CorpusCell => {
  const note = NOTE.exec(p);
  const dated = DATE.exec(p);
  if (dated !== null) return { ...cell(p.slice(dated[0].length).trim()), date: true };
  const body = note === null ? p : p.slice(0, note.index);
  const bold = body.startsWith("**");
  const text = (bold ? body.slice(2).trim() : body).replace(/\s*¶\s*/g, "\n");
  const c = cell(text, 1, bold);
  return note === null ? c : { ...c, note: (note[1] ?? "").trim() };
};

const parseRow = (raw: string, format: CorpusFormat): CorpusRow => {
  // Only Word keeps a manual line break inside a paragraph; elsewhere it is a paragraph break.
  const line = raw.includes("↵") ? raw.replace(/\s*↵\s*/g, format === "docx" ? SOFT_BREAK : " ¶ ") : raw;
  const [prefix = "", kind = "R", tabs = ""] = ROW.exec(line) ?? [];
  const header = kind === "H";
  const parts = line.slice(prefix.length).split("|").map((p) => p.trim());
  if (parts.at(-1) === "") parts.pop();
  const cells: CorpusCell[] = [];
  for (const p of parts) {
    const last = cells.at(-1);
    if (p === "<" && last !== undefined) {
      cells[cells.length - 1] = { ...last, span: last.span + 1 };
      continue;
    }
    const list = LIST.exec(p);
    if (list !== null) {
      cells.push({ ...cell(p.slice(list[0].length).replace(/\s*¶\s*/g, "\n")), listLevel: Number(list[1]) });
      continue;
    }
    cells.push(p === "^" ? below() : markedCell(p));
  }
  return { cells, header, ...(kind === "X" ? { hidden: true } : {}), ...(tabs === "T" ? { tabs: true } : {}) };
};

/**
 * Reads a spec file's text.
 *
 * @example readSpec("hromada-plan", readFileSync(path, "utf8")).format // "docx"
 */
export const readSpec = (name: string, text: string): HeldOutSpec => {
  let format: CorpusFormat = "docx";
  let landscape = true;
  let widths: number[] = [];
  let writer: "export" | undefined;
  const pages: { numbers?: boolean; continued?: string; repeatHeader?: boolean; footer?: string; borders?: boolean } = {};
  const sheet: { freeze?: boolean; hiddenColumns?: number[] } = {};
  const sheets: { name: string; from: number }[] = [];
  let mode: "meta" | "paragraphs" | "table" = "meta";
  const blocks: CorpusBlock[] = [];
  let rows: CorpusRow[] | null = null;
  const closeTable = () => {
    if (rows !== null && rows.length > 0) {
      const table = { widths, rows };
      checkTable(name, table);
      blocks.push({ kind: "table", table });
    }
    rows = null;
  };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trimEnd();
    if (line.startsWith("#")) continue;
    if (line === "== paragraphs") {
      closeTable();
      mode = "paragraphs";
      continue;
    }
    const sheetLine = /^== sheet (.+)$/.exec(line);
    if (sheetLine !== null) {
      closeTable();
      sheets.push({ name: (sheetLine[1] ?? "").trim(), from: blocks.length });
      mode = "paragraphs";
      continue;
    }
    // "== table widths: 40 20 30": a table with its own grid (a second, unrelated table under the plan).
    const tableLine = /^== table(?: widths:\s*(.+))?$/.exec(line);
    if (tableLine !== null) {
      closeTable();
      if (tableLine[1] !== undefined) widths = tableLine[1].trim().split(/\s+/).map(Number);
      rows = [];
      mode = "table";
      continue;
    }
    if (mode === "meta") {
      const m = /^(format|landscape|widths|writer|pagenumbers|continued|repeat|freeze|footer|hidecols|borders):\s*(.+)$/.exec(line);
      if (m?.[1] === "hidecols") sheet.hiddenColumns = (m[2] ?? "").split(/\s+/).map(Number);
      if (m?.[1] === "borders") pages.borders = m[2] !== "no";
      if (m?.[1] === "footer") pages.footer = (m[2] ?? "").trim();
      if (m?.[1] === "pagenumbers") pages.numbers = m[2] === "yes";
      if (m?.[1] === "continued") pages.continued = (m[2] ?? "").trim();
      if (m?.[1] === "repeat") pages.repeatHeader = m[2] !== "no";
      if (m?.[1] === "freeze") sheet.freeze = m[2] === "yes";
      if (m?.[1] === "writer" && m[2] === "export") writer = "export";
      if (m?.[1] === "format") format = m[2] as CorpusFormat;
      if (m?.[1] === "landscape") landscape = m[2] === "yes";
      if (m?.[1] === "widths") widths = (m[2] ?? "").split(/\s+/).map(Number);
      continue;
    }
    if (line.trim() === "") continue;
    if (mode === "paragraphs") {
      const bold = line.startsWith("**");
      const text = (bold ? line.slice(2).trim() : line.trim()).replace(/\s*¶\s*/g, "\n");
      blocks.push({ kind: "paragraph", text, bold, centered: bold });
      continue;
    }
    if (ROW.test(line)) rows?.push(parseRow(line, format));
    else throw new Error(`${name}: a table line must start with "H|", "R|", "X|", "HT|" or "RT|": ${line.slice(0, 60)}`);
  }
  closeTable();
  const document = {
    name,
    landscape,
    blocks,
    ...(Object.keys(pages).length === 0 ? {} : { pages }),
    ...(Object.keys(sheet).length === 0 ? {} : { sheet }),
    ...(sheets.length === 0 ? {} : { sheets }),
  };
  return { format, document, ...(writer === undefined ? {} : { writer }) };
};
