/**
 * @module Text copied from a web page (zakon.rada.gov.ua and the like), where a plan's table lost its
 * structure: every cell is a paragraph of its own, an empty cell leaves nothing, a cell of several
 * paragraphs gives several lines, and nothing marks a row's end. This rebuilds the table as a
 * `ReadDocument` with one `GridTable` whose rows are the table's rows again, for the general table reader.
 */
import { Either } from "effect";
import { UnrecognisedDocument } from "../errors.js";
import { consentFootnote, withConsentMarks } from "../facts/executors.js";
import type { GridTable, Paragraph, ReadDocument } from "./grid.js";
import { findHeader, headerRows } from "./web-text-header.js";
import { type ListedPlan, findListedPlan } from "./web-text-list.js";
import { type WebParagraph, isSiteChrome, tableEnd, toParagraphs, webLines } from "./web-text-paragraphs.js";
import { type WebGridRow, rebuildRows } from "./web-text-rows.js";

export type { RowDoubt, WebGridRow } from "./web-text-rows.js";

/**
 * The table of a web copy. `rows` start with the header rows (a money group gives two) and the
 * column-number row when printed; `headerRows` says how many there are. Body rows have one cell per
 * column (an empty cell has text ""), a heading or an editors' note spanning the row has one cell.
 */
export interface WebGridTable extends GridTable {
  readonly rows: ReadonlyArray<WebGridRow>;
  readonly headerRows: number;
}

/** A web copy read: the format's `ReadDocument`, its one table with the rows' doubts. */
export interface WebTextDocument extends ReadDocument {
  readonly format: "web-text";
  readonly tables: ReadonlyArray<WebGridTable>;
}

// A Markdown table is a seed layout's, never a web copy. Tabs are not a sign against one: a browser copies a
// row of an HTML table onto one line with its cells separated by tabs (`webLines` splits them).
const markdownTable = (text: string): boolean => text.split(/\r\n|\r|\n/).filter((l) => /^\s*\|.*\|\s*$/.test(l)).length >= 3;

/**
 * A cheap signature of a web copy: no Markdown table, a header of short paragraphs (or tab-separated fields)
 * that name columns, and many short paragraphs after it. A seed dump with tabs passes too, but a seed layout
 * is tried first (`parseText`), so it still reads exactly as before.
 *
 * @example looksLikeWebText("№ з/п\nНайменування заходу\nВиконавці\nСтрок виконання\n1.\n…") // true (with enough rows)
 */
export const looksLikeWebText = (text: string): boolean => {
  if (markdownTable(text)) return false;
  const ps = toParagraphs(webLines(text));
  const header = findHeader(ps);
  if (header === null) return findListedPlan(ps) !== null;
  const after = ps.slice(header.end, tableEnd(ps, header.end));
  const short = after.filter((p) => p.text.length <= 250).length;
  return after.length >= 8 && short * 3 >= after.length * 2;
};

const asParagraph = (p: WebParagraph): Paragraph => ({ text: p.text, place: { line: p.line } });

/**
 * «* За згодою.» under the table explains a mark printed straight after the names of bodies acting by consent
 * («Міжнародна організація з міграції*»): a paragraph of the table that ends in that mark names a body, so it is
 * read as executors however little its words say so. `after` holds the paragraphs the footnote is looked for in.
 *
 * @example markedBodies(body, trailer).find((p) => p.text === "громадські об’єднання*")?.kind // "executors"
 */
export const markedBodies = (body: ReadonlyArray<WebParagraph>, after: ReadonlyArray<WebParagraph>): WebParagraph[] => {
  const mark = after.map((p) => consentFootnote(p.text)).find((m) => m !== null);
  if (mark === undefined) return [...body];
  const marked = (text: string): boolean => text.length <= 200 && !/\(\s*за\s+згодою\s*\)$/u.test(text) && /\(за згодою\)$/u.test(withConsentMarks(text, mark));
  return body.map((p) => (p.kind === "text" && marked(p.text) ? { ...p, kind: "executors" } : p));
};

/**
 * Rebuilds the table of a web copy. The paragraphs before the header are the preamble (title, order,
 * date); those after the table's end (signature block, footnotes) are kept as paragraphs too.
 *
 * @example Either.getOrThrow(readWebText(copied)).tables[0]?.rows[2]?.cells.map((c) => c.text) // ["1.", "Проведення …", "", "до 31.12.2025"]
 */
export const readWebText = (text: string): Either.Either<WebTextDocument, UnrecognisedDocument> => {
  const ps = toParagraphs(webLines(text));
  const header = findHeader(ps);
  const listed = header === null ? findListedPlan(ps) : null;
  if (listed !== null) return Either.right(listedDocument(ps, listed, "web-text"));
  if (header === null) {
    return Either.left(
      new UnrecognisedDocument({ reason: "веб-текст: не знайдено заголовка таблиці плану / web text: no plan table header found" }),
    );
  }
  const end = tableEnd(ps, header.end);
  const body = markedBodies(ps.slice(header.end, end), ps.slice(header.end));
  if (body.length === 0) {
    return Either.left(
      new UnrecognisedDocument({
        reason: "веб-текст: під заголовком таблиці немає рядків / web text: no rows under the table header",
        headers: header.columns.map((c) => c.header),
      }),
    );
  }
  const head = headerRows(header);
  const rows: WebGridRow[] = [...head, ...rebuildRows(header.columns, body)];
  // The website's breadcrumb, publication date and share buttons are no part of the document (its facts).
  const own = (p: WebParagraph): boolean => !isSiteChrome(p.text);
  const preamble = ps.slice(0, header.start).filter(own).map(asParagraph);
  const trailer = ps.slice(end).filter(own).map(asParagraph);
  const table: WebGridTable = { rows, rowsAreLines: false, mergesLost: true, place: { line: ps[header.start]?.line ?? 1 }, headerRows: head.length };
  return Either.right({ format: "web-text", paragraphs: [...preamble, ...trailer], tables: [table], preamble });
};

/** A plan printed as a numbered list with no header row, as the table it stands for (`findListedPlan`). */
const listedDocument = <F extends ReadDocument["format"]>(
  ps: ReadonlyArray<WebParagraph>,
  listed: ListedPlan,
  format: F,
): ReadDocument & { readonly format: F; readonly tables: ReadonlyArray<WebGridTable> } => {
  const own = (p: WebParagraph): boolean => !isSiteChrome(p.text);
  const preamble = ps.slice(0, listed.start).filter(own).map(asParagraph);
  const trailer = ps.slice(listed.end).filter(own).map(asParagraph);
  const table: WebGridTable = {
    rows: listed.rows,
    rowsAreLines: false,
    mergesLost: true,
    headerInferred: true,
    place: { line: ps[listed.start]?.line ?? 1 },
    headerRows: 1,
  };
  return { format, paragraphs: [...preamble, ...trailer], tables: [table], preamble };
};

/**
 * A document with no table whose paragraphs print a plan as a numbered list (a Word file of a Cabinet order's plan: each
 * point, its bodies one a paragraph, its term), as the table it stands for; null when its paragraphs do not read so. The
 * places are the lines of its paragraphs counted through the document.
 *
 * @example listedPlanOf(wordDocumentWithoutTables)?.tables[0]?.headerInferred // true
 */
export const listedPlanOf = (doc: ReadDocument): ReadDocument | null => {
  if (doc.tables.length > 0) return null;
  const ps = toParagraphs(webLines(doc.paragraphs.map((p) => p.text).join("\n")));
  const listed = findListedPlan(ps);
  return listed === null ? null : listedDocument(ps, listed, doc.format);
};
