/**
 * @module A corpus document as Word (.docx): paragraphs and real tables, merges as Word stores them (gridSpan
 * across, vMerge restart/continue down), header rows marked to repeat on each page, rows allowed to break
 * across pages as Word allows by default. A cell marked as a list item (`listLevel`) gets Word's automatic
 * numbering (numbering.xml, one multi-level list "1." / "1.1." for the whole document): its label is never text.
 */
import {
  AlignmentType,
  Document,
  LevelFormat,
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
import { type CorpusDocument, type CorpusTable, SOFT_BREAK, rowSpanOf, startColumns } from "./corpus-table.js";

const FONT = "Times New Roman";
/** Text width of an A4 page with 2 cm margins, in twentieths of a point. */
const WIDTH_LANDSCAPE = 14570;
const WIDTH_PORTRAIT = 9638;

/** A paragraph's runs; a manual line break (Shift+Enter) starts a run with a `w:br` before it, as Word stores it. */
const runs = (text: string, bold: boolean, size: number): Paragraph =>
  new Paragraph({
    children: text.includes(SOFT_BREAK)
      ? text.split(SOFT_BREAK).map((t, i) => new TextRun({ text: t, bold, font: FONT, size, ...(i > 0 ? { break: 1 } : {}) }))
      : [new TextRun({ text, bold, font: FONT, size })],
  });

/** The one automatic list of a document that numbers its measures, as Word's multi-level list "1." / "1.1.". */
const LIST = "plan-measures";
const NUMBERING = {
  config: [
    {
      reference: LIST,
      levels: [
        { level: 0, format: LevelFormat.DECIMAL, text: "%1.", alignment: AlignmentType.LEFT },
        { level: 1, format: LevelFormat.DECIMAL, text: "%1.%2.", alignment: AlignmentType.LEFT },
      ],
    },
  ],
};

/** A cell's paragraphs; a list item's first paragraph carries the numbering and no label text. */
const cellParagraphs = (texts: ReadonlyArray<string>, bold: boolean, listLevel: number | undefined): Paragraph[] => {
  if (listLevel === undefined) return texts.length === 0 ? [new Paragraph({})] : texts.map((p) => runs(p, bold, 20));
  const [first = "", ...rest] = texts;
  return [
    new Paragraph({ numbering: { reference: LIST, level: listLevel }, children: first === "" ? [] : [new TextRun({ text: first, bold, font: FONT, size: 20 })] }),
    ...rest.map((p) => runs(p, bold, 20)),
  ];
};

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
          const paragraphs = c.continuesAbove
            ? [new Paragraph({})]
            : c.listLevel !== undefined
              ? cellParagraphs(c.paragraphs, c.bold === true || r.header, c.listLevel)
              : c.paragraphs.length === 0
                ? [new Paragraph({})]
                : c.paragraphs.map((p) => runs(p, c.bold === true || r.header, 20));
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
  const numbered = doc.blocks.some((b) => b.kind === "table" && b.table.rows.some((r) => r.cells.some((c) => c.listLevel !== undefined)));
  const document = new Document({
    creator: "Plan Ledger corpus",
    ...(numbered ? { numbering: NUMBERING } : {}),
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
