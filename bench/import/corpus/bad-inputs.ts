/**
 * @module Files an importer must refuse with a clear reason, not crash on or misread: a Word file with no
 * table, a cut-off zip, password-protected Word and Excel (officecrypto-tool's ECMA-376 agile encryption, the
 * kind Office writes), a scanned PDF with no text layer, and a table that is not a plan. All small; the test
 * of an oversized upload makes its own file.
 */
import { join } from "node:path";
import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from "docx";
import ExcelJS from "exceljs";
import officeCrypto from "officecrypto-tool";
import PDFDocument from "pdfkit";

const PASSWORD = "plan-2025";

const para = (text: string): Paragraph => new Paragraph({ children: [new TextRun({ text, font: "Times New Roman", size: 28 })] });

const docx = async (children: Array<Paragraph | Table>): Promise<Uint8Array> =>
  new Uint8Array(await Packer.toBuffer(new Document({ creator: "Plan Ledger corpus", sections: [{ children }] })));

const textTable = (rows: string[][]): Table =>
  new Table({ rows: rows.map((r) => new TableRow({ children: r.map((t) => new TableCell({ children: [para(t)] })) })) });

/** An order that approves a plan "що додається", with the annex left out: prose only. */
const noTable = (): Promise<Uint8Array> =>
  docx([
    para("ХМІЛЬНИЦЬКА РАЙОННА ДЕРЖАВНА АДМІНІСТРАЦІЯ"),
    para("РОЗПОРЯДЖЕННЯ"),
    para("14.03.2025 № 87"),
    para("Про затвердження плану заходів щодо підготовки закладів освіти району до нового навчального року"),
    para("1. Затвердити план заходів щодо підготовки закладів освіти району до 2025/2026 навчального року, що додається."),
    para("2. Відділу освіти райдержадміністрації забезпечити виконання плану та інформувати до 01.09.2025."),
    para("3. Контроль за виконанням цього розпорядження залишаю за собою."),
  ]);

/** A table, but a telephone list: nothing a plan's columns could be. */
const noColumns = (): Promise<Uint8Array> =>
  docx([
    para("Довідник телефонів структурних підрозділів"),
    textTable([
      ["ПІБ", "Посада", "Телефон", "Кабінет"],
      ["Коваленко Ірина Петрівна", "начальник відділу", "(0432) 55-12-01", "204"],
      ["Мельник Олег Васильович", "головний спеціаліст", "(0432) 55-12-07", "206"],
      ["Ткачук Наталія Іванівна", "провідний спеціаліст", "(0432) 55-12-09", "207"],
    ]),
  ]);

/**
 * A real plan whose headers no vocabulary knows ("Справа", "Хто", "Коли"): the reader must not guess the
 * measure column, and a person's column assignment reads it.
 */
const unnamedColumns = (): Promise<Uint8Array> =>
  docx([
    para("План роботи відділу культури на I півріччя 2025 року"),
    textTable([
      ["№", "Справа", "Хто", "Коли"],
      ["1.", "Провести огляд-конкурс аматорських колективів громади", "Відділ культури, туризму та охорони культурної спадщини", "I кв. 2025 р."],
      ["2.", "Організувати виставку робіт майстрів народних промислів", "Центр культурних послуг", "квітень 2025 р."],
      ["3.", "Оновити фонди публічних бібліотек громади", "Публічна бібліотека (за згодою)", "до 30.06.2025"],
    ]),
  ]);

const smallWorkbook = async (): Promise<Uint8Array> => {
  const wb = new ExcelJS.Workbook();
  wb.created = new Date("2025-01-15T09:00:00Z");
  const ws = wb.addWorksheet("План");
  ws.addRow(["№ з/п", "Зміст заходу", "Виконавець", "Термін виконання"]);
  ws.addRow([1, "Проведення наради з керівниками закладів освіти", "Відділ освіти", "до 01.04.2025"]);
  return new Uint8Array(await wb.xlsx.writeBuffer());
};

/** A scan: one page that is a picture of a page, with no text layer at all. */
const imageOnlyPdf = (png: string): Promise<Uint8Array> =>
  new Promise((resolve, reject) => {
    const pdf = new PDFDocument({ size: "A4", margin: 36, info: { CreationDate: new Date("2025-01-15T09:00:00Z") } });
    const chunks: Buffer[] = [];
    pdf.on("data", (c: Buffer) => chunks.push(c));
    pdf.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    pdf.on("error", reject);
    pdf.image(png, 36, 36, { fit: [523, 770] });
    pdf.end();
  });

/**
 * The bad inputs by file name.
 *
 * @example for (const [name, bytes] of await badInputs(repoRoot)) writeFileSync(join(dir, name), bytes)
 */
export const badInputs = async (repoRoot: string): Promise<Array<[string, Uint8Array]>> => {
  const plain = await noTable();
  const table = await docx([
    para("План заходів"),
    textTable([
      ["№ з/п", "Зміст заходу", "Виконавець", "Термін виконання"],
      ["1", "Проведення наради з керівниками закладів освіти", "Відділ освіти", "до 01.04.2025"],
    ]),
  ]);
  const out: Array<[string, Uint8Array]> = [
    ["no-table.docx", plain],
    // Cut in the middle of its entries: the central directory at the end of the zip is gone.
    ["truncated.docx", table.slice(0, Math.floor(table.length / 2))],
    ["no-plan-columns.docx", await noColumns()],
    ["unnamed-columns.docx", await unnamedColumns()],
    ["image-only.pdf", await imageOnlyPdf(join(repoRoot, "docs/screenshots/accounts-390.png"))],
  ];
  try {
    out.push(["password.docx", new Uint8Array(await officeCrypto.encrypt(Buffer.from(table), { password: PASSWORD }))]);
    out.push(["password.xlsx", new Uint8Array(await officeCrypto.encrypt(Buffer.from(await smallWorkbook()), { password: PASSWORD }))]);
  } catch (e) {
    console.error(`officecrypto-tool could not encrypt: ${String(e)}`);
  }
  return out;
};

/** The password of both protected files, so a test can also check that decrypting is not attempted blindly. */
export const BAD_INPUT_PASSWORD = PASSWORD;
