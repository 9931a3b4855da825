/**
 * @module A Word document (.docx) read into a `ReadDocument`: the body's paragraphs and tables in order,
 * merged cells as Word records them (gridSpan across, vMerge down), tracked changes as accepted (insertions
 * kept, deletions dropped), and the labels of Word's automatic numbering computed and printed into the
 * text, since measures are numbered that way and the numbers are nowhere in the document's text.
 */
import { DOMParser, type Element, type Node, onErrorStopParsing } from "@xmldom/xmldom";
import { Either } from "effect";
import { UnreadableDocument } from "../errors.js";
import type { GridCell, GridRow, GridTable, Paragraph, ReadDocument } from "../general/grid.js";
import { MAX_UNZIPPED_BYTES, unzipParts } from "./zip.js";
import { type NumberingDefinitions, NumberingState, readNumbering, readStyleNumbering } from "./docx-numbering.js";

const ELEMENT = 1;
const TEXT = 3;
const CDATA = 4;

const children = (node: Node): Element[] => {
  const out: Element[] = [];
  for (let c = node.firstChild; c !== null; c = c.nextSibling) if (c.nodeType === ELEMENT) out.push(c as Element);
  return out;
};

const child = (node: Node, local: string): Element | undefined => children(node).find((c) => c.localName === local);

/** An attribute by local name: documents use the `w:` prefix, but the prefix is the author's choice. */
export const attr = (el: Element | undefined, local: string): string | undefined => {
  if (el === undefined) return undefined;
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes.item(i);
    if (a !== null && a.localName === local) return a.value;
  }
  return undefined;
};

/**
 * Parses a part as XML; null when it is not well-formed.
 *
 * @example parseXml(new TextEncoder().encode("<a/>"))?.documentElement?.localName // "a"
 */
export const parseXml = (bytes: Uint8Array): ReturnType<DOMParser["parseFromString"]> | null => {
  try {
    const text = new TextDecoder("utf-8").decode(bytes);
    return new DOMParser({ onError: onErrorStopParsing }).parseFromString(text, "text/xml");
  } catch {
    return null;
  }
};

/** Elements whose text is not printed: deleted revisions, field instructions, drawings (their text boxes float outside the flow). */
const SKIPPED = new Set(["del", "moveFrom", "instrText", "delInstrText", "drawing", "pict", "object", "AlternateContent", "pPr", "rPr", "sdtPr", "sdtEndPr", "tcPr", "trPr", "tblPr", "tblGrid", "footnoteReference", "endnoteReference", "commentReference"]);

interface Reader {
  readonly numbering: NumberingState;
  /** Paragraph and character styles that make their text bold (styles.xml, through `basedOn`). */
  readonly boldStyles: ReadonlySet<string>;
}

/** What a `w:b` in run properties says: on (no value, "1", "true", "on"), off, or nothing (undefined). */
const boldIn = (rPr: Element | undefined): boolean | undefined => {
  const b = rPr === undefined ? undefined : child(rPr, "b");
  if (b === undefined) return undefined;
  const v = attr(b, "val");
  return v === undefined || v === "1" || v === "true" || v === "on";
};

/**
 * The styles of styles.xml whose text is bold: a style's own `w:b`, else the one of the style it is based on.
 *
 * @example readBoldStyles(parseXml(stylesXml)).has("Heading1") // true
 */
export const readBoldStyles = (doc: ReturnType<typeof parseXml>): ReadonlySet<string> => {
  const own = new Map<string, { bold?: boolean; basedOn?: string }>();
  const root = doc?.documentElement ?? undefined;
  if (root === undefined || root === null) return new Set();
  for (const el of children(root)) {
    const id = el.localName === "style" ? attr(el, "styleId") : undefined;
    if (id === undefined) continue;
    const bold = boldIn(child(el, "rPr"));
    const basedOn = attr(child(el, "basedOn"), "val");
    own.set(id, { ...(bold === undefined ? {} : { bold }), ...(basedOn === undefined ? {} : { basedOn }) });
  }
  const out = new Set<string>();
  for (const id of own.keys()) {
    const seen = new Set<string>();
    for (let s: string | undefined = id; s !== undefined && !seen.has(s); s = own.get(s)?.basedOn) {
      seen.add(s);
      const bold = own.get(s)?.bold;
      if (bold === undefined) continue;
      if (bold) out.add(id);
      break;
    }
  }
  return out;
};

