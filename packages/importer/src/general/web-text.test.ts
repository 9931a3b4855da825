/**
 * @module Web copies written as zakon.rada.gov.ua gives them (one paragraph a cell, empty cells gone,
 * blank lines, "\r\n", no-break spaces, a signature block), rebuilt row by row and checked cell by cell.
 */
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { readPlanTable } from "./read-table.js";
import { type WebTextDocument, looksLikeWebText, markedBodies, readWebText } from "./web-text.js";
import { isSiteChrome, paragraphKind, toParagraphs, unmarked, webLines } from "./web-text-paragraphs.js";

const read = (text: string): WebTextDocument => Either.getOrThrow(readWebText(text));

const tableOf = (text: string) => {
  const t = read(text).tables[0];
  if (t === undefined) throw new Error("no table");
  return t;
};

/** The body rows' cell texts (header rows left out). */
const body = (text: string): string[][] => {
  const t = tableOf(text);
  return t.rows.slice(t.headerRows).map((r) => r.cells.map((c) => c.text));
};

/** A plan with a № column, the column numbers, a section, an empty cell, a cell of three paragraphs,
 * an editors' note, ditto marks, a footnote and a signature; written with blank lines as a browser copies. */
const plan145 = [
  "Додаток",
  "до розпорядження начальника",
  "обласної військової адміністрації",
  "12.03.2025 № 145",
  "ПЛАН ЗАХОДІВ",
  "з підтримки сімей з дітьми на 2025 рік",
  "№ з/п",
  "Найменування заходу",
  "Виконавці",
  "Строк виконання",
  "Очікуваний результат",
  "1",
  "2",
  "3",
  "4",
  "5",
  "I. Організаційне забезпечення",
  "1.",
  "Утворення координаційної ради з питань підтримки сімей",
  "Департамент соціального захисту населення облдержадміністрації",
  "I квартал 2025 р.",
  "утворено координаційну раду",
  "2.",
  "Проведення навчань для фахівців:",
  "для працівників центрів надання соціальних послуг;",
  "для працівників служб у справах дітей",
  "Обласний центр соціальних служб",
  "щокварталу",
  "навчено 120 фахівців",
  "3.",
  "Розроблення порядку взаємодії суб'єктів",
  "Служба у справах дітей облдержадміністрації",
  "затверджено порядок взаємодії",
  "{Пункт 4 виключено на підставі Розпорядження начальника обласної військової адміністрації № 210 від 01.06.2025}",
  "II. Інформаційна підтримка",
  "5.",
  "Висвітлення ходу виконання плану в засобах масової інформації",
  "Департамент масових комунікацій облдержадміністрації",
  "-“-",
  "6.",
  "Оприлюднення звіту про виконання плану",
  "-“-",
  "до 31.12.2025",
  "звіт оприлюднено на вебсайті",
  "* Виконавці подають інформацію щокварталу до 5 числа.",
  "Директор департаменту соціального захисту населення",
  "Олена КОВАЛЬ",
].join("\r\n\r\n");

describe("readWebText: a plan with a № column and the column numbers", () => {
  it("reads the preamble, the header, the numbering and every row cell by cell", () => {
    const doc = read(plan145);
    expect(doc.format).toBe("web-text");
    expect(doc.preamble.map((p) => p.text)).toEqual([
      "Додаток",
      "до розпорядження начальника",
      "обласної військової адміністрації",
      "12.03.2025 № 145",
      "ПЛАН ЗАХОДІВ",
      "з підтримки сімей з дітьми на 2025 рік",
    ]);
    const t = tableOf(plan145);
    expect(t.headerRows).toBe(2);
    expect(t.rows[0]?.cells.map((c) => c.text)).toEqual(["№ з/п", "Найменування заходу", "Виконавці", "Строк виконання", "Очікуваний результат"]);
    expect(t.rows[1]?.cells.map((c) => c.text)).toEqual(["1", "2", "3", "4", "5"]);
    expect(body(plan145)).toEqual([
      ["I. Організаційне забезпечення"],
      ["1.", "Утворення координаційної ради з питань підтримки сімей", "Департамент соціального захисту населення облдержадміністрації", "I квартал 2025 р.", "утворено координаційну раду"],
      [
        "2.",
        "Проведення навчань для фахівців:\nдля працівників центрів надання соціальних послуг;\nдля працівників служб у справах дітей",
        "Обласний центр соціальних служб",
        "щокварталу",
        "навчено 120 фахівців",
      ],
      ["3.", "Розроблення порядку взаємодії суб'єктів", "Служба у справах дітей облдержадміністрації", "", "затверджено порядок взаємодії"],
      ["{Пункт 4 виключено на підставі Розпорядження начальника обласної військової адміністрації № 210 від 01.06.2025}"],
      ["II. Інформаційна підтримка"],
      ["5.", "Висвітлення ходу виконання плану в засобах масової інформації", "Департамент масових комунікацій облдержадміністрації", "-“-", ""],
      ["6.", "Оприлюднення звіту про виконання плану", "-“-", "до 31.12.2025", "звіт оприлюднено на вебсайті"],
    ]);
  });

  it("spans a heading and a standalone editors' note over the whole row", () => {
    const rows = tableOf(plan145).rows;
    const note = rows.find((r) => r.cells[0]?.text.startsWith("{"));
    expect(note?.cells).toHaveLength(1);
    expect(note?.cells[0]?.colSpan).toBe(5);
    expect(rows[2]?.cells[0]?.colSpan).toBe(5);
  });

  it("gives every cell the 1-based line of its paragraph in the copied text (blank lines counted)", () => {
    const rows = tableOf(plan145).rows;
    // Paragraph k (0-based) of the copy sits on line 2k + 1: the copy has a blank line after each.
    const lineOf = (text: string) => 2 * plan145.split("\r\n\r\n").indexOf(text) + 1;
    const row1 = rows[3];
    expect(row1?.place.line).toBe(lineOf("1."));
    expect(row1?.cells.map((c) => c.place.line)).toEqual(
      ["1.", "Утворення координаційної ради з питань підтримки сімей", "Департамент соціального захисту населення облдержадміністрації", "I квартал 2025 р.", "утворено координаційну раду"].map(lineOf),
    );
    expect(rows[4]?.cells[1]?.place.line).toBe(lineOf("Проведення навчань для фахівців:"));
  });

  it("marks the rows rebuilt with doubt: the skipped term of 3., the missing result of 5.", () => {
    const rows = tableOf(plan145).rows;
    const byLabel = (l: string) => rows.find((r) => r.cells[0]?.text === l);
    expect(byLabel("3.")?.doubt?.map((d) => [d.kind, d.column])).toEqual([["skipped", 3]]);
    expect(byLabel("5.")?.doubt?.map((d) => [d.kind, d.column])).toEqual([["skipped", 4]]);
    expect(byLabel("1.")?.doubt).toBeUndefined();
    expect(byLabel("3.")?.doubt?.[0]?.note).toMatch(/ \/ cell 4 taken as empty$/);
  });

  it("keeps the footnote and the signature block out of the table, as paragraphs after it", () => {
    const doc = read(plan145);
    expect(doc.paragraphs.slice(doc.preamble.length).map((p) => p.text)).toEqual([
      "* Виконавці подають інформацію щокварталу до 5 числа.",
      "Директор департаменту соціального захисту населення",
      "Олена КОВАЛЬ",
    ]);
  });
});

/** No № column, a money group over the years, task headings, labels inside the measure text, no-break
 * spaces in the amounts, a row with no money and a row with one year empty. */
const program = [
  "Про затвердження Плану заходів на 2025–2026 роки",
  "Розпорядження від 20.01.2025 № 17",
  "Зміст заходу",
  "Відповідальні за реалізацію",
  "Термін виконання",
  "Джерела фінансування",
  "Орієнтовні обсяги фінансування,",
  "тис. грн",
  "2025",
  "2026",
  "Очікуваний результат",
  "Завдання 1. Підтримка сімей з дітьми",
  "1) Створення служби раннього втручання",
  "Департамент охорони здоров'я облдержадміністрації",
  "Департамент соціального захисту населення облдержадміністрації",
  "2025–2026 роки",
  "обласний бюджет",
  "1\u00a0250,5",
  "1\u00a0300",
  "створено 2 служби раннього втручання",
  "2) Проведення інформаційної кампанії щодо відповідального батьківства",
  "Управління молоді та спорту облдержадміністрації",
  "щороку",
  "не потребує фінансування",
  "охоплено 5 000 осіб",
  "3) Навчання фахівців громад",
  "Обласний центр соціальних служб",
  "2026 рік",
  "місцеві бюджети",
  "80",
  "навчено 40 фахівців",
  "Завдання 2. Запобігання домашньому насильству",
  "1) Утворення мобільних бригад соціально-психологічної допомоги",
  "райдержадміністрації, територіальні громади (за згодою)",
  "2025 рік",
  "місцеві бюджети",
  "300",
  "320",
  "утворено 10 мобільних бригад",
  "Начальник управління",
  "(підпис)",
].join("\n");

