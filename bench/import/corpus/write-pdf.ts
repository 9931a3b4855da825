/**
 * @module A corpus document as a PDF with a text layer (pdfkit, DejaVu Sans for Cyrillic): the table drawn
 * with cell borders, text wrapped inside its cell, the header rows repeated at the top of every page and a row
 * that does not fit broken across the page, as Word does when it prints a plan. Vertically merged cells run
 * their text down through the rows they cover, with no line between those rows. A document may ask for Word's
 * page habits (`pages`): the page number at the top centre and a continuation line at the top right of every page
 * after the first, or header rows printed on the first page only, or the table with no borders at all.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import PDFDocument from "pdfkit";
import { type CorpusDocument, type CorpusRow, type CorpusTable, type PageHabits, rowSpanOf, startColumns } from "./corpus-table.js";

const require = createRequire(import.meta.url);
const fontDir = join(dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
const REGULAR = join(fontDir, "DejaVuSans.ttf");
const BOLD = join(fontDir, "DejaVuSans-Bold.ttf");

/** Fixed so that generating the corpus twice gives the same document information. */
const STAMP = new Date("2025-01-15T09:00:00Z");
const MARGIN = 36;
const SIZE = 7.5;
const LINE = 9.5;
const PAD = 2.5;

type Pdf = InstanceType<typeof PDFDocument>;

/** Lines of one paragraph at a width, breaking at spaces (a word wider than the cell is broken where it must). */
const wrap = (pdf: Pdf, text: string, width: number): string[] => {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((w) => w !== "")) {
    const candidate = line === "" ? word : `${line} ${word}`;
    if (pdf.widthOfString(candidate) <= width) {
      line = candidate;
      continue;
    }
    if (line !== "") lines.push(line);
    let rest = word;
    while (pdf.widthOfString(rest) > width && rest.length > 1) {
      let cut = rest.length - 1;
      while (cut > 1 && pdf.widthOfString(rest.slice(0, cut)) > width) cut--;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    line = rest;
  }
  if (line !== "") lines.push(line);
  return lines;
};

interface Placed {
  readonly x: number;
  readonly width: number;
  readonly bold: boolean;
  /** The cell under a vertical merge: no line above it. */
  readonly continuesAbove: boolean;
  lines: string[];
}

interface LaidRow {
  readonly cells: Placed[];
  height: number;
  readonly header: boolean;
}

/** Wraps every cell and shares a merged cell's lines out over the rows it covers. */
const layOut = (pdf: Pdf, t: CorpusTable, x0: number, tableWidth: number): LaidRow[] => {
  const sum = t.widths.reduce((a, b) => a + b, 0);
  const xs = [x0];
  for (const w of t.widths) xs.push((xs.at(-1) ?? x0) + (w / sum) * tableWidth);
  const laid: LaidRow[] = t.rows.map((r: CorpusRow) => {
    const starts = startColumns(r);
    const cells = r.cells.map((c, i) => {
      const start = starts[i] ?? 0;
      const x = xs[start] ?? x0;
      const width = (xs[start + c.span] ?? x0) - x;
      pdf.font(c.bold === true || r.header ? "bold" : "regular").fontSize(SIZE);
      const lines = c.paragraphs.flatMap((p) => wrap(pdf, p, width - 2 * PAD));
      return { x, width, bold: c.bold === true || r.header, continuesAbove: c.continuesAbove, lines };
    });
    return { cells, height: 1, header: r.header };
  });
  // Rows are as tall as their own cells; a merged cell then pours its lines into the rows it covers.
  t.rows.forEach((r, ri) => {
    const starts = startColumns(r);
    const own = r.cells.map((c, i) => (c.continuesAbove || rowSpanOf(t.rows, ri, starts[i] ?? 0) > 1 ? 0 : (laid[ri]?.cells[i]?.lines.length ?? 0)));
    const lr = laid[ri];
    if (lr !== undefined) lr.height = Math.max(1, ...own);
  });
  t.rows.forEach((r, ri) => {
    const starts = startColumns(r);
    r.cells.forEach((c, i) => {
      const span = c.continuesAbove ? 1 : rowSpanOf(t.rows, ri, starts[i] ?? 0);
      if (span === 1) return;
      const source = laid[ri]?.cells[i];
      if (source === undefined) return;
      let rest = source.lines;
      for (let k = 0; k < span; k++) {
        const target = laid[ri + k];
        const j = startColumns(t.rows[ri + k] as CorpusRow).indexOf(starts[i] ?? 0);
        const placed = target?.cells[j];
        if (target === undefined || placed === undefined) break;
        const take = k === span - 1 ? rest.length : Math.min(rest.length, target.height);
        placed.lines = rest.slice(0, take);
        rest = rest.slice(take);
        if (placed.lines.length > target.height) target.height = placed.lines.length;
      }
    });
  });
  return laid;
};

const drawPart = (pdf: Pdf, r: LaidRow, from: number, count: number, y: number, first: boolean, borders = true): number => {
  const h = count * LINE + 2 * PAD;
  for (const c of r.cells) {
    // A table with its borders removed keeps the same geometry: only the lines are not drawn.
    if (borders) {
      pdf.moveTo(c.x, y).lineTo(c.x, y + h).moveTo(c.x + c.width, y).lineTo(c.x + c.width, y + h).stroke();
      if (!(first && c.continuesAbove)) pdf.moveTo(c.x, y).lineTo(c.x + c.width, y).stroke();
    }
    pdf.font(c.bold ? "bold" : "regular").fontSize(SIZE);
    c.lines.slice(from, from + count).forEach((line, k) => {
      pdf.text(line, c.x + PAD, y + PAD + k * LINE, { lineBreak: false });
    });
  }
  return y + h;
};