/**
 * Whether every run of printed text in a cell is bold (its own `w:b`, its character style's or its paragraph
 * style's): a heading typed in bold in one cell of an otherwise empty row, not merged across, is told by it.
 */
const allBold = (node: Node, reader: Reader, paragraphBold = false): { runs: number; bold: number } => {
  const count = { runs: 0, bold: 0 };
  for (const el of children(node)) {
    const name = el.localName ?? "";
    if (SKIPPED.has(name)) continue;
    if (name === "p") {
      const style = attr(child(child(el, "pPr") ?? el, "pStyle"), "val");
      const inner = allBold(el, reader, style !== undefined && reader.boldStyles.has(style));
      count.runs += inner.runs;
      count.bold += inner.bold;
    } else if (name === "r") {
      const printed = children(el).some((t) => t.localName === "t" && (t.textContent ?? "").trim() !== "");
      if (!printed) continue;
      const rPr = child(el, "rPr");
      const rStyle = attr(rPr === undefined ? undefined : child(rPr, "rStyle"), "val");
      const bold = boldIn(rPr) ?? (rStyle !== undefined && reader.boldStyles.has(rStyle) ? true : paragraphBold);
      count.runs++;
      if (bold) count.bold++;
    } else {
      const inner = allBold(el, reader, paragraphBold);
      count.runs += inner.runs;
      count.bold += inner.bold;
    }
  }
  return count;
};

/** The text of a run-level subtree (inside one paragraph). */
const inlineText = (node: Node, out: string[]): void => {
  for (let c = node.firstChild; c !== null; c = c.nextSibling) {
    if (c.nodeType === TEXT || c.nodeType === CDATA) continue; // whitespace between elements is not text in WordprocessingML
    if (c.nodeType !== ELEMENT) continue;
    const el = c as Element;
    const name = el.localName ?? "";
    if (SKIPPED.has(name)) continue;
    switch (name) {
      case "t":
        out.push(el.textContent ?? "");
        break;
      case "tab":
        out.push("\t");
        break;
      case "br":
      case "cr":
        out.push("\n");
        break;
      case "noBreakHyphen":
        out.push("-");
        break;
      case "sym": {
        // A symbol from a symbol font; only the bullet-like private-use ones are common, so print nothing for those.
        const code = Number.parseInt(attr(el, "char") ?? "", 16);
        if (Number.isFinite(code) && code < 0xe000) out.push(String.fromCodePoint(code));
        break;
      }
      default:
        inlineText(el, out);
    }
  }
};

const paragraphText = (p: Element, reader: Reader): string => {
  const out: string[] = [];
  inlineText(p, out);
  const text = out.join("");
  const label = reader.numbering.labelFor(p);
  return label === null ? text : `${label} ${text}`;
};

/** Block-level content of a body or a cell, flattened to paragraphs' texts (nested tables included). */
const blockTexts = (node: Node, reader: Reader, out: string[]): void => {
  for (const el of children(node)) {
    switch (el.localName) {
      case "p":
        out.push(paragraphText(el, reader));
        break;
      case "tbl":
        for (const tr of rowsOf(el)) {
          const cells = cellsOf(tr).map((tc) => {
            const inner: string[] = [];
            blockTexts(tc, reader, inner);
            return inner.join("\n").trim();
          });
          out.push(cells.filter((t) => t !== "").join(" "));
        }
        break;
      case "sdt":
      case "customXml":
        blockTexts(child(el, "sdtContent") ?? el, reader, out);
        break;
      default:
        break;
    }
  }
};

/** Rows and cells may be wrapped in content controls (`w:sdt`) or custom XML; their content counts as if unwrapped. */
const unwrapped = (node: Node, local: string): Element[] =>
  children(node).flatMap((el) => {
    if (el.localName === local) return [el];
    if (el.localName === "sdt") return unwrapped(child(el, "sdtContent") ?? el, local);
    if (el.localName === "customXml") return unwrapped(el, local);
    return [];
  });

const rowsOf = (tbl: Element): Element[] => unwrapped(tbl, "tr");
const cellsOf = (tr: Element): Element[] => unwrapped(tr, "tc");

