import { createRequire } from "node:module";
import { Either } from "effect";
import PDFDocument from "pdfkit";
import { describe, expect, it } from "vitest";
import { endsLikeAWord, isPageNumber, joinAtHyphen, opensNoWord, opensWithStrandedLetter, readPdf } from "./pdf.js";

const require = createRequire(import.meta.url);
const FONT = require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf");

const render = (draw: (doc: PDFKit.PDFDocument) => void, options: PDFKit.PDFDocumentOptions = {}): Promise<Uint8Array> =>
  new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: "A4", margin: 40, ...options });
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on("error", reject);
    draw(doc);
    doc.end();
  });

/** A cell drawn as Word exports it: a bordered box with its text inside, wrapped to the cell's width. */
const box = (doc: PDFKit.PDFDocument, x: number, y: number, w: number, h: number, text: string): void => {
  doc.rect(x, y, w, h).lineWidth(0.5).stroke();
  if (text !== "") doc.text(text, x + 3, y + 3, { width: w - 6, lineBreak: true });
};

const COLS = [40, 80, 300, 400, 480, 555]; // №, measure, term, 2025, 2026

const header = (doc: PDFKit.PDFDocument, y: number): number => {
  box(doc, COLS[0]!, y, COLS[1]! - COLS[0]!, 40, "№");
  box(doc, COLS[1]!, y, COLS[2]! - COLS[1]!, 40, "Найменування заходу");
  box(doc, COLS[2]!, y, COLS[3]! - COLS[2]!, 40, "Строк");
  // "Фінансування" spans the two year columns.
  box(doc, COLS[3]!, y, COLS[5]! - COLS[3]!, 20, "Фінансування");
  box(doc, COLS[3]!, y + 20, COLS[4]! - COLS[3]!, 20, "2025");
  box(doc, COLS[4]!, y + 20, COLS[5]! - COLS[4]!, 20, "2026");
  return y + 40;
};

const measure = (doc: PDFKit.PDFDocument, y: number, label: string, title: string, term: string, h = 30): number => {
  box(doc, COLS[0]!, y, COLS[1]! - COLS[0]!, h, label);
  box(doc, COLS[1]!, y, COLS[2]! - COLS[1]!, h, title);
  box(doc, COLS[2]!, y, COLS[3]! - COLS[2]!, h, term);
  box(doc, COLS[3]!, y, COLS[4]! - COLS[3]!, h, "10.5");
  box(doc, COLS[4]!, y, COLS[5]! - COLS[4]!, h, "-");
  return y + h;
};

const plan = (): Promise<Uint8Array> =>
  render((doc) => {
    doc.font(FONT).fontSize(9);
    doc.text("ПЛАН ЗАХОДІВ", 40, 40);
    doc.text("на 2025–2026 роки", 40, 55);
    let y = header(doc, 80);
    y = measure(doc, y, "1.", "Провести навчання для працівників служби у справах дітей", "2025 рік");
    // A term cell merged down over two rows.
    box(doc, COLS[0]!, y, COLS[1]! - COLS[0]!, 20, "2.");
    box(doc, COLS[1]!, y, COLS[2]! - COLS[1]!, 20, "Перший рядок");
    box(doc, COLS[2]!, y, COLS[3]! - COLS[2]!, 40, "щороку");
    box(doc, COLS[3]!, y, COLS[4]! - COLS[3]!, 20, "");
    box(doc, COLS[4]!, y, COLS[5]! - COLS[4]!, 20, "");
    box(doc, COLS[0]!, y + 20, COLS[1]! - COLS[0]!, 20, "3.");
    box(doc, COLS[1]!, y + 20, COLS[2]! - COLS[1]!, 20, "Другий рядок");
    box(doc, COLS[3]!, y + 20, COLS[4]! - COLS[3]!, 20, "");
    box(doc, COLS[4]!, y + 20, COLS[5]! - COLS[4]!, 20, "");
    doc.text("1", 290, 780);
    doc.addPage();
    y = header(doc, 40);
    measure(doc, y, "4.", "Захід на другій сторінці", "IV кв. 2026");
    doc.text("2", 290, 780);
  });