describe("readWebText: no № column, a money group over the years", () => {
  it("puts the group header above the years, merged down over the other columns", () => {
    const t = tableOf(program);
    expect(t.headerRows).toBe(2);
    const [top, years] = t.rows;
    expect(top?.cells.map((c) => [c.text, c.colSpan])).toEqual([
      ["Зміст заходу", 1],
      ["Відповідальні за реалізацію", 1],
      ["Термін виконання", 1],
      ["Джерела фінансування", 1],
      ["Орієнтовні обсяги фінансування,\nтис. грн", 2],
      ["Очікуваний результат", 1],
    ]);
    expect(years?.cells.map((c) => [c.text, c.continuesAbove ?? false])).toEqual([
      ["", true],
      ["", true],
      ["", true],
      ["", true],
      ["2025", false],
      ["2026", false],
      ["", true],
    ]);
  });

  it("rebuilds the rows: a two-paragraph executors cell, an empty year, no money at all", () => {
    expect(body(program)).toEqual([
      ["Завдання 1. Підтримка сімей з дітьми"],
      [
        "1) Створення служби раннього втручання",
        "Департамент охорони здоров'я облдержадміністрації\nДепартамент соціального захисту населення облдержадміністрації",
        "2025–2026 роки",
        "обласний бюджет",
        "1 250,5",
        "1 300",
        "створено 2 служби раннього втручання",
      ],
      [
        "2) Проведення інформаційної кампанії щодо відповідального батьківства",
        "Управління молоді та спорту облдержадміністрації",
        "щороку",
        "не потребує фінансування",
        "",
        "",
        "охоплено 5 000 осіб",
      ],
      ["3) Навчання фахівців громад", "Обласний центр соціальних служб", "2026 рік", "місцеві бюджети", "80", "", "навчено 40 фахівців"],
      ["Завдання 2. Запобігання домашньому насильству"],
      [
        "1) Утворення мобільних бригад соціально-психологічної допомоги",
        "райдержадміністрації, територіальні громади (за згодою)",
        "2025 рік",
        "місцеві бюджети",
        "300",
        "320",
        "утворено 10 мобільних бригад",
      ],
    ]);
  });

  it("keeps the signature out", () => {
    const doc = read(program);
    expect(doc.paragraphs.slice(doc.preamble.length).map((p) => p.text)).toEqual(["Начальник управління", "(підпис)"]);
  });
});

/** A № column with "1.1." labels, sections "Розділ N", a task title with no number over its rows, a
 * header cell split over two paragraphs, an empty executors cell and executors one body a paragraph. */
const strategy = [
  "ПЛАН",
  "реалізації Стратегії на 2025–2027 роки",
  "№ з/п",
  "Найменування заходу",
  "Відповідальні виконавці",
  "Строк",
  "виконання",
  "Розділ 1. Доступ до соціальних послуг",
  "Розширення мережі надавачів послуг",
  "1.1.",
  "Створення центрів надання соціальних послуг у громадах",
  "Департамент соціального захисту населення облдержадміністрації",
  "територіальні громади (за згодою)",
  "2025–2027 роки",
  "1.2.",
  "Проведення оцінки потреб населення у соціальних послугах",
  "IV квартал 2025 р.",
  "1.3.",
  "Запровадження послуги підтриманого проживання",
  "Обласний центр соціальних служб",
  "2026 рік",
  "Розділ 2. Кадрове забезпечення",
  "2.1.",
  "Підвищення кваліфікації фахівців із соціальної роботи",
  "Обласний центр соціальних служб",
  "щороку",
].join("\n");

describe("readWebText: 1.1. labels, sections, a task heading without a number", () => {
  it("joins the header cell printed as two paragraphs", () => {
    expect(tableOf(strategy).rows[0]?.cells.map((c) => c.text)).toEqual(["№ з/п", "Найменування заходу", "Відповідальні виконавці", "Строк\nвиконання"]);
  });

  it("rebuilds the rows, skipping the empty executors cell of 1.2.", () => {
    expect(body(strategy)).toEqual([
      ["Розділ 1. Доступ до соціальних послуг"],
      ["Розширення мережі надавачів послуг"],
      [
        "1.1.",
        "Створення центрів надання соціальних послуг у громадах",
        "Департамент соціального захисту населення облдержадміністрації\nтериторіальні громади (за згодою)",
        "2025–2027 роки",
      ],
      ["1.2.", "Проведення оцінки потреб населення у соціальних послугах", "", "IV квартал 2025 р."],
      ["1.3.", "Запровадження послуги підтриманого проживання", "Обласний центр соціальних служб", "2026 рік"],
      ["Розділ 2. Кадрове забезпечення"],
      ["2.1.", "Підвищення кваліфікації фахівців із соціальної роботи", "Обласний центр соціальних служб", "щороку"],
    ]);
  });

  it("says that the task heading was a guess and that 1.2. lost a cell", () => {
    const rows = tableOf(strategy).rows;
    expect(rows.find((r) => r.cells[0]?.text === "Розширення мережі надавачів послуг")?.doubt?.map((d) => d.kind)).toEqual(["heading"]);
    expect(rows.find((r) => r.cells[0]?.text === "1.2.")?.doubt?.map((d) => [d.kind, d.column])).toEqual([["skipped", 2]]);
  });
});

/** № 852's vocabulary, labels "1)" and tasks numbered "2.1." as rows of their own, no column numbers. */
const turbota = [
  "РЕГІОНАЛЬНИЙ ПЛАН ЗАХОДІВ",
  "№ з/п",
  "Назва заходу",
  "Відповідальні за виконання",
  "Термін виконання",
  "1. Правова підтримка та захист",
  "1)",
  "Надання безоплатної правової допомоги отримувачам соціальних послуг",
  "Департамент соціального захисту населення облдержадміністрації, райдержадміністрації",
  "до 31.12.2021",
  "2. Соціальний захист",
  "2.1. Надання соціальних послуг особам, які перебувають у складних життєвих обставинах",
  "2)",
  "Проведення тренінгів для працівників установ – надавачів соціальних послуг",
  "Луганський обласний центр для сім'ї, дітей та молоді",
  "до 31.12.2021",
  "3)",
  "Проведення моніторингу діяльності закладів системи соціального захисту населення",
  "Департамент соціального захисту населення облдержадміністрації",
  "до 01.06.2021",
  "-“-",
].join("\n");

describe("readWebText: labels 1) and numbered tasks", () => {
  it("rebuilds the sections and tasks as spanning rows and the measures under them", () => {
    expect(body(turbota)).toEqual([
      ["1. Правова підтримка та захист"],
      ["1)", "Надання безоплатної правової допомоги отримувачам соціальних послуг", "Департамент соціального захисту населення облдержадміністрації, райдержадміністрації", "до 31.12.2021"],
      ["2. Соціальний захист"],
      ["2.1. Надання соціальних послуг особам, які перебувають у складних життєвих обставинах"],
      ["2)", "Проведення тренінгів для працівників установ – надавачів соціальних послуг", "Луганський обласний центр для сім'ї, дітей та молоді", "до 31.12.2021"],
      ["3)", "Проведення моніторингу діяльності закладів системи соціального захисту населення", "Департамент соціального захисту населення облдержадміністрації", "до 01.06.2021\n-“-"],
    ]);
  });
});

describe("looksLikeWebText", () => {
  it("recognises the web copies", () => {
    expect(looksLikeWebText(plan145)).toBe(true);
    expect(looksLikeWebText(program)).toBe(true);
    expect(looksLikeWebText(strategy)).toBe(true);
  });

  it("takes a table copied with tab-separated cells (a browser's copy of an HTML table) as one", () => {
    const tabbed = ["№ з/п\tНайменування заходу\tВиконавці\tСтрок виконання", "1\t2\t3\t4"];
    for (let k = 1; k <= 10; k++) tabbed.push(`${k}.\tЗахід ${k}\tДепартамент освіти облдержадміністрації\tдо 31.12.2025`);
    expect(looksLikeWebText(tabbed.join("\n"))).toBe(true);
    expect(looksLikeWebText(tabbed.join("\n").replace(/\t/g, "\n"))).toBe(true);
  });

  it("refuses Markdown tables, prose, and a header with hardly anything under it", () => {
    expect(looksLikeWebText("| № | Найменування заходу | Виконавці | Строк |\n|---|---|---|---|\n| 1 | a | b | c |\n| 2 | a | b | c |")).toBe(false);
    expect(looksLikeWebText("Розпорядження про затвердження плану.\nКонтроль за виконанням покласти на заступника.")).toBe(false);
    expect(looksLikeWebText("№ з/п\nНайменування заходу\nВиконавці\nСтрок виконання\n1.\nЗахід")).toBe(false);
  });
});