const readTable = (tbl: Element, tableNo: number, reader: Reader): GridTable => {
  const rows: GridRow[] = [];
  rowsOf(tbl).forEach((tr, r) => {
    const rowNo = r + 1;
    const cells: GridCell[] = [];
    // A row that starts further right than the grid (gridBefore) keeps its cells under the right columns.
    const before = Number(attr(child(child(tr, "trPr") ?? tr, "gridBefore"), "val") ?? 0);
    if (before > 0) cells.push({ text: "", colSpan: before, place: { table: tableNo, row: rowNo, cell: 0 } });
    cellsOf(tr).forEach((tc, c) => {
      const tcPr = child(tc, "tcPr");
      const span = Number(attr(tcPr && child(tcPr, "gridSpan"), "val") ?? 1);
      const vMerge = tcPr && child(tcPr, "vMerge");
      // <w:vMerge/> with no value, or "continue", is a cell under the one that restarted the merge.
      const continues = vMerge !== undefined && (attr(vMerge, "val") ?? "continue") === "continue";
      const texts: string[] = [];
      blockTexts(tc, reader, texts);
      const place = { table: tableNo, row: rowNo, cell: c + 1 };
      const colSpan = Number.isFinite(span) && span > 0 ? span : 1;
      const runs = continues ? { runs: 0, bold: 0 } : allBold(tc, reader);
      const bold = runs.runs > 0 && runs.bold === runs.runs;
      cells.push(continues ? { text: "", colSpan, continuesAbove: true, place } : { text: texts.join("\n").trim(), colSpan, place, ...(bold ? { bold } : {}) });
    });
    rows.push({ cells, place: { table: tableNo, row: rowNo } });
  });
  return { rows, rowsAreLines: false, place: { table: tableNo } };
};

const unreadable = (reason: string): UnreadableDocument => new UnreadableDocument({ reason });

const WANTED = new Set(["word/document.xml", "word/numbering.xml", "word/styles.xml"]);

/**
 * Reads a .docx file.
 *
 * @example Either.getOrThrow(readDocx(bytes)).tables[0]?.rows[0]?.cells[0]?.text // "№ з/п"
 */
export const readDocx = (bytes: Uint8Array): Either.Either<ReadDocument, UnreadableDocument> => {
  const parts = unzipParts(bytes, (name) => WANTED.has(name), MAX_UNZIPPED_BYTES);
  if (Either.isLeft(parts)) return Either.left(parts.left);
  const documentXml = parts.right.get("word/document.xml");
  if (documentXml === undefined) {
    return Either.left(unreadable("у файлі Word немає word/document.xml / the Word file has no word/document.xml"));
  }
  const doc = parseXml(documentXml);
  const body = doc?.documentElement ? child(doc.documentElement, "body") : undefined;
  if (body === undefined) {
    return Either.left(unreadable("word/document.xml пошкоджений: не вдалося прочитати XML / word/document.xml is corrupt: not well-formed XML"));
  }
  const numberingXml = parts.right.get("word/numbering.xml");
  const stylesXml = parts.right.get("word/styles.xml");
  const definitions: NumberingDefinitions = numberingXml ? readNumbering(parseXml(numberingXml)) : { nums: new Map(), abstracts: new Map() };
  const styles = stylesXml ? readStyleNumbering(parseXml(stylesXml)) : new Map();
  const reader: Reader = { numbering: new NumberingState(definitions, styles), boldStyles: stylesXml ? readBoldStyles(parseXml(stylesXml)) : new Set() };

  const paragraphs: Paragraph[] = [];
  const tables: GridTable[] = [];
  let preamble: Paragraph[] | null = null;
  let line = 0;
  const walk = (node: Node): void => {
    for (const el of children(node)) {
      if (el.localName === "p") {
        line++;
        const text = paragraphText(el, reader).trim();
        if (text !== "") paragraphs.push(tables.length === 0 ? { text, place: { line } } : { text, place: { line }, afterTable: tables.length });
      } else if (el.localName === "tbl") {
        if (preamble === null) preamble = [...paragraphs];
        tables.push(readTable(el, tables.length + 1, reader));
      } else if (el.localName === "sdt" || el.localName === "customXml") {
        walk(child(el, "sdtContent") ?? el);
      }
    }
  };
  walk(body);
  return Either.right({ format: "docx", paragraphs, tables, preamble: preamble ?? [...paragraphs] });
};