describe("readPdf", () => {
  it("reads a bordered table into cells, merges and all, one table across pages", async () => {
    const read = Either.getOrThrow(await readPdf(await plan()));
    expect(read.format).toBe("pdf");
    expect(read.preamble.map((p) => p.text)).toEqual(["ПЛАН ЗАХОДІВ", "на 2025–2026 роки"]);
    expect(read.tables).toHaveLength(1);
    const table = read.tables[0]!;
    expect(table.rowsAreLines).toBe(false);
    const texts = table.rows.map((r) => r.cells.map((c) => c.text));
    expect(texts[0]).toEqual(["№", "Найменування заходу", "Строк", "Фінансування"]);
    expect(table.rows[0]!.cells[3]!.colSpan).toBe(2);
    expect(table.rows[1]!.cells.map((c) => [c.text, c.continuesAbove ?? false])).toEqual([
      ["", true],
      ["", true],
      ["", true],
      ["2025", false],
      ["2026", false],
    ]);
    // The measure's title wraps onto two lines inside its cell.
    // The title wraps at the cell's border: one paragraph again, not two lines.
    expect(texts[2]).toEqual(["1.", "Провести навчання для працівників служби у справах дітей", "2025 рік", "10.5", "-"]);
    expect(texts[3]).toEqual(["2.", "Перший рядок", "щороку", "", ""]);
    expect(table.rows[4]!.cells[2]).toMatchObject({ text: "", continuesAbove: true });
    expect(texts[4]?.[0]).toBe("3.");
    // The header printed again on page 2 is kept as a row; the table reader drops repeated headers.
    expect(texts[5]).toEqual(["№", "Найменування заходу", "Строк", "Фінансування"]);
    expect(texts[7]).toEqual(["4.", "Захід на другій сторінці", "IV кв. 2026", "10.5", "-"]);
    expect(table.rows[7]!.place).toEqual({ table: 1, row: 8, page: 2 });
  });

  it("reads borders drawn as thin filled rectangles, as Word's PDF export draws them", async () => {
    const bytes = await render((doc) => {
      doc.font(FONT).fontSize(9);
      const xs = [40, 80, 300];
      const ys = [100, 130, 160];
      for (const y of ys) doc.rect(xs[0]!, y, xs[2]! - xs[0]!, 0.5).fill("#000000");
      for (const x of xs) doc.rect(x, ys[0]!, 0.5, ys[2]! - ys[0]!).fill("#000000");
      doc.fillColor("#000000").text("№", 43, 105).text("Захід", 83, 105).text("1.", 43, 135).text("Навчання", 83, 135);
    });
    const read = Either.getOrThrow(await readPdf(bytes));
    expect(read.tables[0]?.rows.map((r) => r.cells.map((c) => c.text))).toEqual([
      ["№", "Захід"],
      ["1.", "Навчання"],
    ]);
  });

  it("falls back to one row per line, cut at wide gaps, when nothing is ruled", async () => {
    const bytes = await render((doc) => {
      doc.font(FONT).fontSize(10);
      doc.text("План заходів", 40, 40);
      const rows = [
        ["1.", "Провести нараду", "I кв. 2025"],
        ["2.", "Підготувати звіт", "щороку"],
        ["", "з питань опіки", ""],
      ];
      rows.forEach((r, i) => {
        const y = 80 + i * 14;
        if (r[0]) doc.text(r[0], 40, y);
        if (r[1]) doc.text(r[1], 80, y);
        if (r[2]) doc.text(r[2], 300, y);
      });
    });
    const read = Either.getOrThrow(await readPdf(bytes));
    expect(read.preamble.map((p) => p.text)).toEqual(["План заходів"]);
    const table = read.tables[0]!;
    expect(table.rowsAreLines).toBe(true);
    expect(table.rows.map((r) => r.cells.map((c) => c.text))).toEqual([
      ["1.", "Провести нараду", "I кв. 2025"],
      ["2.", "Підготувати звіт", "щороку"],
      ["", "з питань опіки", ""],
    ]);
  });

  it("asks for OCR when no page has text", async () => {
    const bytes = await render((doc) => {
      doc.rect(50, 50, 200, 100).fill("#888888");
    });
    const read = await readPdf(bytes);
    expect(Either.isLeft(read) && read.left.reason).toBe(
      "PDF без текстового шару: потрібне розпізнавання тексту (OCR) / PDF has no text layer: needs OCR",
    );
  });

  it("says a password-protected PDF is protected", async () => {
    const bytes = await render((doc) => doc.font(FONT).text("секрет"), { userPassword: "secret", ownerPassword: "owner" });
    const read = await readPdf(bytes);
    expect(Either.isLeft(read) && read.left.reason).toBe("PDF захищений паролем / the PDF is password-protected");
  });

  it("gives a one-line reason for a corrupt PDF", async () => {
    const read = await readPdf(new TextEncoder().encode("%PDF-1.7\nnot really a pdf"));
    expect(Either.isLeft(read) && read.left.reason).toMatch(/^пошкоджений PDF: .* \/ corrupt PDF: [^\n]*$/);
  });
});