describe("readWebText: no table", () => {
  it("is an UnrecognisedDocument with a bilingual reason", () => {
    const r = readWebText("Просто текст без таблиці.\nЩе один абзац.");
    expect(Either.isLeft(r) && r.left._tag === "UnrecognisedDocument" && r.left.reason).toMatch(/^веб-текст: .* \/ web text: /);
  });

  it("names the headers found when no row follows them", () => {
    const r = readWebText("№ з/п\nНайменування заходу\nВиконавці\nСтрок виконання");
    expect(Either.isLeft(r) && r.left.headers).toEqual(["№ з/п", "Найменування заходу", "Виконавці", "Строк виконання"]);
  });
});

describe("readWebText: a Cabinet plan amended after it was published", () => {
  // Bodies one a line by their short names, a note inside a measure's cell, a deleted point, an inserted
  // point «2-1.» and its note, and one executors cell shared by two measures (printed once, under 3.).
  const amended = [
    "ПЛАН ЗАХОДІВ",
    "№ з/п",
    "Найменування заходу",
    "Відповідальні за виконання",
    "Строк виконання",
    "Індикатор виконання",
    "I. Запобігання насильству",
    "1.",
    "Проведення інформаційної кампанії",
    "{Пункт 1 із змінами, внесеними згідно з Розпорядженням КМ № 97-р від 04.02.2026}",
    "Мінсоцполітики",
    "МКІП",
    "обласні та Київська міська військові адміністрації",
    "щороку",
    "охоплено 1 млн. осіб",
    "2.",
    "{Пункт 2 виключено на підставі Розпорядження КМ № 97-р від 04.02.2026}",
    "2-1.",
    "Створення мобільних бригад",
    "органи місцевого самоврядування (за згодою)",
    "2026—2027 роки",
    "створено 50 бригад",
    "{План доповнено пунктом 2-1 згідно з Розпорядженням КМ № 97-р від 04.02.2026}",
    "3.",
    "Надання правничої допомоги",
    "Мін'юст",
    "Координаційний центр з надання правничої допомоги",
    "постійно",
    "допомогу надано",
    "4.",
    "Моніторинг якості правничої допомоги",
    "щороку до 1 березня",
    "звіт оприлюднено",
  ].join("\n");

  it("reads every measure with its executors, skipping the deleted point and keeping the notes out", () => {
    const r = readPlanTable(read(amended));
    if (Either.isLeft(r)) throw new Error(r.left.reason);
    const measures = r.right.document.sections.flatMap((s) => s.tasks.flatMap((t) => t.measures));
    expect(measures.map((m) => [m.label, m.title, m.executors.map((e) => e.name).join("; ")])).toEqual([
      ["1.", "Проведення інформаційної кампанії", "Мінсоцполітики; МКІП; Обласні та Київська міська військові адміністрації"],
      ["2-1.", "Створення мобільних бригад", "Органи місцевого самоврядування"],
      ["3.", "Надання правничої допомоги", "Мін'юст; Координаційний центр з надання правничої допомоги"],
      ["4.", "Моніторинг якості правничої допомоги", "Мін'юст; Координаційний центр з надання правничої допомоги"],
    ]);
    expect(r.right.document.anomalies.filter((a) => a.kind === "editors-note")).toHaveLength(3);
  });
});

describe("readWebText: no № column, the number opening the measure's text, unnumbered headings", () => {
  // A Cabinet-style copy: headings with no number across the table, measures "1. …" numbered again under
  // each heading, a measure whose cell holds sub-points "1) … 2) …", an indicator of two paragraphs.
  const copy = [
    "ЗАТВЕРДЖЕНО",
    "розпорядженням Кабінету Міністрів України",
    "від 3 березня 2026 р. № 201-р",
    "ПЛАН ЗАХОДІВ",
    "на 2026 рік з реалізації Стратегії",
    "Найменування заходу",
    "Відповідальні за виконання",
    "Строк виконання",
    "Індикатор виконання",
    "Удосконалення законодавства",
    "1. Розроблення проекту закону",
    "Мінекономіки",
    "МВС",
    "I квартал 2026 р.",
    "законопроект подано",
    "Затверджено порядок взаємодії",
    "2. Забезпечення розвитку ринку послуг шляхом:",
    "1) компенсації вартості робіт;",
    "2) сертифікації операторів",
    "Мінфін",
    "протягом 2026 року",
    "сертифіковано 40 операторів",
    "Інформування населення",
    "1. Проведення інформаційних кампаній",
    "ДСНС",
    "щороку",
    "охоплено 2 млн. осіб",
    "2. Навчання педагогічних працівників",
    "МОН",
    "постійно",
    "навчено 20 тис. педагогів",
  ].join("\n");

  it("takes the unnumbered rows before a numbered measure for headings, and sub-points for the measure's text", () => {
    const r = readPlanTable(read(copy));
    if (Either.isLeft(r)) throw new Error(r.left.reason);
    const { sections } = r.right.document;
    expect(sections.map((s) => [s.title, s.tasks.flatMap((t) => t.measures.map((m) => m.label))])).toEqual([
      ["Удосконалення законодавства", ["1.", "2."]],
      ["Інформування населення", ["1.", "2."]],
    ]);
    const [first, second] = sections[0]?.tasks[0]?.measures ?? [];
    expect(first?.indicator.text).toBe("законопроект подано Затверджено порядок взаємодії");
    expect(second?.title).toBe("Забезпечення розвитку ринку послуг шляхом: 1) компенсації вартості робіт; 2) сертифікації операторів");
    expect(second?.executors.map((e) => e.name)).toEqual(["Мінфін"]);
  });
});

describe("paragraphKind: a date that opens with a bare number", () => {
  it("is a term, not a labelled text; «1. …» and «1) …» still are labelled", () => {
    expect(paragraphKind("1 вересня 2027 р.")).toBe("term");
    expect(paragraphKind("15 листопада 2026 року")).toBe("term");
    expect(paragraphKind("1. Розроблення порядку")).toBe("labelled");
    expect(paragraphKind("2) проведення навчань")).toBe("labelled");
  });
});

describe("readWebText: a page of an administration's own site, its table copied with tabs", () => {
  // A browser copies an HTML table row onto one line, cells separated by tabs (an empty cell an empty field); a
  // cell of two paragraphs breaks the line there. The other rows of this copy came one cell a line. The site's
  // breadcrumb, publication date, views, share buttons and print link surround the document.
  const page = [
    "Полтавська обласна військова адміністрація",
    "Головна › Документи › Розпорядження",
    "Дата публікації: 15.01.2026 09:42",
    "РОЗПОРЯДЖЕННЯ",
    "14 січня 2026 року м. Полтава № 21",
    "ПЛАН ЗАХОДІВ",
    "щодо підтримки підприємництва на 2026 рік",
    "№ з/п\tНайменування заходу\tВідповідальні за виконання\tСтрок виконання\tОчікуваний результат",
    "I. Фінансова підтримка",
    "1.\tНадання грантів ветеранам війни\tДепартамент економічного розвитку облдержадміністрації",
    "Обласний центр зайнятості (за згодою)\tщокварталу\tнадано 120 грантів",
    "2.\tІнформування підприємців про програми підтримки\tРегіональний фонд підтримки підприємництва (за згодою)\t\tпроведено 24 заходи",
    "3.\tПроведення обласного форуму підприємців\tДепартамент економічного розвитку облдержадміністрації\tщороку, вересень\tучасть 300 підприємців",
    "4.",
    "Оновлення інвестиційного паспорта області",
    "Департамент економічного розвитку облдержадміністрації",
    "до 1 липня 2026 р.",
    "оновлено паспорт",
    "Переглядів: 412",
    "Поділитися: Facebook Telegram Viber",
    "Версія для друку",
  ].join("\n");

  it("splits the tab-separated cells and places each in its column, an empty field an empty cell", () => {
    expect(looksLikeWebText(page)).toBe(true);
    expect(tableOf(page).rows[0]?.cells.map((c) => c.text)).toEqual([
      "№ з/п",
      "Найменування заходу",
      "Відповідальні за виконання",
      "Строк виконання",
      "Очікуваний результат",
    ]);
    expect(body(page)).toEqual([
      ["I. Фінансова підтримка"],
      ["1.", "Надання грантів ветеранам війни", "Департамент економічного розвитку облдержадміністрації\nОбласний центр зайнятості (за згодою)", "щокварталу", "надано 120 грантів"],
      ["2.", "Інформування підприємців про програми підтримки", "Регіональний фонд підтримки підприємництва (за згодою)", "", "проведено 24 заходи"],
      ["3.", "Проведення обласного форуму підприємців", "Департамент економічного розвитку облдержадміністрації", "щороку, вересень", "участь 300 підприємців"],
      ["4.", "Оновлення інвестиційного паспорта області", "Департамент економічного розвитку облдержадміністрації", "до 1 липня 2026 р.", "оновлено паспорт"],
    ]);
  });

  it("leaves the site's own lines out of the document: the table ends at them, the preamble goes without them", () => {
    const doc = read(page);
    expect(doc.preamble.map((p) => p.text)).not.toContain("Головна › Документи › Розпорядження");
    expect(doc.preamble.map((p) => p.text)).not.toContain("Дата публікації: 15.01.2026 09:42");
    expect(doc.paragraphs.map((p) => p.text)).not.toContain("Переглядів: 412");
    const r = readPlanTable(doc);
    if (Either.isLeft(r)) throw new Error(r.left.reason);
    expect(r.right.document.plan.order.date).toBe("2026-01-14");
    const last = r.right.document.sections[0]?.tasks[0]?.measures[3];
    expect([last?.term.text, last?.indicator.text]).toEqual(["до 1 липня 2026 р.", "оновлено паспорт"]);
  });
});

