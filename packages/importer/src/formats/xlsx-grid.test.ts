import { Either } from "effect";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { plainNumber, readXlsxGrid } from "./xlsx-grid.js";

const workbook = async (): Promise<Uint8Array> => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("План");
  ws.getCell("A1").value = "План заходів на 2025–2026 роки";
  ws.mergeCells("A1:E1");
  ws.getCell("A2").value = "затверджено розпорядженням № 12";
  ws.addRow([]);
  ws.getRow(4).values = ["№", "Захід", "Строк", "Фінансування"];
  ws.mergeCells("D4:E4");
  ws.getRow(5).values = ["", "", "", 2025, 2026];
  ws.getRow(6).values = [
    "1.",
    { richText: [{ text: "Провести " }, { font: { bold: true }, text: "навчання" }] },
    new Date(Date.UTC(2025, 11, 31)),
    1234567.5,
    { formula: "0.1+0.2", result: 0.30000000000000004 },
  ];
  ws.getRow(7).values = ["2.", "Другий захід", "щороку", 1e21, 0.000001];
  ws.mergeCells("C6:C7");
  const other = wb.addWorksheet("Додаток");
  other.getCell("B2").value = "Примітка";
  other.getCell("B3").value = "а";
  other.getCell("C3").value = "б";
  return new Uint8Array(await wb.xlsx.writeBuffer());
};

describe("readXlsxGrid", () => {
  it("reads each sheet's used range with merges, numbers, dates, rich text and formulas", async () => {
    const read = Either.getOrThrow(await readXlsxGrid(await workbook()));
    expect(read.format).toBe("xlsx");
    expect(read.preamble.map((p) => [p.text, p.place])).toEqual([
      ["План заходів на 2025–2026 роки", { sheet: "План", row: 1 }],
      ["затверджено розпорядженням № 12", { sheet: "План", row: 2 }],
    ]);
    expect(read.tables).toHaveLength(2);
    const [header, years, first, second] = read.tables[0]!.rows;
    expect(header!.place).toEqual({ sheet: "План", row: 4 });
    expect(header!.cells.map((c) => [c.text, c.colSpan])).toEqual([
      ["№", 1],
      ["Захід", 1],
      ["Строк", 1],
      ["Фінансування", 2],
    ]);
    expect(years!.cells.map((c) => c.text)).toEqual(["", "", "", "2025", "2026"]);
    expect(first!.cells.map((c) => c.text)).toEqual(["1.", "Провести навчання", "31.12.2025", "1234567.5", "0.3"]);
    expect(second!.cells.map((c) => c.text)).toEqual(["2.", "Другий захід", "", "1000000000000000000000", "0.000001"]);
    expect(second!.cells[2]).toMatchObject({ continuesAbove: true, place: { sheet: "План", row: 7, cell: 3 } });
    const appendix = read.tables[1]!;
    expect(appendix.place).toEqual({ sheet: "Додаток", table: 2 });
    expect(appendix.rows.map((r) => r.cells.map((c) => c.text))).toEqual([["а", "б"]]);
    expect(read.paragraphs.map((p) => p.text)).toContain("Примітка");
  });

  it("leaves out rows and columns the sheet does not show: hidden by hand or folded in a collapsed outline group", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Заходи");
    ws.getRow(1).values = ["№", "Зміст заходу", "Службова", "Строк"];
    ws.getRow(2).values = [1, 2, 3, 4];
    ws.getRow(3).values = ["1.1.", "Перший захід", "x", "2026 р."];
    ws.getRow(4).values = ["1.2.", "Захід виключено", "x", "—"];
    ws.getRow(5).values = ["1.3.", "Третій захід", "x", "2027 р."];
    ws.getRow(6).values = ["", "деталізація 1", "", "5"];
    ws.getRow(7).values = ["", "деталізація 2", "", "6"];
    ws.getRow(8).values = ["", "Довідково: паспорт Програми", "", ""];
    // A vertical merge whose first row is hidden shows its text in its first shown row.
    ws.getRow(10).values = ["1.4.", "Четвертий захід"];
    ws.getCell("D9").value = "щороку";
    ws.mergeCells("D9:D10");
    ws.getRow(2).hidden = true; // the column-number row
    ws.getRow(4).hidden = true; // a measure excluded by an amendment
    ws.getRow(9).hidden = true;
    for (const r of [6, 7]) {
      ws.getRow(r).outlineLevel = 1;
      ws.getRow(r).hidden = true; // a collapsed group: Excel saves its rows hidden
    }
    ws.properties.outlineLevelRow = 1;
    ws.getRow(8).hidden = true;
    ws.getColumn(3).hidden = true;
    const read = Either.getOrThrow(await readXlsxGrid(new Uint8Array(await wb.xlsx.writeBuffer())));
    const rows = read.tables[0]?.rows ?? [];
    expect(rows.map((r) => r.cells.map((c) => c.text))).toEqual([
      ["№", "Зміст заходу", "Строк"],
      ["1.1.", "Перший захід", "2026 р."],
      ["1.3.", "Третій захід", "2027 р."],
      ["1.4.", "Четвертий захід", "щороку"],
    ]);
    expect(rows.map((r) => r.place.row)).toEqual([1, 3, 5, 10]);
    expect(rows[3]?.cells[2]?.place).toEqual({ sheet: "Заходи", row: 10, cell: 4 });
  });

  it("says which tables each sheet's lines above its table stand after, as a Word document says of its paragraphs", async () => {
    // A workbook kept a sheet per section: the section's name above each sheet's own header.
    const wb = new ExcelJS.Workbook();
    for (const [n, name] of [[1, "Дороги"], [2, "Освітлення"]] as const) {
      const ws = wb.addWorksheet(`Розділ ${n}`);
      if (n === 1) ws.getCell("A1").value = "Перелік заходів програми";
      ws.addRow([`Розділ ${n}. ${name}`]);
      ws.addRow(["№ з/п", "Найменування заходу", "Виконавець"]);
      ws.addRow([1, `Перший захід розділу ${n}`, "КП «Благоустрій»"]);
    }
    const read = Either.getOrThrow(await readXlsxGrid(new Uint8Array(await wb.xlsx.writeBuffer())));
    expect(read.paragraphs.map((p) => [p.text, p.afterTable])).toEqual([
      ["Перелік заходів програми", undefined],
      ["Розділ 1. Дороги", undefined],
      ["Розділ 2. Освітлення", 1],
    ]);
    expect(read.preamble.map((p) => p.text)).toEqual(["Перелік заходів програми", "Розділ 1. Дороги"]);
  });

  it("prints numbers without grouping or exponent", () => {
    expect(plainNumber(30564)).toBe("30564");
    expect(plainNumber(1970.25)).toBe("1970.25");
    expect(plainNumber(-0.5)).toBe("-0.5");
  });

  it("refuses a workbook that is not one", async () => {
    const r = await readXlsxGrid(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]));
    expect(Either.isLeft(r) && r.left.reason).toMatch(/ZIP/);
  });
});
