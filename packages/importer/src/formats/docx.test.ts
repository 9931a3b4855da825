import {
  AlignmentType,
  DeletedTextRun,
  Document,
  InsertedTextRun,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
} from "docx";
import { Either } from "effect";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { readDocx } from "./docx.js";

const cell = (text: string | Array<Paragraph | Table>, opts: { columnSpan?: number; rowSpan?: number } = {}): TableCell =>
  new TableCell({ children: typeof text === "string" ? [new Paragraph(text)] : text, ...opts });

const plan = async (): Promise<Uint8Array> => {
  const doc = new Document({
    numbering: {
      config: [
        {
          reference: "measures",
          levels: [
            { level: 0, format: LevelFormat.DECIMAL, text: "%1.", alignment: AlignmentType.START },
            { level: 1, format: LevelFormat.DECIMAL, text: "%1.%2.", alignment: AlignmentType.START },
          ],
        },
        {
          reference: "paren",
          levels: [{ level: 0, format: LevelFormat.DECIMAL, text: "%1)", start: 3, alignment: AlignmentType.START }],
        },
      ],
    },
    sections: [
      {
        children: [
          new Paragraph("ЛУГАНСЬКА ОБЛАСНА ДЕРЖАВНА АДМІНІСТРАЦІЯ"),
          new Paragraph({
            children: [new TextRun("Про затвердження плану"), new TextRun({ text: "заходів", break: 1 })],
          }),
          new Table({
            rows: [
              new TableRow({
                children: [cell("№ з/п"), cell("Найменування заходу"), cell("Фінансування", { columnSpan: 2 })],
              }),
              new TableRow({ children: [cell(""), cell(""), cell("2025"), cell("2026")] }),
              new TableRow({
                children: [
                  cell([new Paragraph({ text: "", numbering: { reference: "measures", level: 0 } })]),
                  cell([
                    new Paragraph("Провести навчання"),
                    new Paragraph({
                      children: [
                        new TextRun("для "),
                        new DeletedTextRun({ text: "старих ", id: 1, author: "a", date: "2025-01-01T00:00:00Z" }),
                        new InsertedTextRun({ text: "нових ", id: 2, author: "a", date: "2025-01-01T00:00:00Z" }),
                        new TextRun("працівників\tщороку"),
                      ],
                    }),
                  ]),
                  cell("100,5", { rowSpan: 2 }),
                  cell("200"),
                ],
              }),
              new TableRow({
                children: [
                  cell([new Paragraph({ text: "", numbering: { reference: "measures", level: 1 } })]),
                  cell([
                    new Paragraph("Підзахід"),
                    new Table({ rows: [new TableRow({ children: [cell("вкладена"), cell("таблиця")] })] }),
                  ]),
                  cell("300"),
                ],
              }),
              new TableRow({
                children: [
                  cell([new Paragraph({ text: "", numbering: { reference: "measures", level: 0 } })]),
                  cell("Другий захід"),
                  cell("1"),
                  cell("2"),
                ],
              }),
            ],
          }),
          new Paragraph({ text: "Пункт після таблиці", numbering: { reference: "paren", level: 0 } }),
          new Paragraph({ text: "Ще пункт", numbering: { reference: "paren", level: 0 } }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
};

describe("readDocx", () => {
  it("reads merged cells, numbering labels, tracked changes, nested tables and the preamble", async () => {
    const read = Either.getOrThrow(readDocx(await plan()));
    expect(read.format).toBe("docx");
    expect(read.preamble.map((p) => p.text)).toEqual(["ЛУГАНСЬКА ОБЛАСНА ДЕРЖАВНА АДМІНІСТРАЦІЯ", "Про затвердження плану\nзаходів"]);
    expect(read.paragraphs.map((p) => p.text)).toEqual([
      "ЛУГАНСЬКА ОБЛАСНА ДЕРЖАВНА АДМІНІСТРАЦІЯ",
      "Про затвердження плану\nзаходів",
      "3) Пункт після таблиці",
      "4) Ще пункт",
    ]);
    expect(read.tables).toHaveLength(1);
    const [header, years, first, second, third] = read.tables[0]!.rows;
    expect(header!.cells.map((c) => [c.text, c.colSpan])).toEqual([
      ["№ з/п", 1],
      ["Найменування заходу", 1],
      ["Фінансування", 2],
    ]);
    expect(years!.cells.map((c) => c.text)).toEqual(["", "", "2025", "2026"]);
    expect(first!.cells.map((c) => c.text)).toEqual(["1.", "Провести навчання\nдля нових працівників\tщороку", "100,5", "200"]);
    expect(first!.cells[1]!.place).toEqual({ table: 1, row: 3, cell: 2 });
    // The cell under the vertical merge repeats nothing.
    expect(second!.cells.map((c) => [c.text, c.continuesAbove ?? false])).toEqual([
      ["1.1.", false],
      ["Підзахід\nвкладена таблиця", false],
      ["", true],
      ["300", false],
    ]);
    expect(third!.cells[0]!.text).toBe("2.");
    expect(read.tables[0]!.rowsAreLines).toBe(false);
  });

  it("refuses a zip without word/document.xml and a document that is not XML", () => {
    const noBody = zipSync({ "word/styles.xml": strToU8("<styles/>") });
    expect(Either.getLeft(readDocx(noBody)).pipe((l) => l._tag === "Some" && l.value.reason)).toMatch(/немає word\/document.xml/);
    const broken = zipSync({ "word/document.xml": strToU8("<w:document><w:body><w:p>") });
    expect(Either.getLeft(readDocx(broken)).pipe((l) => l._tag === "Some" && l.value.reason)).toMatch(/пошкоджений/);
  });
});

describe("readDocx: held-out-7's habits", () => {
  it("says which tables a paragraph stands between, for a plan typed a table per section", async () => {
    const row = (...texts: string[]) => new TableRow({ children: texts.map((t) => cell(t)) });
    const doc = new Document({
      sections: [
        {
          children: [
            new Paragraph("ПЛАН ЗАХОДІВ"),
            new Table({ rows: [row("№ з/п", "Назва заходу", "Виконавці", "Термін виконання")] }),
            new Paragraph({ children: [new TextRun({ text: "1. Національно-патріотичне виховання", bold: true })], alignment: AlignmentType.CENTER }),
            new Table({ rows: [row("1.1", "Проведення тижня молоді", "Відділ культури", "червень 2026 р.")] }),
            new Paragraph("2. Підтримка молодіжних ініціатив"),
            new Table({ rows: [row("2.1", "Проведення конкурсу", "Відділ культури", "травень 2026 р.")] }),
            new Paragraph("Секретар ради"),
          ],
        },
      ],
    });
    const read = Either.getOrThrow(readDocx(new Uint8Array(await Packer.toBuffer(doc))));
    expect(read.tables).toHaveLength(3);
    expect(read.paragraphs.map((p) => [p.text, p.afterTable])).toEqual([
      ["ПЛАН ЗАХОДІВ", undefined],
      ["1. Національно-патріотичне виховання", 1],
      ["2. Підтримка молодіжних ініціатив", 2],
      ["Секретар ради", 3],
    ]);
    expect(read.preamble.map((p) => p.text)).toEqual(["ПЛАН ЗАХОДІВ"]);
  });
});

describe("readDocx: held-out-11's habits", () => {
  it("marks a cell bold when all its text is bold, by the run or by the paragraph's style, and no other", async () => {
    const bold = (text: string) => new Paragraph({ children: [new TextRun({ text, bold: true })] });
    const doc = new Document({
      styles: { paragraphStyles: [{ id: "SectionRow", name: "Section row", basedOn: "Normal", run: { bold: true } }] },
      sections: [
        {
          children: [
            new Table({
              rows: [
                new TableRow({
                  children: [
                    cell([bold("Санітарне очищення території")]),
                    cell([new Paragraph({ text: "Вуличне освітлення", style: "SectionRow" })]),
                    cell([new Paragraph({ children: [new TextRun({ text: "Проведення ", bold: true }), new TextRun("толоки")] })]),
                    cell("Заміна світильників"),
                    cell([new Paragraph({ children: [new TextRun({ text: "Озеленення", bold: false })], style: "SectionRow" })]),
                  ],
                }),
              ],
            }),
          ],
        },
      ],
    });
    const read = Either.getOrThrow(readDocx(new Uint8Array(await Packer.toBuffer(doc))));
    expect(read.tables[0]?.rows[0]?.cells.map((c) => c.bold === true)).toEqual([true, true, false, false, false]);
  });
});