describe("webLines and isSiteChrome", () => {
  it("splits a tab-separated line into its fields, counting the empty ones between", () => {
    expect(webLines("1.\tЗахід\t\tдо 1 липня\t")).toEqual([
      { text: "1.", line: 1 },
      { text: "Захід", line: 1, fieldGap: 0 },
      { text: "до 1 липня", line: 1, fieldGap: 1 },
    ]);
  });

  it("knows a site's breadcrumb, dates, counters and buttons, and not a plan's own lines", () => {
    for (const t of ["Головна › Документи › Розпорядження", "Дата публікації: 15.01.2026 09:42", "Переглядів: 412", "Поділитися: Facebook Telegram", "Версія для друку"]) {
      expect(isSiteChrome(t)).toBe(true);
    }
    for (const t of ["Поділ повноважень між відділами", "Дата виконання", "Друкування інформаційних матеріалів", "до 15.01.2026"]) expect(isSiteChrome(t)).toBe(false);
  });
});

describe("readWebText: held-out-6's habits (a goal with an adjective as a task's row, results after the executors)", () => {
  const text = [
    "ОПЕРАЦІЙНИЙ ПЛАН",
    "заходів з реалізації Концепції",
    "Найменування заходу",
    "Строк виконання",
    "Відповідальні за виконання",
    "Індикатори виконання",
    "Стратегічна ціль 1. Доступність послуг",
    "Операційна ціль 1.1. Інтеграція послуг у первинну допомогу",
    "1.1.1. Розроблення клінічного маршруту пацієнта",
    "2026 рік, II квартал",
    "МОЗ",
    "НСЗУ",
    "затверджено наказ МОЗ",
    "маршрут оприлюднено на офіційному веб-сайті МОЗ",
    "1.1.2. Навчання лікарів загальної практики",
    "2026 рік, III квартал",
    "МОЗ",
    "органи місцевого самоврядування (за згодою)",
    "утворено не менше 25 центрів психічного здоров’я",
    "Операційна ціль 1.2. Розвиток мережі центрів",
    "1.2.1. Утворення центрів психічного здоров’я",
    "2027 рік",
    "МОЗ",
    "утворено центри",
  ].join("\n");

  it("reads «Операційна ціль 1.2.» as a row across the table and a reported result as the indicator's, not the executors'", () => {
    expect(paragraphKind("утворено не менше 25 центрів психічного здоров’я")).toBe("text");
    expect(body(text)).toEqual([
      ["Стратегічна ціль 1. Доступність послуг"],
      ["Операційна ціль 1.1. Інтеграція послуг у первинну допомогу"],
      ["1.1.1. Розроблення клінічного маршруту пацієнта", "2026 рік, II квартал", "МОЗ\nНСЗУ", "затверджено наказ МОЗ\nмаршрут оприлюднено на офіційному веб-сайті МОЗ"],
      ["1.1.2. Навчання лікарів загальної практики", "2026 рік, III квартал", "МОЗ\nоргани місцевого самоврядування (за згодою)", "утворено не менше 25 центрів психічного здоров’я"],
      ["Операційна ціль 1.2. Розвиток мережі центрів"],
      ["1.2.1. Утворення центрів психічного здоров’я", "2027 рік", "МОЗ", "утворено центри"],
    ]);
  });
});

describe("readWebText: held-out-7's habits (a body marked by the consent footnote's mark)", () => {
  const text = [
    "ПЛАН ЗАХОДІВ",
    "№ з/п",
    "Найменування заходу",
    "Відповідальні за виконання",
    "Строк виконання",
    "Індикатор виконання",
    "1.",
    "Проведення інформаційної кампанії щодо ризиків",
    "Мінсоцполітики",
    "МВС",
    "2026–2027 роки",
    "охоплено кампанією 500 тис. осіб",
    "2.",
    "Забезпечення функціонування національної “гарячої лінії”",
    "Мінсоцполітики",
    "Міжнародна організація з міграції*",
    "громадська організація “Ла Страда-Україна”*",
    "2026–2027 роки",
    "“гаряча лінія” працює цілодобово",
    "3.",
    "Оприлюднення щорічного звіту",
    "Мінсоцполітики",
    "щороку до 1 квітня",
    "звіт оприлюднено",
    "____________",
    "* За згодою.",
  ].join("\n");

  it("reads a line ending in the mark «* За згодою.» explains as a body, among the executors", () => {
    expect(paragraphKind("Міжнародна організація з міграції*")).toBe("text");
    // By its words alone the marked name is no body: row 2. was rebuilt wrong, the name taken for the indicator.
    expect(body(text)).toEqual([
      ["1.", "Проведення інформаційної кампанії щодо ризиків", "Мінсоцполітики\nМВС", "2026–2027 роки", "охоплено кампанією 500 тис. осіб"],
      [
        "2.",
        "Забезпечення функціонування національної “гарячої лінії”",
        "Мінсоцполітики\nМіжнародна організація з міграції*\nгромадська організація “Ла Страда-Україна”*",
        "2026–2027 роки",
        "“гаряча лінія” працює цілодобово",
      ],
      ["3.", "Оприлюднення щорічного звіту", "Мінсоцполітики", "щороку до 1 квітня", "звіт оприлюднено"],
    ]);
    const { document } = Either.getOrThrow(readPlanTable(read(text)));
    expect(document.sections[0]?.tasks[0]?.measures[1]?.executors).toEqual([
      { name: "Мінсоцполітики", byConsent: false },
      { name: "Міжнародна організація з міграції", byConsent: true },
      { name: "Громадська організація “Ла Страда-Україна”", byConsent: true },
    ]);
  });

  it("leaves a line ending in a mark alone when no footnote explains it as «за згодою»", () => {
    const ps = toParagraphs(webLines("Міжнародна організація з міграції*\n* Дані за 2025 рік."));
    expect(markedBodies(ps.slice(0, 1), ps.slice(1)).map((p) => p.kind)).toEqual(["text"]);
    expect(markedBodies(ps.slice(0, 1), toParagraphs(webLines("* За згодою."))).map((p) => p.kind)).toEqual(["executors"]);
  });
});