const closeBottom = (pdf: Pdf, rows: LaidRow[], y: number, borders = true): void => {
  if (!borders) return;
  const first = rows[0]?.cells[0];
  const last = rows[0]?.cells.at(-1);
  if (first !== undefined && last !== undefined) pdf.moveTo(first.x, y).lineTo(last.x + last.width, y).stroke();
};

/** Pages of each document so far, for the printed page number. */
const pageCount = new WeakMap<Pdf, number>();

/** A new page: its number at the top centre and the continuation line, as the document's habits ask; returns where the table goes on. */
const newPage = (pdf: Pdf, habits: PageHabits): number => {
  pdf.addPage();
  const page = (pageCount.get(pdf) ?? 1) + 1;
  pageCount.set(pdf, page);
  let y = MARGIN;
  pdf.font("regular").fontSize(9);
  if (habits.numbers === true) pdf.text(String(page), MARGIN, MARGIN / 2, { width: pdf.page.width - 2 * MARGIN, align: "center", lineBreak: false });
  if (habits.continued !== undefined) {
    pdf.text(habits.continued, MARGIN, y, { width: pdf.page.width - 2 * MARGIN, align: "right", lineBreak: false });
    y += 12;
  }
  return y;
};

const drawTable = (pdf: Pdf, t: CorpusTable, startY: number, habits: PageHabits = {}): number => {
  const x0 = MARGIN;
  const width = pdf.page.width - 2 * MARGIN;
  const bottom = pdf.page.height - MARGIN;
  const rows = layOut(pdf, t, x0, width);
  const headers = rows.filter((r) => r.header);
  const borders = habits.borders !== false;
  const drawHeaders = (y: number): number => headers.reduce((at, r) => drawPart(pdf, r, 0, r.height, at, false, borders), y);
  let y = drawHeaders(startY);
  for (const r of rows) {
    if (r.header) continue;
    let from = 0;
    let first = true;
    while (from < r.height) {
      const fits = Math.floor((bottom - y - 2 * PAD) / LINE);
      const left = r.height - from;
      if (fits >= left) {
        y = drawPart(pdf, r, from, left, y, first, borders);
        break;
      }
      // Word breaks a row across the page when at least a couple of its lines fit; otherwise it moves the row.
      if (fits >= 2) {
        y = drawPart(pdf, r, from, fits, y, first, borders);
        from += fits;
        first = false;
      }
      closeBottom(pdf, rows, y, borders);
      const top = newPage(pdf, habits);
      y = habits.repeatHeader === false ? top : drawHeaders(top);
    }
  }
  closeBottom(pdf, rows, y, borders);
  return y + LINE;
};

/**
 * Writes the document as PDF bytes with a text layer.
 *
 * @example writeFileSync("plan.pdf", await toPdf(doc))
 */
export const toPdf = (doc: CorpusDocument): Promise<Uint8Array> =>
  new Promise((resolve, reject) => {
    const pdf = new PDFDocument({
      size: "A4",
      layout: doc.landscape ? "landscape" : "portrait",
      margin: MARGIN,
      // A footer «Сторінка 1 з 3» needs the page count, so its pages are kept until the end (only then).
      ...(doc.pages?.footer === undefined ? {} : { bufferPages: true }),
      info: { Title: doc.name, Creator: "Plan Ledger corpus", CreationDate: STAMP, ModDate: STAMP },
    });
    const chunks: Buffer[] = [];
    pdf.on("data", (c: Buffer) => chunks.push(c));
    pdf.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    pdf.on("error", reject);
    pdf.registerFont("regular", REGULAR);
    pdf.registerFont("bold", BOLD);
    pdf.lineWidth(0.5);
    let y = MARGIN;
    for (const block of doc.blocks) {
      if (block.kind === "paragraph") {
        pdf.font(block.bold === true ? "bold" : "regular").fontSize(10);
        pdf.text(block.text, MARGIN, y, { width: pdf.page.width - 2 * MARGIN, align: block.centered === true ? "center" : "left" });
        y = pdf.y + 2;
        continue;
      }
      if (y > pdf.page.height - MARGIN - 6 * LINE) {
        pdf.addPage();
        y = MARGIN;
      }
      y = drawTable(pdf, block.table, y, doc.pages);
    }
    const footer = doc.pages?.footer;
    if (footer !== undefined) {
      const range = pdf.bufferedPageRange();
      for (let i = range.start; i < range.start + range.count; i++) {
        pdf.switchToPage(i);
        // Below the bottom margin: lift the margin so pdfkit does not open a new page for the line.
        const bottom = pdf.page.margins.bottom;
        pdf.page.margins.bottom = 0;
        pdf.font("regular").fontSize(8);
        const text = footer.replace("{n}", String(i + 1)).replace("{N}", String(range.count));
        pdf.text(text, MARGIN, pdf.page.height - MARGIN / 2 - 4, { width: pdf.page.width - 2 * MARGIN, align: "center", lineBreak: false });
        pdf.page.margins.bottom = bottom;
      }
    }
    pdf.end();
  });