describe("endsLikeAWord: a one-word line that fills its cell", () => {
  it("is a whole word when it ends as Ukrainian words end, a broken one otherwise", () => {
    for (const w of ["територіальних", "громад", "документ", "щокварталу", "«Миколаївводоканал»"]) expect(endsLikeAWord(w)).toBe(true);
    for (const w of ["інформаційно-роз’яснювальн", "соціальн"]) expect(endsLikeAWord(w)).toBe(false);
    // «фінансува» could end a word, but what follows could open none: «ння, тис.».
    expect(endsLikeAWord("фінансува")).toBe(true);
    expect(opensNoWord("ння, тис.")).toBe(true);
    expect(opensNoWord("их кампаній")).toBe(true);
    expect(opensNoWord("громад")).toBe(false);
  });
});

describe("a word broken at the border whose last letter reads as a preposition", () => {
  it("joins «щоквартал» + «у до 25 числа»: no preposition stands before another", () => {
    expect(opensWithStrandedLetter("у до 25 числа")).toBe(true);
    expect(opensWithStrandedLetter("у, до 25 числа")).toBe(true);
    for (const line of ["у громаді", "у 2026 році", "і до 25 числа", "до 25 числа", "уточнення"]) expect(opensWithStrandedLetter(line)).toBe(false);
  });

  it("reads the term cell so narrow that the word breaks one letter before its end as the word whole", async () => {
    const bytes = await render((doc) => {
      doc.font(FONT).fontSize(9);
      // The column is as wide as «щоквартал» and not one more letter: a word processor breaks «щокварталу» there.
      const w = doc.widthOfString("щоквартал") + 6 + doc.widthOfString("у") / 2;
      box(doc, 40, 100, 30, 20, "№");
      box(doc, 70, 100, w, 20, "Строк");
      box(doc, 40, 120, 30, 50, "1.");
      doc.rect(70, 120, w, 50).lineWidth(0.5).stroke();
      doc.text("щоквартал", 73, 123, { lineBreak: false });
      doc.text("у до 25", 73, 123 + doc.currentLineHeight(true));
      doc.text("числа", 73, 123 + 2 * doc.currentLineHeight(true));
    });
    const read = Either.getOrThrow(await readPdf(bytes));
    expect(read.tables[0]?.rows.map((r) => r.cells.map((c) => c.text))).toEqual([
      ["№", "Строк"],
      ["1.", "щокварталу до 25 числа"],
    ]);
  });
});

describe("held-out-7's habits: a word broken in a narrow column with no hyphen", () => {
  it("takes a piece of one or two letters that is no Ukrainian word for the rest of the word above («фінансуван» + «ня»)", () => {
    for (const line of ["ня", "ня,", "е господарства"]) expect(opensNoWord(line)).toBe(true);
    // held-out-18: an ending of three letters that is no word («ції» under «райдержадміністра», «ний центр» under
    // «Навчально-методич»); a word of three letters is one.
    for (const line of ["ції", "ний центр цивільного захисту"]) expect(opensNoWord(line)).toBe(true);
    for (const line of ["від громади", "для учнів", "них"]) expect(opensNoWord(line)).toBe(false);
    for (const line of ["на р. Полтва", "та Сяну", "до 5 числа", "с. Ожидів", "км", "і громади", "ця програма"]) expect(opensNoWord(line)).toBe(false);
  });

  it("does not take an adjective's «-ого» cut to «-ог» for a whole word («житлово-комунальног» + «о»)", () => {
    for (const w of ["житлово-комунальног", "районног", "Львівськог"]) expect(endsLikeAWord(w)).toBe(false);
    for (const w of ["діалог", "педагог", "Бог", "громадського"]) expect(endsLikeAWord(w)).toBe(true);
  });

  it("joins a header cell whose word broke at the border, so its column is recognised («Джерело фінансуван» + «ня»)", async () => {
    const bytes = await render((doc) => {
      doc.font(FONT).fontSize(9);
      // The column is as wide as «фінансуван» and not one more letter.
      const w = doc.widthOfString("фінансуван") + 6 + doc.widthOfString("н") / 2;
      const line = doc.currentLineHeight(true);
      box(doc, 40, 100, 30, 40, "№");
      doc.rect(70, 100, w, 40).lineWidth(0.5).stroke();
      doc.text("Джерело", 73, 103, { lineBreak: false });
      doc.text("фінансуван", 73, 103 + line, { lineBreak: false });
      doc.text("ня", 73, 103 + 2 * line, { lineBreak: false });
      box(doc, 40, 140, 30, 20, "1.");
      box(doc, 70, 140, w, 20, "обласний");
    });
    const read = Either.getOrThrow(await readPdf(bytes));
    expect(read.tables[0]?.rows[0]?.cells.map((c) => c.text)).toEqual(["№", "Джерело фінансування"]);
  });
});