describe("readWebText: held-out-8's habits (a caption before the header, the volume beside «у тому числі за роками», «–» as the source)", () => {
  const named = ["Найменування завдання", "Найменування заходу", "Відповідальні за виконання", "Строк виконання", "Джерела фінансування"];
  const volume = "Прогнозний обсяг фінансових ресурсів, тис. гривень";
  const text = [
    "Додаток 2",
    "до Програми",
    "ЗАВДАННЯ І ЗАХОДИ",
    "з виконання Державної цільової програми на 2026—2028 роки",
    ...named,
    volume,
    "У тому числі за роками",
    "2026",
    "2027",
    "2028",
    "1. Оновлення парку автомобілів",
    "1) закупівля автомобілів типу В і С",
    "МОЗ",
    "2026—2028 роки",
    "державний бюджет",
    "1 260 000,0",
    "420 000,0",
    "420 000,0",
    "420 000,0",
    "2) затвердження стандарту роботи диспетчера",
    "МОЗ",
    "IV квартал 2026 р.",
    "–",
    "–",
    "–",
    "–",
    "–",
    "2. Розвиток кадрового потенціалу",
    "1) підготовка парамедиків",
    "МОЗ",
    "МОН",
    "щороку",
    "державний бюджет",
    "54 600,0",
    "17 400,0",
    "18 200,0",
    "19 000,0",
  ].join("\n");

  it("starts the header after a caption it names again, and reads the volume before «У тому числі за роками» as the total", () => {
    const t = tableOf(text);
    expect(t.rows[0]?.cells.map((c) => c.text)).toEqual([...named, volume, `${volume}\nУ тому числі за роками`]);
    // The caption on one line in capitals is a caption too; a header naming the task and the measure apart is no caption.
    const oneLine = text.replace("\nз виконання Державної цільової програми на 2026—2028 роки", "");
    expect(tableOf(oneLine).rows[0]?.cells[0]?.text).toBe("Найменування завдання");
    expect(body(text)).toEqual([
      ["1. Оновлення парку автомобілів", "1) закупівля автомобілів типу В і С", "МОЗ", "2026—2028 роки", "державний бюджет", "1 260 000,0", "420 000,0", "420 000,0", "420 000,0"],
      ["", "2) затвердження стандарту роботи диспетчера", "МОЗ", "IV квартал 2026 р.", "–", "–", "–", "–", "–"],
      ["2. Розвиток кадрового потенціалу", "1) підготовка парамедиків", "МОЗ\nМОН", "щороку", "державний бюджет", "54 600,0", "17 400,0", "18 200,0", "19 000,0"],
    ]);
    const { document, reading } = Either.getOrThrow(readPlanTable(read(text)));
    expect(reading.columns.map((c) => (c.year === undefined ? c.field : `${c.field}:${c.year}`))).toEqual(["task", "title", "executors", "term", "source", "total", "year:2026", "year:2027", "year:2028"]);
    const measures = document.sections.flatMap((s) => s.tasks.flatMap((k) => k.measures));
    expect(measures.map((m) => m.budget.map((l) => [l.source, l.total, l.byYear]))).toEqual([
      [["державний бюджет", 1260000, { "2026": 420000, "2027": 420000, "2028": 420000 }]],
      [],
      [["державний бюджет", 54600, { "2026": 17400, "2027": 18200, "2028": 19000 }]],
    ]);
    expect(document.sections[0]?.tasks.map((k) => [k.label, k.title])).toEqual([
      ["1.", "Оновлення парку автомобілів"],
      ["2.", "Розвиток кадрового потенціалу"],
    ]);
  });
});

describe("readWebText: held-out-9's habits (a term over two paragraphs, bodies one a paragraph before a bare number)", () => {
  const text = [
    "ПЛАН ЗАХОДІВ",
    "з підтримки ветеранів на 2027 рік",
    "№ з/п",
    "Найменування заходу",
    "Строк виконання",
    "Відповідальні за виконання",
    "1",
    "2",
    "3",
    "4",
    "I. Нормативне забезпечення",
    "1",
    "Підготовка змін до порядку надання допомоги",
    "II квартал",
    "2027 року",
    "Відділ правового забезпечення",
    "Управління фінансів",
    "2",
    "Проведення нарад з громадами",
    "щокварталу,",
    "до 15 числа",
    "Відділ ветеранської політики",
    "Громадські об’єднання ветеранів (за згодою)",
    "II. Інформування",
    "3",
    "Видання довідника ветерана",
    "до 1 жовтня",
    "2027 року",
    "Відділ комунікацій",
  ].join("\n");

  it("joins a term printed over two paragraphs: an open first line («щокварталу,») or one with no year before the year", () => {
    expect(body(text).filter((r) => r.length === 4).map((r) => r[2])).toEqual(["II квартал\n2027 року", "щокварталу,\nдо 15 числа", "до 1 жовтня\n2027 року"]);
  });

  it("keeps a body printed on its own paragraph before the next bare number in the executors, where the headings are marked", () => {
    expect(body(text)).toEqual([
      ["I. Нормативне забезпечення"],
      ["1", "Підготовка змін до порядку надання допомоги", "II квартал\n2027 року", "Відділ правового забезпечення\nУправління фінансів"],
      ["2", "Проведення нарад з громадами", "щокварталу,\nдо 15 числа", "Відділ ветеранської політики\nГромадські об’єднання ветеранів (за згодою)"],
      ["II. Інформування"],
      ["3", "Видання довідника ветерана", "до 1 жовтня\n2027 року", "Відділ комунікацій"],
    ]);
    // Where no heading carries a mark, an unnumbered line before a number may still be a heading across the table.
    const unmarked = text.replace("I. Нормативне забезпечення\n", "").replace("II. Інформування\n", "Інформування\n");
    expect(body(unmarked)).toContainEqual(["Інформування"]);
  });
});

describe("readWebText: held-out-10's habits («х» lines in the money, a header over three rows)", () => {
  const text = [
    "ПЛАН ЗАХОДІВ",
    "на 2026–2028 роки",
    "№ з/п",
    "Найменування завдання, заходу",
    "Відповідальні за виконання",
    "Строк виконання",
    "Джерела фінансування",
    "Прогнозний обсяг фінансових ресурсів, тис. гривень",
    "усього",
    "у тому числі за роками",
    "2026",
    "2027",
    "2028",
    "1. Збереження лісів",
    "1.1.",
    "Захист лісів від пожеж",
    "1.1.1.",
    "Придбання пожежної техніки",
    "Держлісагентство",
    "2027–2028 роки",
    "державний бюджет",
    "300 000,0",
    "х",
    "150 000,0",
    "150 000,0",
    "1.1.2.",
    "Проведення роз’яснювальної роботи",
    "Держлісагентство",
    "щороку",
    "не потребує фінансування",
    "х",
    "х",
    "х",
    "х",
    "1.1.3.",
    "Створення системи виявлення пожеж",
    "ДСНС",
    "до 01.12.2027",
    "державний бюджет",
    "96 000,0",
    "36 000,0",
    "60 000,0",
    "х",
  ].join("\n");

  it("reads «х» as an amount cell that holds no amount: the rows keep their place, the year has no money", () => {
    expect(paragraphKind("х")).toBe("amount");
    const { document } = Either.getOrThrow(readPlanTable(read(text)));
    expect(document.sections.map((s) => [s.label, s.tasks.map((k) => k.label)])).toEqual([["1.", ["1.1."]]]);
    const measures = document.sections.flatMap((s) => s.tasks.flatMap((k) => k.measures));
    expect(measures.map((m) => [m.label, m.title, m.budget.map((l) => [l.source, l.total, l.byYear])])).toEqual([
      ["1.1.1.", "Придбання пожежної техніки", [["державний бюджет", 300000, { "2027": 150000, "2028": 150000 }]]],
      ["1.1.2.", "Проведення роз’яснювальної роботи", []],
      ["1.1.3.", "Створення системи виявлення пожеж", [["державний бюджет", 96000, { "2026": 36000, "2027": 60000 }]]],
    ]);
    expect(document.anomalies.filter((a) => a.kind === "budget-unreadable")).toEqual([]);
  });
});

describe("readWebText: held-out-10's habits (a ministry's «Директорат …» and a body by its legal form, one a line)", () => {
  const text = [
    "ПЛАН",
    "заходів щодо розвитку паліативної допомоги на 2026–2027 роки",
    "№ з/п",
    "Найменування заходу",
    "Відповідальні за виконання",
    "Строк виконання",
    "Індикатор виконання",
    "Розділ I. Нормативне забезпечення",
    "1.",
    "Перегляд стандартів медичної допомоги з урахуванням доказової медицини",
    "Директорат медичних послуг",
    "ДП «Державний експертний центр МОЗ України»",
    "до 01.10.2026",
    "оновлено 2 стандарти",
    "2.",
    "Проведення громадських обговорень проєктів",
    "ДП «Ліси України»",
    "Обласні військові адміністрації",
    "щороку",
    "проведено 24 обговорення",
  ].join("\n");

  it("reads each line naming a body as an executor, not as the rest of the measure's title", () => {
    expect(paragraphKind("Директорат медичних послуг")).toBe("executors");
    expect(paragraphKind("ДП «Ліси України»")).toBe("executors");
    expect(body(text)).toEqual([
      ["Розділ I. Нормативне забезпечення"],
      ["1.", "Перегляд стандартів медичної допомоги з урахуванням доказової медицини", "Директорат медичних послуг\nДП «Державний експертний центр МОЗ України»", "до 01.10.2026", "оновлено 2 стандарти"],
      ["2.", "Проведення громадських обговорень проєктів", "ДП «Ліси України»\nОбласні військові адміністрації", "щороку", "проведено 24 обговорення"],
    ]);
  });
});

