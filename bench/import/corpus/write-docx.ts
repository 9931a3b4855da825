/**
 * @module A corpus document as Word (.docx): paragraphs and real tables, merges as Word stores them (gridSpan
 * across, vMerge restart/continue down), header rows marked to repeat on each page, rows allowed to break
 * across pages as Word allows by default.
 */
import {
  AlignmentType,
  Document,
  Packer,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalMergeType,
  WidthType,
} from "docx";
import { type CorpusDocument, type CorpusTable, rowSpanOf, startColumns } from "./corpus-table.js";

const FONT = "Times New Roman";
/** Text width of an A4 page with 2 cm margins, in twentieths of a point. */
const WIDTH_LANDSCAPE = 14570;
const WIDTH_PORTRAIT = 9638;

const runs = (text: string, bold: boolean, size: number): Paragraph =>
  new Paragraph({ children: [new TextRun({ text, bold, font: FONT, size })] });

const table = (t: CorpusTable, pageWidth: number): Table => {
  const sum = t.widths.reduce((a, b) => a + b, 0);
  const widths = t.widths.map((w) => Math.round((w / sum) * pageWidth));
  return new Table({
    columnWidths: widths,
    width: { size: pageWidth, type: WidthType.DXA },
    rows: t.rows.map((r, ri) => {
      const starts = startColumns(r);
      return new TableRow({
        tableHeader: r.header,
        children: r.cells.map((c, ci) => {
          const start = starts[ci] ?? 0;
          const merge = c.continuesAbove
            ? VerticalMergeType.CONTINUE
            : rowSpanOf(t.rows, ri, start) > 1
              ? VerticalMergeType.RESTART
              : undefined;
          const paragraphs = c.continuesAbove || c.paragraphs.length === 0 ? [new Paragraph({})] : c.paragraphs.map((p) => runs(p, c.bold === true || r.header, 20));
          return new TableCell({
            children: paragraphs,
            ...(c.span > 1 ? { columnSpan: c.span } : {}),
            ...(merge === undefined ? {} : { verticalMerge: merge }),
            width: { size: widths.slice(start, start + c.span).reduce((a, b) => a + b, 0), type: WidthType.DXA },
          });
        }),
      });
    }),
  });
};

/**
 * Writes the document as .docx bytes.
 *
 * @example writeFileSync("plan.docx", await toDocx(doc))
 */
export const toDocx = async (doc: CorpusDocument): Promise<Uint8Array> => {
  const pageWidth = doc.landscape ? WIDTH_LANDSCAPE : WIDTH_PORTRAIT;
  const children = doc.blocks.map((b) =>
    b.kind === "table"
      ? table(b.table, pageWidth)
      : new Paragraph({
          alignment: b.centered === true ? AlignmentType.CENTER : AlignmentType.LEFT,
          children: [new TextRun({ text: b.text, bold: b.bold === true, font: FONT, size: 28 })],
        }),
  );
  const document = new Document({
    creator: "Plan Ledger corpus",
    sections: [
      {
        properties: {
          page: {
            size: { orientation: doc.landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
            margin: { top: 1134, bottom: 1134, left: 1134, right: 1134 },
          },
        },
        children,
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
};