describe("held-out-11's habits: a table with no borders", () => {
  it("parts a cell that runs to its column's edge from the next column's text, and leaves out the page number", async () => {
    const bytes = await render(
      (doc) => {
        doc.font(FONT).fontSize(7.5);
        doc.text("План заходів", 40, 40);
        // The title's line ends 8 points short of the executors' column: less than the usual gap between cells.
        const title = "Проведення оцінювання корупційних ризиків у діяльності";
        const executorsAt = 77 + doc.widthOfString(title) + 8;
        const row = (y: number, cells: ReadonlyArray<string>) => {
          [40, 77, executorsAt, executorsAt + 180].forEach((x, k) => {
            if (cells[k]) doc.text(cells[k] ?? "", x, y, { lineBreak: false });
          });
        };
        row(70, ["№ з/п", "Найменування заходу", "Відповідальні за виконання", "Термін виконання"]);
        row(85, ["1.", title, "головний спеціаліст з питань запобігання", "до 1 березня 2026 р."]);
        row(95, ["", "районної державної адміністрації", "керівники структурних підрозділів", ""]);
        doc.addPage();
        doc.text("2", 290, 40, { lineBreak: false });
        row(70, ["№ з/п", "Найменування заходу", "Відповідальні за виконання", "Термін виконання"]);
        row(85, ["2.", "Розгляд питань на нарадах", "керівник апарату", "щопівроку"]);
      },
      { size: [700, 300] },
    );
    const read = Either.getOrThrow(await readPdf(bytes));
    const table = read.tables[0]!;
    expect(table.rows.map((r) => r.cells.map((c) => c.text))).toEqual([
      ["№ з/п", "Найменування заходу", "Відповідальні за виконання", "Термін виконання"],
      ["1.", "Проведення оцінювання корупційних ризиків у діяльності", "головний спеціаліст з питань запобігання", "до 1 березня 2026 р."],
      ["", "районної державної адміністрації", "керівники структурних підрозділів", ""],
      ["№ з/п", "Найменування заходу", "Відповідальні за виконання", "Термін виконання"],
      ["2.", "Розгляд питань на нарадах", "керівник апарату", "щопівроку"],
    ]);
  });

  it("knows a page's number alone on a line, and no other number", () => {
    expect(isPageNumber("2", 2)).toBe(true);
    expect(isPageNumber("- 3 -", 3)).toBe(true);
    expect(isPageNumber("3", 2)).toBe(false);
    expect(isPageNumber("2.", 2)).toBe(false);
  });
});

describe("held-out-15's habits: words hyphenated at the lines' ends in a recognised scan", () => {
  it("joins a hyphenated word without its hyphen and keeps a compound's own hyphen", () => {
    expect(joinAtHyphen("Організація та забезпе-", "чення роботи")).toBe("Організація та забезпечення роботи");
    expect(joinAtHyphen("ДУ «Во-", "линський центр»")).toBe("ДУ «Волинський центр»");
    expect(joinAtHyphen("місць масового відпо-", "чинку")).toBe("місць масового відпочинку");
    expect(joinAtHyphen("на офіцій-", "ному вебсайті")).toBe("на офіційному вебсайті");
    for (const [head, rest] of [["Управління житлово-", "комунального"], ["центр медико-", "санітарної"], ["заходів військово-", "патріотичної"], ["для дітей-", "сиріт"], ["складання бізнес-", "планів"], ["профілактики ВІЛ-", "інфекції"], ["осінньо-", "зимового"]]) {
      expect(joinAtHyphen(head ?? "", rest ?? "")).toBe(`${head}${rest}`);
    }
  });

  it("reads a cell whose lines end in a hyphenated word as one text, also where the line ended short of the border", async () => {
    const bytes = await render((doc) => {
      doc.font(FONT).fontSize(9);
      const line = doc.currentLineHeight(true);
      box(doc, 40, 100, 30, 20, "№");
      box(doc, 70, 100, 200, 20, "Найменування заходу");
      box(doc, 40, 120, 30, 60, "1.");
      doc.rect(70, 120, 200, 60).lineWidth(0.5).stroke();
      // As a scan's text layer keeps it: each line where the typesetting broke it, the hyphens in place.
      doc.text("Визначення місць масового відпо-", 73, 123, { lineBreak: false });
      doc.text("чинку та управління житлово-", 73, 123 + line, { lineBreak: false });
      doc.text("комунального господарства", 73, 123 + 2 * line, { lineBreak: false });
    });
    const read = Either.getOrThrow(await readPdf(bytes));
    expect(read.tables[0]?.rows[1]?.cells.map((c) => c.text)).toEqual(["1.", "Визначення місць масового відпочинку та управління житлово-комунального господарства"]);
  });
});