describe("readWebText: held-out-11's habits (a term and executors merged down, sources in words one a line)", () => {
  const text = [
    "ПЛАН ЗАХОДІВ",
    "з розвитку інклюзивного навчання на 2026–2027 роки",
    "№ з/п",
    "Найменування заходу",
    "Відповідальні за виконання",
    "Строк виконання",
    "Джерела фінансування",
    "Індикатор виконання",
    "I. Нормативне забезпечення",
    "1.",
    "Розроблення порядку організації навчання",
    "МОН",
    "2026 рік",
    "не потребує фінансування",
    "порядок затверджено",
    "2.",
    "Затвердження переліку засобів корекції",
    "МОН",
    "МОЗ",
    "не потребує фінансування",
    "перелік затверджено",
    "II. Освітнє середовище",
    "3.",
    "Забезпечення шкіл засобами корекції",
    "МОН",
    "обласні військові адміністрації",
    "2026–2027 роки",
    "державний бюджет",
    "місцеві бюджети",
    "забезпечено 1 500 шкіл",
    "4.",
    "Облаштування ресурсних кімнат",
    "державний бюджет",
    "місцеві бюджети",
    "облаштовано 400 кімнат",
    "5.",
    "Створення доступу до будівель",
    "Мінрозвитку",
    "місцеві бюджети",
    "кошти міжнародної технічної допомоги",
    "облаштовано 120 будівель",
  ].join("\n");

  it("places a source's lines in the source column, never as a term, an executor or the rest of the title", () => {
    expect(body(text)).toEqual([
      ["I. Нормативне забезпечення"],
      ["1.", "Розроблення порядку організації навчання", "МОН", "2026 рік", "не потребує фінансування", "порядок затверджено"],
      ["2.", "Затвердження переліку засобів корекції", "МОН\nМОЗ", "", "не потребує фінансування", "перелік затверджено"],
      ["II. Освітнє середовище"],
      ["3.", "Забезпечення шкіл засобами корекції", "МОН\nобласні військові адміністрації", "2026–2027 роки", "державний бюджет\nмісцеві бюджети", "забезпечено 1 500 шкіл"],
      ["4.", "Облаштування ресурсних кімнат", "", "", "державний бюджет\nмісцеві бюджети", "облаштовано 400 кімнат"],
      ["5.", "Створення доступу до будівель", "Мінрозвитку", "", "місцеві бюджети\nкошти міжнародної технічної допомоги", "облаштовано 120 будівель"],
    ]);
  });

  it("gives a measure with no term the term above it, of the same heading, where several have none; its executors likewise", () => {
    const { document, reading } = Either.getOrThrow(readPlanTable(read(text)));
    const measures = document.sections.flatMap((s) => s.tasks.flatMap((k) => k.measures));
    expect(measures.map((m) => [m.label, m.term.text, m.executors.map((e) => e.name)])).toEqual([
      ["1.", "2026 рік", ["МОН"]],
      ["2.", "2026 рік", ["МОН", "МОЗ"]],
      ["3.", "2026–2027 роки", ["МОН", "Обласні військові адміністрації"]],
      ["4.", "2026–2027 роки", ["МОН", "Обласні військові адміністрації"]],
      ["5.", "2026–2027 роки", ["Мінрозвитку"]],
    ]);
    expect(reading.measures[1]?.fields.term).toMatchObject({ confidence: "medium" });
    expect(reading.measures[3]?.fields.executors).toMatchObject({ confidence: "medium" });
  });

  it("leaves the one measure without a term with none, a term left out rather than merged", () => {
    const one = text.replace("Мінрозвитку\n", "Мінрозвитку\n2027 рік\n").replace("МОЗ\n", "МОЗ\nI квартал 2026 р.\n");
    const { document } = Either.getOrThrow(readPlanTable(read(one)));
    const measures = document.sections.flatMap((s) => s.tasks.flatMap((k) => k.measures));
    expect(measures.map((m) => m.term.text)).toEqual(["2026 рік", "I квартал 2026 р.", "2026–2027 роки", "", "2027 рік"]);
  });
});

describe("readWebText: held-out-12's habits (a budget code column, «У тому числі за роками» before the indicator's header)", () => {
  const text = [
    "ЗАВДАННЯ І ЗАХОДИ",
    "з виконання Державної цільової програми на 2026–2027 роки",
    "№ з/п",
    "Найменування заходу",
    "Відповідальні за виконання",
    "Строк виконання",
    "Код програмної класифікації видатків (КПКВК)",
    "Джерела фінансування",
    "Прогнозний обсяг фінансових ресурсів, тис. гривень",
    "У тому числі за роками",
    "Індикатор виконання",
    "2026",
    "2027",
    "1. Розвиток спортивної інфраструктури",
    "1.1.",
    "Облаштування спортивних залів",
    "Мінветеранів",
    "2026–2027 роки",
    "3201190",
    "державний бюджет",
    "84 000,0",
    "42 000,0",
    "42 000,0",
    "облаштовано 24 зали",
    "1.2.",
    "Реконструкція стадіонів",
    "Мінмолодьспорт",
    "2026–2027 роки",
    "3401070",
    "державний бюджет",
    "120 000,0",
    "50 000,0",
    "70 000,0",
    "реконструйовано 30 об’єктів",
    "—",
    "місцеві бюджети",
    "36 000,0",
    "15 000,0",
    "21 000,0",
    "1.3.",
    "Розроблення норм",
    "Мінрозвитку",
    "IV квартал 2026 р.",
    "—",
    "не потребує фінансування",
    "—",
    "—",
    "—",
    "норми затверджено",
  ].join("\n");

  it("reads the code line as no money, and the years printed after «Індикатор виконання» as the years under the volume", () => {
    const { document, reading } = Either.getOrThrow(readPlanTable(read(text)));
    expect(reading.columns.map((c) => (c.year === undefined ? c.field : `${c.field}:${c.year}`))).toEqual([
      "label",
      "title",
      "executors",
      "term",
      "ignore",
      "source",
      "total",
      "year:2026",
      "year:2027",
      "indicator",
    ]);
    const measures = document.sections.flatMap((s) => s.tasks.flatMap((k) => k.measures));
    expect(measures.map((m) => [m.label, m.indicator.text, m.budget.map((l) => [l.source, l.total, l.byYear])])).toEqual([
      ["1.1.", "облаштовано 24 зали", [["державний бюджет", 84000, { "2026": 42000, "2027": 42000 }]]],
      [
        "1.2.",
        "реконструйовано 30 об’єктів",
        [
          ["державний бюджет", 120000, { "2026": 50000, "2027": 70000 }],
          ["місцеві бюджети", 36000, { "2026": 15000, "2027": 21000 }],
        ],
      ],
      ["1.3.", "норми затверджено", []],
    ]);
  });
});

describe("readWebText: held-out-13's habits (footnote markers on amounts and terms)", () => {
  const text = [
    "ЗАВДАННЯ І ЗАХОДИ",
    "з виконання програми розвитку медицини на 2026–2027 роки",
    "Найменування завдання",
    "Найменування заходу",
    "Відповідальні за виконання",
    "Строк виконання",
    "Джерела фінансування",
    "Прогнозний обсяг фінансових ресурсів, тис. гривень",
    "Індикатор виконання",
    "1. Розвиток мережі закладів",
    "1) будівництво амбулаторій",
    "МОЗ",
    "2026–2027 роки**",
    "державний бюджет",
    "480 000,0*",
    "збудовано 60 амбулаторій",
    "2) придбання автомобілів",
    "МОЗ",
    "2026 рік",
    "державний бюджет",
    "210 000,0*",
    "придбано 350 автомобілів",
    "* Обсяг фінансування уточнюється щороку під час складання бюджету.",
    "** Строк виконання може бути продовжено.",
  ].join("\n");

  it("reads «480 000,0*» as an amount and «2026–2027 роки**» as a term, the marker dropped", () => {
    expect(unmarked("480 000,0*")).toBe("480 000,0");
    expect(unmarked("2026–2027 роки**")).toBe("2026–2027 роки");
    expect(unmarked("Примітка до таблиці*")).toBe("Примітка до таблиці*");
    const { document } = Either.getOrThrow(readPlanTable(read(text)));
    const measures = document.sections.flatMap((s) => s.tasks.flatMap((k) => k.measures));
    expect(measures.map((m) => [m.term.text, m.indicator.text, m.budget.map((l) => [l.source, l.total])])).toEqual([
      ["2026–2027 роки", "збудовано 60 амбулаторій", [["державний бюджет", 480000]]],
      ["2026 рік", "придбано 350 автомобілів", [["державний бюджет", 210000]]],
    ]);
  });
});

describe("readWebText: held-out-14's habits (a second annex after the plan)", () => {
  const text = [
    "Додаток 1",
    "до наказу Міністерства економіки України",
    "№ з/п",
    "Найменування заходу",
    "Відповідальні за виконання",
    "Строк виконання",
    "Очікуваний результат",
    "1.",
    "Проведення навчальних програм з експортної діяльності",
    "Мінекономіки",
    "2026–2027 роки",
    "навчено 1 200 представників підприємств",
    "2.",
    "Страхування експортних кредитів",
    "ПрАТ «Експортно-кредитне агентство» (за згодою)",
    "2026–2027 роки",
    "укладено 150 договорів страхування",
    "Додаток 2",
    "до наказу Міністерства економіки України",
    "ПЕРЕЛІК",
    "показників виконання плану заходів",
    "№ з/п",
    "Найменування показника",
    "Одиниця виміру",
    "2026 рік",
    "2027 рік",
    "1.",
    "Кількість підприємств-експортерів",
    "тис. од.",
    "14,2",
    "15,0",
  ].join("\n");

  it("ends the plan's table where «Додаток 2» / «до наказу …» opens the next annex, whose rows are no measures", () => {
    const { document } = Either.getOrThrow(readPlanTable(read(text)));
    const measures = document.sections.flatMap((s) => s.tasks.flatMap((k) => k.measures));
    expect(measures.map((m) => [m.label, m.term.text, m.indicator.text])).toEqual([
      ["1.", "2026–2027 роки", "навчено 1 200 представників підприємств"],
      ["2.", "2026–2027 роки", "укладено 150 договорів страхування"],
    ]);
  });
});

describe("readWebText: held-out-16's habits (a term counted from the end of martial law)", () => {
  const text = [
    "Найменування заходу",
    "Відповідальні за виконання",
    "Строк виконання",
    "Індикатор виконання",
    "Удосконалення регулювання",
    "1. Розроблення проекту закону про волонтерську діяльність",
    "Мінсоцполітики; Мінфін",
    "грудень 2026 р.",
    "проект закону подано",
    "2. Приведення актів щодо гуманітарної допомоги у відповідність із законодавством мирного часу",
    "Мінсоцполітики; Мінекономіки; Мінфін",
    "протягом шести місяців після припинення або скасування воєнного стану",
    "акти приведено у відповідність",
    "Розвиток інфраструктури волонтерства",
    "3. Створення сервісу реєстрації волонтерів",
    "Мінцифри",
    "до кінця воєнного стану",
    "сервіс запущено",
  ].join("\n");

  it("reads «протягом … після припинення воєнного стану» as the term, so the heading after it opens the next section", () => {
    expect(paragraphKind("протягом шести місяців після припинення або скасування воєнного стану")).toBe("term");
    expect(paragraphKind("до кінця воєнного стану")).toBe("term");
    expect(paragraphKind("у тримісячний строк після затвердження плану")).toBe("term");
    // A result that opens with «протягом року» is still an indicator's text.
    expect(paragraphKind("протягом року проведено 5 заходів")).not.toBe("term");
    const { document } = Either.getOrThrow(readPlanTable(read(text)));
    expect(document.sections.map((s) => [s.title, s.tasks.flatMap((t) => t.measures.map((m) => m.label))])).toEqual([
      ["Удосконалення регулювання", ["1.", "2."]],
      ["Розвиток інфраструктури волонтерства", ["3."]],
    ]);
    const second = document.sections[0]?.tasks[0]?.measures[1];
    expect([second?.term.text, second?.executors.map((e) => e.name), second?.indicator.text]).toEqual([
      "протягом шести місяців після припинення або скасування воєнного стану",
      ["Мінсоцполітики", "Мінекономіки", "Мінфін"],
      "акти приведено у відповідність",
    ]);
  });
});

describe("readWebText: held-out-20's habits (a co-executors column with «–» for nobody)", () => {
  const text = [
    "№ з/п",
    "Найменування заходу",
    "Строк виконання",
    "Відповідальні за виконання",
    "Співвиконавці",
    "Індикатор виконання",
    "I. Інвентаризація",
    "1.",
    "Оцінка збитків, завданих меліоративним системам",
    "2026–2027 роки",
    "Держводагентство",
    "Мінекономіки",
    "Мінфін",
    "оцінено збитки за методикою",
    "2.",
    "Формування реєстру пошкоджених об’єктів",
    "III квартал 2026 р.",
    "Держводагентство",
    "–",
    "сформовано реєстр",
    "3.",
    "Оприлюднення інформації про стан виконання плану",
    "щопівроку",
    "Мінагрополітики",
    "–",
    "оприлюднено інформацію на офіційному вебсайті",
  ].join("\n");

  it("reads «–» in the co-executors' place as nobody, not as the indicator's first words", () => {
    const { document } = Either.getOrThrow(readPlanTable(read(text)));
    const measures = document.sections.flatMap((s) => s.tasks.flatMap((t) => t.measures));
    expect(measures.map((m) => [m.executors.map((e) => e.name), m.indicator.text])).toEqual([
      [["Держводагентство", "Мінекономіки", "Мінфін"], "оцінено збитки за методикою"],
      [["Держводагентство"], "сформовано реєстр"],
      [["Мінагрополітики"], "оприлюднено інформацію на офіційному вебсайті"],
    ]);
  });
});

describe("readWebText: held-out-22's habits (a risks column last)", () => {
  const text = [
    "№ з/п",
    "Найменування заходу",
    "Відповідальні за виконання",
    "Строк виконання",
    "Індикатор виконання",
    "Ризики реалізації",
    "I. Нормативне забезпечення",
    "1.",
    "Розроблення проєкту порядку направлення ветеранів на реабілітацію",
    "Директорат політики психологічної допомоги",
    "до 01 червня 2026 року",
    "проєкт постанови подано до Кабінету Міністрів України",
    "тривале погодження з органами влади",
    "2.",
    "Затвердження методичних рекомендацій",
    "Директорат політики психологічної допомоги",
    "III квартал 2026 року",
    "затверджено методичні рекомендації",
    "–",
    "3.",
    "Внесення змін до переліку медичних виробів",
    "Директорат соціального захисту ветеранів",
    "до 01 грудня 2026 року",
    "наказ зареєстровано в Мін’юсті",
    "недостатнє фінансування",
  ].join("\n");

  it("reads «Ризики реалізації» as a column of its own, so its lines and its «–» are no part of the indicator or the term", () => {
    const { document } = Either.getOrThrow(readPlanTable(read(text)));
    const measures = document.sections.flatMap((s) => s.tasks.flatMap((t) => t.measures));
    expect(measures.map((m) => [m.term.text, m.indicator.text])).toEqual([
      ["до 01 червня 2026 року", "проєкт постанови подано до Кабінету Міністрів України"],
      ["III квартал 2026 року", "затверджено методичні рекомендації"],
      ["до 01 грудня 2026 року", "наказ зареєстровано в Мін’юсті"],
    ]);
  });
});

describe("readWebText: held-out-27's habits (the table continued after «Продовження додатка»)", () => {
  const text = [
    "№ з/п",
    "Найменування заходу",
    "Відповідальні за виконання",
    "Строк виконання",
    "Індикатор виконання",
    "1",
    "2",
    "3",
    "4",
    "5",
    "I. Розвиток мережі спостережень",
    "1.",
    "Встановлення автоматизованих постів спостереження",
    "Укргідрометцентр",
    "2026–2027 роки",
    "встановлено 60 постів",
    "Продовження додатка",
    "1",
    "2",
    "3",
    "4",
    "5",
    "2.",
    "Навчання фахівців лабораторій",
    "Державна екологічна академія",
    "щопівроку",
    "навчено 240 фахівців",
  ].join("\n");

  it("keeps the measure after the mark in the section it was in: the mark and the column numbers under it are no rows", () => {
    const { document } = Either.getOrThrow(readPlanTable(read(text)));
    expect(document.sections.map((s) => s.tasks.map((t) => t.measures.map((m) => m.title)))).toEqual([
      [["Встановлення автоматизованих постів спостереження", "Навчання фахівців лабораторій"]],
    ]);
  });
});

describe("readWebText: held-out-28's plan printed as a numbered list, with no header row", () => {
  const order = [
    "НАКАЗ",
    "1. Затвердити план заходів щодо розвитку розподіленої генерації, що додається.",
    "2. Структурним підрозділам забезпечити виконання плану заходів.",
    "3. Контроль за виконанням цього наказу залишаю за собою.",
    "Міністр  Роман ОЛІЙНИК",
    "ЗАТВЕРДЖЕНО",
    "ПЛАН",
    "заходів щодо розвитку розподіленої генерації на 2026–2027 роки",
  ];
  const list = [
    "I. Нормативно-правове забезпечення",
    "1. Розроблення проєкту постанови щодо спрощення приєднання об’єктів розподіленої генерації",
    "Директорат енергетичних ринків",
    "Юридичний департамент",
    "II квартал 2026 р.",
    "2. Підготовка змін до Порядку забезпечення об’єктів критичної інфраструктури резервним живленням",
    "Директорат енергетичної безпеки",
    "до 30 червня 2026 р.",
    "II. Розвиток розподіленої генерації",
    "3. Забезпечення приєднання об’єктів розподіленої генерації до електричних мереж",
    "НЕК «Укренерго» (за згодою)",
    "оператори систем розподілу (за згодою)",
    "постійно",
    "4. Моніторинг введення в експлуатацію газопоршневих установок",
    "Департамент електроенергетичного комплексу",
    "щомісяця до 10 числа",
  ];
  const text = [...order, ...list, "Директор Департаменту стратегічного планування  Ганна ДАНИЛЮК"].join("\n");

  it("reads each point's number and text, the bodies under it one a line and its term last; the order's own points are no measures", () => {
    expect(looksLikeWebText(text)).toBe(true);
    const { document, reading } = Either.getOrThrow(readPlanTable(read(text)));
    expect(document.sections.map((s) => s.title)).toEqual(["Нормативно-правове забезпечення", "Розвиток розподіленої генерації"]);
    const measures = document.sections.flatMap((s) => s.tasks.flatMap((t) => t.measures));
    expect(measures.map((m) => [m.label, m.term.text, m.executors.map((e) => [e.name, e.byConsent])])).toEqual([
      ["1.", "II квартал 2026 р.", [["Директорат енергетичних ринків", false], ["Юридичний департамент", false]]],
      ["2.", "до 30 червня 2026 р.", [["Директорат енергетичної безпеки", false]]],
      ["3.", "постійно", [["НЕК «Укренерго»", true], ["Оператори систем розподілу", true]]],
      ["4.", "щомісяця до 10 числа", [["Департамент електроенергетичного комплексу", false]]],
    ]);
    // The header was not printed: the document says so, and the columns are no surer than their place makes them.
    expect(document.anomalies.map((a) => a.kind)).toContain("header-inferred");
    expect(reading.columns.every((c) => c.confidence === "medium" && c.because.startsWith("заголовка не надруковано"))).toBe(true);
  });

  it("takes a line after the terms for a heading printed without a number, and the lines after every term for the result", () => {
    const unnumbered = ["Нормативне забезпечення", ...list.slice(1, 8), "Розвиток генерації", ...list.slice(9)].join("\n");
    const { document } = Either.getOrThrow(readPlanTable(read(unnumbered)));
    expect(document.sections.flatMap((s) => s.tasks.map((t) => [t.title, t.measures.length]))).toEqual([
      ["Нормативне забезпечення", 2],
      ["Розвиток генерації", 2],
    ]);
    const withResults = list.flatMap((l) => (/^(?:II квартал|до 30|постійно|щомісяця)/u.test(l) ? [l, `досягнуто: ${l}`] : [l])).join("\n");
    const read2 = Either.getOrThrow(readPlanTable(read(withResults)));
    expect(read2.document.sections.flatMap((s) => s.tasks.flatMap((t) => t.measures.map((m) => m.indicator.text)))).toEqual([
      "досягнуто: II квартал 2026 р.",
      "досягнуто: до 30 червня 2026 р.",
      "досягнуто: постійно",
      "досягнуто: щомісяця до 10 числа",
    ]);
  });

  it("is no list when its points carry no bodies and terms under them (an order's text, a letter)", () => {
    const prose = [
      "1. Затвердити план заходів, що додається.",
      "2. Управлінню освіти забезпечити виконання плану.",
      "3. Фінансовому управлінню передбачити кошти.",
      "4. Контроль залишаю за собою.",
    ].join("\n");
    expect(looksLikeWebText(prose)).toBe(false);
    expect(Either.isLeft(readWebText(prose))).toBe(true);
  });
});

describe("paragraphKind: held-out-32's bodies and measures that name a budget", () => {
  it("takes «Департамент бюджетної політики» for executors and a measure about budget requests for text, never a source", () => {
    expect(paragraphKind("Департамент бюджетної політики")).toBe("executors");
    expect(paragraphKind("Доповнення інструкцій з підготовки бюджетних запитів положеннями щодо гендерного аналізу")).toBe("text");
    expect(paragraphKind("державний бюджет")).toBe("source");
    expect(paragraphKind("кошти міжнародної технічної допомоги")).toBe("source");
    expect(paragraphKind("Фінансування не потребує")).toBe("source");
  });
});

describe("readWebText: held-out-31's column of EU acts (acquis)", () => {
  const text = [
    "№ з/п",
    "Найменування заходу",
    "Акт права ЄС (acquis ЄС)",
    "Строк виконання",
    "Відповідальні за виконання",
    "1.",
    "Розроблення проєкту Закону України «Про батареї та акумулятори»",
    "Регламент (ЄС) 2023/1542 Європейського Парламенту та Ради від 12 липня 2023 року про батареї",
    "CELEX 32023R1542",
    "IV квартал 2026 р.",
    "Директорат політики у сфері управління відходами",
    "2.",
    "Підготовка таблиці відповідності законодавства України акту права ЄС",
    "Директива Ради 1999/31/ЄС від 26 квітня 1999 року про захоронення відходів",
    "CELEX 31999L0031",
    "до 30 червня 2026 р.",
    "Департамент європейської інтеграції",
    "3.",
    "Проведення публічних консультацій",
    "–",
    "щопівроку",
    "Директорат політики у сфері управління відходами",
  ].join("\n");

  it("keeps the act's citation and its CELEX line out of the measure's text", () => {
    const { document } = Either.getOrThrow(readPlanTable(read(text)));
    expect(document.sections.flatMap((s) => s.tasks.flatMap((t) => t.measures.map((m) => [m.title, m.term.text])))).toEqual([
      ["Розроблення проєкту Закону України «Про батареї та акумулятори»", "IV квартал 2026 р."],
      ["Підготовка таблиці відповідності законодавства України акту права ЄС", "до 30 червня 2026 р."],
      ["Проведення публічних консультацій", "щопівроку"],
    ]);
  });
});

describe("readWebText: held-out-34's habits (commemorative days as terms, a remarks column filled for a few measures)", () => {
  it("takes a commemorative day for a term, not a text numbered «14»", () => {
    expect(paragraphKind("14 березня — День українського добровольця")).toBe("term");
    expect(paragraphKind("до Дня захисників і захисниць України (1 жовтня)")).toBe("term");
    expect(paragraphKind("напередодні Дня пам’яті захисників України (29 серпня)")).toBe("term");
    expect(paragraphKind("14 заходів проведено в громадах")).not.toBe("term");
  });

  it("leaves the remarks column empty where a row prints none", () => {
    const text = [
      "№ з/п",
      "Найменування заходу",
      "Строк виконання",
      "Відповідальні за виконання",
      "Індикатор виконання",
      "Примітка",
      "1.",
      "Проведення урочистих заходів",
      "до Дня захисників і захисниць України (1 жовтня)",
      "Директорат меморіальної політики",
      "проведено заходи в усіх регіонах",
      "Заходи проводяться з урахуванням безпекової ситуації",
      "2.",
      "Вшанування пам’яті Героїв Небесної Сотні",
      "до Дня Героїв Небесної Сотні (20 лютого)",
      "Директорат меморіальної політики",
      "проведено церемонію вшанування",
      "3.",
      "Проведення інформаційної кампанії",
      "14 березня — День українського добровольця",
      "Директорат комунікацій",
      "охоплено 2 млн користувачів",
      "4.",
      "Надання методичної допомоги",
      "постійно",
      "Директорат меморіальної політики",
      "надано 24 консультації",
    ].join("\n");
    const { document } = Either.getOrThrow(readPlanTable(read(text)));
    expect(document.sections.flatMap((s) => s.tasks.flatMap((t) => t.measures.map((m) => [m.term.text, m.indicator.text])))).toEqual([
      ["до Дня захисників і захисниць України (1 жовтня)", "проведено заходи в усіх регіонах"],
      ["до Дня Героїв Небесної Сотні (20 лютого)", "проведено церемонію вшанування"],
      ["14 березня — День українського добровольця", "охоплено 2 млн користувачів"],
      ["постійно", "надано 24 консультації"],
    ]);
  });
});
