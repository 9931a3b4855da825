/** @module Tests of the general table reader on tables written by hand: vocabularies, merged headers, pages, rows, refusals. */
import type { MeasureDoc, PlanDocument } from "@planledger/domain";
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import type { UnrecognisedDocument } from "../errors.js";
import { counts, measureAt } from "../testing/fixtures.js";
import { expandRow } from "./columns.js";
import type { ColumnAssignment, ReadDocument, Reading } from "./grid.js";
import { isGlossaryTitle, readPlanTable, readsAsGlossary, readsAsHeading } from "./read-table.js";
import { goalColumns, namedGoal, sumOfYears } from "./table-rows.js";
import { gridDocument, gridTable, UP } from "./testing/grid-builder.js";

const mustRead = (doc: ReadDocument, columns?: ColumnAssignment): { document: PlanDocument; reading: Reading } => {
  const r = readPlanTable(doc, columns === undefined ? {} : { columns });
  if (Either.isLeft(r)) throw new Error(r.left.reason);
  return r.right;
};

const mustFail = (doc: ReadDocument): UnrecognisedDocument => {
  const r = readPlanTable(doc);
  if (Either.isRight(r)) throw new Error("expected UnrecognisedDocument");
  return r.left;
};

const allMeasures = (doc: PlanDocument): MeasureDoc[] => doc.sections.flatMap((s) => s.tasks.flatMap((t) => t.measures));
const kinds = (doc: PlanDocument, kind: string) => doc.anomalies.filter((a) => a.kind === kind);
const fieldsOf = (reading: Reading) => reading.columns.map((c) => (c.year === undefined ? c.field : `${c.field}:${c.year}`));

const preamble = [
  "ЧЕРНІВЕЦЬКА ОБЛАСНА ДЕРЖАВНА АДМІНІСТРАЦІЯ",
  "РОЗПОРЯДЖЕННЯ",
  "12 березня 2024 р.",
  "№ 215",
  "Про затвердження плану заходів з енергозбереження на 2024-2025 роки",
];

describe("readPlanTable: vocabularies", () => {
  it("reads «Зміст заходу / Відповідальні за реалізацію заходів / Строки виконання / Очікуваний результат», labels 1) 2)", () => {
    const { document, reading } = mustRead(
      gridDocument(
        [
          gridTable([
            ["№ п/п", "Зміст заходу", "Відповідальні за реалізацію заходів", "Строки виконання", "Очікуваний результат"],
            [{ text: "І. Організаційні заходи", span: 5 }],
            ["1)", "Проведення навчань для посадових осіб", "Управління освіти облдержадміністрації", "II кв. 2024 р.", "навчено 40 осіб"],
            ["2)", "Оновлення програм", "Відділ культури; Чернівецька міська рада (за згодою)", "до 31.12.2025", "оновлено 3 програми"],
          ]),
        ],
        preamble,
      ),
    );
    expect(fieldsOf(reading)).toEqual(["label", "title", "executors", "term", "indicator"]);
    expect(reading.columns.every((c) => c.confidence === "high")).toBe(true);
    expect(reading.columns[3]?.because).toContain("Строки виконання");
    expect(counts(document)).toEqual({ sections: 1, tasks: 1, measures: 2 });
    const m = measureAt(document, 1, 1, 2);
    expect(m).toMatchObject({ label: "2)", title: "Оновлення програм", term: { kind: "deadline", date: "2025-12-31" } });
    expect(m.executors).toEqual([
      { name: "Відділ культури", byConsent: false },
      { name: "Чернівецька міська рада", byConsent: true },
    ]);
    expect(measureAt(document, 1, 1, 1).indicator.targets).toEqual([{ value: 40, unit: "осіб" }]);
    expect(document.plan).toMatchObject({ issuer: "ЧЕРНІВЕЦЬКА ОБЛАСНА ДЕРЖАВНА АДМІНІСТРАЦІЯ", order: { number: "215", date: "2024-03-12" }, period: { from: 2024, to: 2025 } });
    expect(reading.measures.map((p) => p.path)).toEqual(["І. / 1)", "І. / 2)"]);
    expect(reading.measures[0]?.where).toBe("таблиця 1, рядок 3");
    expect(reading.measures[0]?.fields).toMatchObject({ title: { confidence: "high" }, term: { confidence: "high" }, executors: { confidence: "high" } });
  });

  it("reads «Перелік заходів / Головний розпорядник / Термін виконання» and combines «Найменування показника» with «Значення показника»", () => {
    const { document, reading } = mustRead(
      gridDocument([
        gridTable([
          ["№ з/п", "Перелік заходів", "Головний розпорядник", "Термін виконання", { text: "Показники", span: 2 }],
          ["", "", "", "", "Найменування показника", "Значення показника"].map((t, i) => (i < 4 ? UP : t)),
          ["1.", "Утеплення фасадів шкіл", "Департамент освіти і науки", "2024 рік", "кількість шкіл", "12 шкіл"],
        ]),
      ]),
    );
    expect(fieldsOf(reading)).toEqual(["label", "title", "executors", "term", "indicator", "indicator"]);
    expect(reading.columns[4]?.header).toBe("Показники / Найменування показника");
    expect(measureAt(document, 1, 1, 1).indicator).toEqual({ text: "кількість шкіл: 12 шкіл", targets: [{ value: 12, unit: "шкіл" }] });
  });
});

describe("readPlanTable: money by year under a merged header", () => {
  const table = gridTable([
    ["№", "Найменування заходу", "Виконавці", "Строк виконання", "Джерела фінансування", { text: "Орієнтовні обсяги фінансування, тис. грн", span: 3 }, "Індикатор"],
    [UP, UP, UP, UP, UP, "Всього", { text: "у тому числі за роками", span: 2 }, UP],
    [UP, UP, UP, UP, UP, UP, "2024", "2025 рік", UP],
    ["1", "2", "3", "4", "5", "6", "7", "8", "9"],
    ["1.", "Придбання обладнання", "Департамент соціального захисту населення", "2024-2025 роки", "обласний бюджет", "300", "100", "200", "придбано 5 комплектів"],
    [UP, UP, UP, UP, "місцеві бюджети", "50", "-", "50", UP],
    ["", UP, "Служба у справах дітей", UP, "обласний бюджет", "10", "10", "", UP],
    ["2.", "Навчання фахівців", "Обласний центр соціальних служб", "щороку", "обласний бюджет", "20", "10", "10", "навчено 30 фахівців"],
    [{ text: "Разом", span: 5 }, "390", "120", "270", ""],
  ]);

  it("gives the year columns their years, the total «Всього», and reads one money line per executor × source", () => {
    const { document, reading } = mustRead(gridDocument([table]));
    expect(fieldsOf(reading)).toEqual(["label", "title", "executors", "term", "source", "total", "year:2024", "year:2025", "indicator"]);
    expect(reading.columns[6]?.header).toBe("Орієнтовні обсяги фінансування, тис. грн / у тому числі за роками / 2024");
    const m = measureAt(document, 1, 1, 1);
    expect(m.executors.map((e) => e.name)).toEqual(["Департамент соціального захисту населення", "Служба у справах дітей"]);
    expect(m.budget).toEqual([
      { executor: "Департамент соціального захисту населення", source: "обласний бюджет", total: 300, byYear: { "2024": 100, "2025": 200 } },
      { executor: "Департамент соціального захисту населення", source: "місцеві бюджети", total: 50, byYear: { "2025": 50 } },
      { executor: "Служба у справах дітей", source: "обласний бюджет", total: 10, byYear: { "2024": 10 } },
    ]);
    expect(allMeasures(document)).toHaveLength(2);
  });

  it("checks the «Разом» row as a stated total, not a measure", () => {
    const { document } = mustRead(gridDocument([table]));
    const mismatch = kinds(document, "budget-total-mismatch");
    // 300 + 50 + 10 + 20 = 380, the row says 390; 2024: 120 = 100 + 10 + 10; 2025: 200 + 50 + 10 = 260, says 270.
    // "Разом" names no executor: it is checked as the grand total ("Всього").
    expect(mismatch.map((a) => a.where)).toEqual(["«Всього» / усього · рядок 9", "«Всього» / 2025 · рядок 9"]);
    expect(mismatch[0]?.message).toBe("Зазначено 390, сума рядків 380 / stated 390, lines sum to 380");
  });
});

describe("readPlanTable: choosing and joining tables", () => {
  const passport = gridTable(
    [
      ["1.", "Ініціатор розроблення програми", "Департамент соціального захисту населення"],
      ["2.", "Строк реалізації програми", "2024-2025 роки"],
      ["3.", "Обсяг фінансування, тис. грн", "1200"],
    ],
    { tableNo: 1 },
  );
  const header = ["№ з/п", "Назва заходу", "Виконавці", "Термін виконання"];
  const measures = gridTable(
    [
      header,
      ["1", "2", "3", "4"],
      [{ text: "1. Підтримка сімей", span: 4 }],
      ["1.", "Консультування батьків", "Центр соціальних служб", "постійно"],
      ["2.", "Проведення форуму", "Управління молоді та спорту", "IV кв. 2024"],
    ],
    { tableNo: 2 },
  );
  const nextPage = gridTable(
    [header, ["1", "2", "3", "4"], ["3.", "Видання буклетів", "Служба у справах дітей", "2025 рік"]],
    { tableNo: 3 },
  );
  const lastPage = gridTable([["1", "2", "3", "4"], ["4.", "Звіт про виконання", "Департамент соціального захисту населення", "щороку до 10 січня"]], { tableNo: 4 });

  it("skips a programme's passport table and reads the measures table of the annex with its pages", () => {
    const { document, reading } = mustRead(gridDocument([passport, measures, nextPage, lastPage]));
    expect(reading.table).toBe("таблиця 2 (продовження / continued: таблиця 3, таблиця 4)");
    expect(allMeasures(document).map((m) => m.title)).toEqual(["Консультування батьків", "Проведення форуму", "Видання буклетів", "Звіт про виконання"]);
    expect(reading.measures.map((p) => p.where)).toEqual(["таблиця 2, рядок 4", "таблиця 2, рядок 5", "таблиця 3, рядок 3", "таблиця 4, рядок 2"]);
    expect(document.sections.map((s) => s.title)).toEqual(["Підтримка сімей"]);
  });

  it("drops the header repeated inside one table at the top of a page", () => {
    const one = gridTable([header, ["1.", "Консультування батьків", "Центр соціальних служб", "постійно"], header, ["1", "2", "3", "4"], ["2.", "Проведення форуму", "Управління молоді та спорту", "IV кв. 2024"]]);
    const { document } = mustRead(gridDocument([one]));
    expect(allMeasures(document).map((m) => m.label)).toEqual(["1.", "2."]);
  });

  it("does not join a following table with other headers", () => {
    const other = gridTable([["№", "Показник", "Значення"], ["1", "Кількість сімей", "100"]], { tableNo: 3 });
    const { reading } = mustRead(gridDocument([measures, other]));
    expect(reading.table).toBe("таблиця 2");
  });
});

describe("readPlanTable: structure of the rows", () => {
  it("reads Roman sections spanning the row, tasks in their own column merged down, measure labels 1.1 / 1.2", () => {
    const { document, reading } = mustRead(
      gridDocument([
        gridTable([
          ["№", "Найменування завдання", "Найменування заходу", "Виконавці", "Строк виконання"],
          [{ text: "I. Соціальний захист", span: 5 }],
          ["1", "Підтримка ветеранів", "1.1. Створення простору ветеранів", "Управління соціального захисту", "2024 рік"],
          [UP, UP, "1.2. Навчання фахівців", "Центр надання соціальних послуг", "2025 рік"],
          ["2", "Доступність", "2.1. Облаштування пандусів", "Управління капітального будівництва", "до 01.09.2025"],
          [{ text: "II. Освіта", span: 5 }],
          ["1", "Інклюзія", "1.1. Відкриття ресурсних кімнат", "Управління освіти", "щороку"],
        ]),
      ]),
    );
    expect(counts(document)).toEqual({ sections: 2, tasks: 3, measures: 4 });
    expect(document.sections[0]?.tasks.map((t) => [t.label, t.title, t.measures.map((m) => m.label)])).toEqual([
      ["1", "Підтримка ветеранів", ["1.1.", "1.2."]],
      ["2", "Доступність", ["2.1."]],
    ]);
    expect(measureAt(document, 1, 1, 2).title).toBe("Навчання фахівців");
    expect(reading.measures.map((p) => p.path)).toEqual(["I. / 1 / 1.1.", "I. / 1 / 1.2.", "I. / 2 / 2.1.", "II. / 1 / 1.1."]);
  });

  it("reads «Завдання 1.» rows and «1. …» rows without executors or term as tasks under Roman sections", () => {
    const { document } = mustRead(
      gridDocument([
        gridTable([
          ["№ з/п", "Назва заходу", "Відповідальні за виконання", "Термін виконання"],
          [{ text: "Розділ 1. Безпека", span: 4 }],
          [{ text: "Завдання 1. Захист населення", span: 4 }],
          ["1)", "Оновлення сирен", "Управління з питань цивільного захисту", "2024 рік"],
          [{ text: "II. Здоров'я", span: 4 }],
          ["1.", "Профілактика", "", ""],
          ["1)", "Скринінг", "Департамент охорони здоров'я", "щокварталу"],
        ]),
      ]),
    );
    expect(document.sections.map((s) => [s.label, s.title, s.tasks.map((t) => `${t.label} ${t.title}`)])).toEqual([
      ["1.", "Безпека", ["1. Захист населення"]],
      ["II.", "Здоров'я", ["1. Профілактика"]],
    ]);
  });

  it("reads sections «1. …» spanning the row when there are no Roman sections, and tasks «1.1. …» under them", () => {
    const { document } = mustRead(
      gridDocument([
        gridTable([
          ["№ з/п", "Назва заходу", "Відповідальні за виконання", "Термін виконання"],
          [{ text: "1. Правова допомога", span: 4 }],
          ["1.", "Консультації", "Центр правової допомоги", "постійно"],
          [{ text: "2. Соціальний захист", span: 4 }],
          [{ text: "2.1. Соціальні послуги", span: 4 }],
          ["2.", "Догляд вдома", "Територіальний центр", "2024 рік"],
        ]),
      ]),
    );
    expect(document.sections.map((s) => [s.label, s.tasks.map((t) => t.label)])).toEqual([
      ["1.", [""]],
      ["2.", ["2.1."]],
    ]);
  });

  it("resolves ditto marks to the value above and says so in the provenance and the anomalies", () => {
    const { document, reading } = mustRead(
      gridDocument([
        gridTable([
          ["№ з/п", "Назва заходу", "Виконавці", "Строк"],
          ["1.", "Ремонт даху", "Управління капітального будівництва", "2024 рік"],
          ["2.", "Ремонт вікон", "-“-", "те саме"],
        ]),
      ]),
    );
    const m = measureAt(document, 1, 1, 2);
    expect(m.executors.map((e) => e.name)).toEqual(["Управління капітального будівництва"]);
    expect(m.term).toMatchObject({ text: "2024 рік" });
    expect(reading.measures[1]?.fields.executors).toMatchObject({ confidence: "medium" });
    expect(reading.measures[1]?.fields.executors?.note).toContain("повтор значення з рядка вище");
    expect(kinds(document, "ditto").map((a) => a.where)).toEqual(["2. · рядок 3", "2. · рядок 3"]);
  });

  it("removes editors' notes from cells and skips rows that are only a note", () => {
    const { document } = mustRead(
      gridDocument([
        gridTable([
          ["№ з/п", "Назва заходу", "Виконавці", "Строк"],
          ["1.", "Ремонт даху {Пункт 1 в редакції Розпорядження № 12 від 01.02.2024}", "Управління капітального будівництва", "2024 рік"],
          [{ text: "{Пункт 2 виключено на підставі Розпорядження № 40 від 05.05.2024}", span: 4 }],
          ["3.", "Ремонт вікон", "Управління капітального будівництва", "2025 рік"],
        ]),
      ]),
    );
    expect(allMeasures(document).map((m) => m.title)).toEqual(["Ремонт даху", "Ремонт вікон"]);
    const notes = kinds(document, "editors-note");
    expect(notes).toHaveLength(2);
    expect(notes[0]?.message).toContain("{Пункт 1 в редакції Розпорядження № 12 від 01.02.2024}");
    expect(notes[1]?.message).toContain("Пункт 2 виключено");
  });

  it("skips a point deleted by an amendment and reads an inserted point «8-1.» as a measure", () => {
    const { document } = mustRead(
      gridDocument([
        gridTable([
          ["№ з/п", "Назва заходу", "Виконавці", "Строк"],
          ["7.", "{Пункт 7 виключено на підставі Розпорядження № 40 від 05.05.2024}", "", ""],
          ["8.", "Ремонт даху", "Управління капітального будівництва", "2024 рік"],
          ["8-1.", "Ремонт вікон", "Управління капітального будівництва", "2025 рік"],
        ]),
      ]),
    );
    expect(document.sections.flatMap((s) => s.tasks)).toHaveLength(1);
    expect(allMeasures(document).map((m) => [m.label, m.title])).toEqual([
      ["8.", "Ремонт даху"],
      ["8-1.", "Ремонт вікон"],
    ]);
    expect(kinds(document, "editors-note")[0]?.message).toContain("Пункт 7 виключено");
  });

  it("ends the table at the signatures, skips a total's breakdown by source and a line «Не потребує фінансування»", () => {
    const { document } = mustRead(
      gridDocument([
        gridTable([
          ["№", "Найменування заходу", "Виконавці", "Строк виконання", "Джерела фінансування", "Усього, тис. грн", "2025", "2026"],
          ["1", "Придбання обладнання", "Управління освіти", "2025-2026 роки", "місцевий бюджет", "300", "100", "200"],
          ["2", "Навчання фахівців", "Управління освіти", "щороку", "Не потребує фінансування", "–", "–", "–"],
          [{ text: "Усього", span: 5 }, "300", "100", "200"],
          [{ text: "у тому числі:", span: 4 }, "місцевий бюджет", "300", "100", "200"],
          [{ text: "Начальник управління освіти Олена КОВАЛЬ", span: 8 }],
          [{ text: "Головний бухгалтер Лариса ЗАЇКА", span: 8 }],
        ]),
      ]),
    );
    expect(document.sections).toHaveLength(1);
    expect(allMeasures(document).map((m) => m.budget.length)).toEqual([1, 0]);
  });

  it("continues a row of a PDF text layer on the lines without a label", () => {
    const { document, reading } = mustRead(
      gridDocument(
        [
          gridTable(
            [
              ["№", "Найменування заходу", "Відповідальні за виконання", "Термін виконання"],
              ["1.", "Проведення інформаційної", "Управління соціального", "I квартал"],
              ["", "кампанії щодо прав дітей", "захисту населення", "2025 року"],
              ["2.", "Облаштування укриттів", "Управління освіти", "до 01.09.2025"],
              ["", "у закладах освіти", "", ""],
            ],
            { rowsAreLines: true },
          ),
        ],
        [],
        "pdf",
      ),
    );
    expect(allMeasures(document).map((m) => [m.title, m.executors.map((e) => e.name).join("; "), m.term.kind])).toEqual([
      ["Проведення інформаційної кампанії щодо прав дітей", "Управління соціального захисту населення", "quarterRange"],
      ["Облаштування укриттів у закладах освіти", "Управління освіти", "deadline"],
    ]);
    expect(reading.measures[1]?.where).toBe("таблиця 1, рядок 4");
  });

  it("on PDF lines, starts another executor at a line that opens a body, and joins a source carried over", () => {
    const { document } = mustRead(
      gridDocument(
        [
          gridTable(
            [
              ["№", "Найменування заходу", "Виконавці", "Термін виконання", "Джерела фінансування", "2026"],
              ["1.", "Облаштування укриттів", "Служба у справах дітей", "2026 рік", "обласний фонд охорони", "120,0"],
              ["", "у закладах освіти", "Білоцерківської міської ради", "", "навколишнього середовища", ""],
              ["", "", "Керівники закладів освіти", "", "", ""],
            ],
            { rowsAreLines: true },
          ),
        ],
        [],
        "pdf",
      ),
    );
    const [m] = allMeasures(document);
    expect(m?.executors.map((e) => e.name)).toEqual(["Служба у справах дітей Білоцерківської міської ради", "Керівники закладів освіти"]);
    expect(m?.budget.map((l) => [l.source, l.byYear])).toEqual([["обласний фонд охорони навколишнього середовища", { 2026: 120 }]]);
  });

  it("ends the table at a council head's signature («Селищний голова … Сергій ДУБОВИЙ»)", () => {
    const { document } = mustRead(
      gridDocument([
        gridTable([
          ["№ з/п", "Назва заходу", "Відповідальний виконавець", "Термін виконання"],
          [{ text: "1. Енергоефективність закладів освіти", span: 4 }],
          ["1.1.", "Заміна вікон", "Відділ освіти селищної ради", "2026 рік"],
          [{ text: "Селищний голова                    Сергій ДУБОВИЙ", span: 4 }],
        ]),
      ]),
    );
    expect(counts(document)).toEqual({ sections: 1, tasks: 1, measures: 1 });
  });

  it("flags a measure without a term and an executors cell that reads like prose", () => {
    const { document, reading } = mustRead(
      gridDocument([
        gridTable([
          ["№ з/п", "Назва заходу", "Виконавці", "Строк"],
          ["1.", "Ремонт даху", "Управління капітального будівництва", ""],
          ["2.", "Ремонт вікон", "Проведення ремонту силами підрядника після погодження кошторису", "колись"],
        ]),
      ]),
    );
    expect(kinds(document, "unparsed-term").map((a) => a.where)).toEqual(["1. · рядок 2", "2. · рядок 3"]);
    expect(reading.measures[0]?.fields.term).toMatchObject({ confidence: "low" });
    expect(reading.measures[1]?.fields.executors).toMatchObject({ confidence: "low" });
    expect(kinds(document, "doubtful").map((a) => a.where)).toEqual(["2. · рядок 3"]);
  });
});

describe("readPlanTable: columns placed by content, unrecognised tables, columns assigned by hand", () => {
  it("places a column without a header by its values and says so", () => {
    const { reading } = mustRead(
      gridDocument([
        gridTable([
          ["№ з/п", "Назва заходу", "Виконавці", ""],
          ["1.", "Ремонт даху", "Управління капітального будівництва", "II кв. 2024"],
          ["2.", "Ремонт вікон", "Управління капітального будівництва", "2025 рік"],
          ["3.", "Ремонт дверей", "Відділ освіти", "до 01.09.2025"],
        ]),
      ]),
    );
    expect(reading.columns[3]).toMatchObject({ field: "term", confidence: "medium" });
    expect(reading.columns[3]?.because).toBe("без заголовка; вміст: 3 з 3 значень — строки / content: 3 of 3 values are terms");
    expect(reading.measures[0]?.fields.term).toMatchObject({ confidence: "medium" });
  });

  const unknown = gridDocument([
    gridTable([
      ["Пункт", "Що робимо", "Хто", "Коли"],
      ["1.", "Ремонт даху", "Управління капітального будівництва", "II кв. 2024"],
      ["2.", "Ремонт вікон", "Відділ освіти", "2025 рік"],
    ]),
  ]);

  it("refuses a table whose columns it cannot map, naming the headers found and those not placed", () => {
    const e = mustFail(unknown);
    expect(e.headers).toEqual(["Пункт", "Що робимо", "Хто", "Коли"]);
    // "Пункт", "Хто" and "Коли" are placed by their values (numbers, bodies, terms); the measure's title is never guessed.
    expect(e.unplaced).toEqual(["Що робимо"]);
    expect(e.reason).toMatch(/^Колонки таблиці не розпізнано \(немає колонки з назвою заходу\): заголовки «Пункт», «Що робимо», «Хто», «Коли»; не розміщено «Що робимо» — /u);
    expect(e.reason).not.toContain("\n");
  });

  it("reads the same table once a person assigns its columns", () => {
    const { document, reading } = mustRead(unknown, [
      { column: 0, field: "label" },
      { column: 1, field: "title" },
      { column: 2, field: "executors" },
      { column: 3, field: "term" },
    ]);
    expect(reading.assigned).toBe(true);
    expect(reading.columns.map((c) => [c.field, c.confidence, c.because])).toEqual([
      ["label", "high", "призначено вручну / assigned by hand"],
      ["title", "high", "призначено вручну / assigned by hand"],
      ["executors", "high", "призначено вручну / assigned by hand"],
      ["term", "high", "призначено вручну / assigned by hand"],
    ]);
    expect(allMeasures(document).map((m) => m.title)).toEqual(["Ремонт даху", "Ремонт вікон"]);
  });

  it("refuses a table with nothing but a title column", () => {
    const e = mustFail(gridDocument([gridTable([["№", "Назва заходу"], ["1.", "Ремонт даху"]])]));
    expect(e.reason).toContain("є лише назва заходу");
  });

  it("refuses a document without tables", () => {
    expect(mustFail(gridDocument([])).reason).toBe("у документі немає таблиць / the document has no tables");
  });
});

describe("readPlanTable: habits of held-out-4 (one task-and-measure column, stacked tables, two executor columns, marks)", () => {
  it("reads «Найменування завдання, заходу» as the measures' column: sections «1.», tasks «1.1.», measures «1.1.1.»", () => {
    const { document, reading } = mustRead(
      gridDocument([
        gridTable([
          ["№ з/п", "Найменування завдання, заходу", "Відповідальні за виконання", "Строк виконання", "Індикатор виконання"],
          ["1", "2", "3", "4", "5"],
          ["1.", { text: "Удосконалення механізмів", span: 4 }],
          ["1.1.", "Забезпечення інтеграції гендерного підходу", "", "", ""],
          ["1.1.1.", "Визначення відповідальних осіб", "апарат райдержадміністрації\nсектор культури, молоді та спорту райдержадміністрації", "I квартал 2026 р.", "видано накази"],
          ["1.1.2.", "Проведення експертизи", "юридичний відділ апарату райдержадміністрації", "постійно", "проведено експертизу"],
          ["1.2.", "Підвищення спроможності службовців", "", "", ""],
          ["1.2.1.", "Організація навчання", "сектор управління персоналом", "2026–2027 роки", "навчено 40 службовців"],
        ]),
      ]),
    );
    expect(fieldsOf(reading)).toEqual(["label", "title", "executors", "term", "indicator"]);
    expect(document.sections.map((s) => [s.label, s.tasks.map((t) => [t.label, t.measures.map((m) => m.label)])])).toEqual([
      ["1.", [["1.1.", ["1.1.1.", "1.1.2."]], ["1.2.", ["1.2.1."]]]],
    ]);
    expect(measureAt(document, 1, 1, 1).executors.map((e) => e.name)).toEqual(["Апарат райдержадміністрації", "Сектор культури, молоді та спорту райдержадміністрації"]);
  });

  it("reads the measures table under a resource summary on the same sheet, with or without an empty row between", () => {
    const summary: ReadonlyArray<ReadonlyArray<string | { text: string; span: number } | typeof UP>> = [
      [{ text: "Обсяг коштів, які пропонується залучити на виконання Програми", span: 2 }, "2026 рік", "2027 рік", "Усього витрат на виконання Програми"],
      [{ text: "обласний бюджет", span: 2 }, "300", "200", "500"],
    ];
    const plan: ReadonlyArray<ReadonlyArray<string | { text: string; span: number } | typeof UP>> = [
      [{ text: "Додаток 2", span: 5 }],
      ["№ з/п", "Заходи", "Строк виконання", "Виконавці", "Очікуваний результат"],
      ["1.", "Проведення фестивалю", "щороку", "Управління культури облдержадміністрації", "участь 1200 аматорів"],
      ["2.", "Видання путівника", "2027 рік", "Управління культури облдержадміністрації", "видано путівник"],
    ];
    for (const between of [[["", "", "", "", ""]], []]) {
      const { document, reading } = mustRead(gridDocument([gridTable([...summary, ...between, ...plan])]));
      expect(fieldsOf(reading)).toEqual(["label", "title", "term", "executors", "indicator"]);
      expect(allMeasures(document).map((m) => m.label)).toEqual(["1.", "2."]);
    }
  });

  it("gives the «№» of every measure row to the measure when the task is merged down beside it, and checks «Разом за розділом» against its section", () => {
    const { document } = mustRead(
      gridDocument([
        gridTable([
          ["№ з/п", "Завдання", "Заходи", "Строк виконання", "Виконавці", "Джерела фінансування", "Обсяг, тис. грн", "Очікуваний результат"],
          [{ text: "1. Збереження спадщини", span: 8 }],
          ["1.1.", "Охорона пам'яток", "Виготовлення документації", "2026 рік", "Управління культури", "обласний бюджет", "450", "3 проєкти"],
          ["1.2.", UP, "Встановлення дощок", "щороку", "Управління культури", "обласний бюджет", "180", "45 дощок"],
          [{ text: "Разом за розділом 1", span: 6 }, "630", ""],
          [{ text: "2. Туризм", span: 8 }],
          ["2.1.", "Імідж області", "Участь у виставках", "щороку", "Управління культури", "обласний бюджет", "600", "6 виставок"],
          [{ text: "Разом за розділом 2", span: 6 }, "600", ""],
          [{ text: "Усього за Програмою", span: 6 }, "1230", ""],
        ]),
      ]),
    );
    const tasks = document.sections.flatMap((s) => s.tasks);
    expect(tasks.map((t) => [t.label, t.title, t.measures.map((m) => m.label)])).toEqual([
      ["", "Охорона пам'яток", ["1.1.", "1.2."]],
      ["", "Імідж області", ["2.1."]],
    ]);
    expect(kinds(document, "budget-total-mismatch")).toEqual([]);
  });

  it("reads two executor columns as one list, responsible first, «–» naming nobody, and a row carried over to the next page part in its own column", () => {
    const header = ["№ з/п", "Найменування заходу", "Відповідальні виконавці", "Співвиконавці", "Строк виконання", "Джерело фінансування", "Обсяг фінансування, тис. грн"];
    const { document } = mustRead(
      gridDocument([
        gridTable(
          [
            header,
            ["1.1.", "Будівництво водогону", "Миколаївська міська рада (за згодою)", "–", "2026–2028 роки", "державний бюджет бюджети територіальних громад", "320 000,0 35 000,0"],
            ["1.2.", "Придбання автоцистерн для підвезення", "управління капітального будівництва", "органи місцевого самоврядування (за згодою)", "2026 рік", "державний бюджет", "9 600,0"],
          ],
          { tableNo: 1 },
        ),
        gridTable(
          [
            header,
            ["", "питної води", "облдержадміністрації", "", "", "(субвенція)", ""],
            ["1.3.", "Надання допомоги", "департамент облдержадміністрації", "–", "постійно", "не потребує фінансування", "–"],
          ],
          { tableNo: 2 },
        ),
      ]),
    );
    expect(allMeasures(document)).toHaveLength(3);
    const [first, second] = allMeasures(document);
    expect(first?.executors).toEqual([{ name: "Миколаївська міська рада", byConsent: true }]);
    expect(first?.budget.map((l) => [l.source, l.total])).toEqual([
      ["державний бюджет", 320000],
      ["бюджети територіальних громад", 35000],
    ]);
    expect(second?.title).toBe("Придбання автоцистерн для підвезення питної води");
    expect(second?.executors).toEqual([
      { name: "Управління капітального будівництва облдержадміністрації", byConsent: false },
      { name: "Органи місцевого самоврядування", byConsent: true },
    ]);
    expect(second?.budget.map((l) => l.source)).toEqual(["державний бюджет (субвенція)"]);
  });

  it("reads a body marked «*» as by consent when a footnote «* За згодою.» explains the mark", () => {
    const table = gridTable([
      ["№ з/п", "Зміст заходу", "Виконавці", "Термін виконання"],
      ["1.", "Проведення гри «Сокіл»", "Управління освіти міської ради\nГромадська організація «Пласт»*", "травень 2026 р."],
    ]);
    const marked = mustRead({ ...gridDocument([table]), paragraphs: [{ text: "* За згодою.", place: { line: 30 } }] }).document;
    expect(measureAt(marked, 1, 1, 1).executors).toEqual([
      { name: "Управління освіти міської ради", byConsent: false },
      { name: "Громадська організація «Пласт»", byConsent: true },
    ]);
    // Without the footnote the mark means nothing known: the name is kept as printed.
    expect(measureAt(mustRead(gridDocument([table])).document, 1, 1, 1).executors[1]).toEqual({ name: "Громадська організація «Пласт»*", byConsent: false });
  });
});

describe("readPlanTable: habits of held-out-5 (money by year and by source in the header, officials beside executors)", () => {
  it("reads a two-row money header of years × sources: one budget line per source with money, totals checked over the sources", () => {
    const table = gridTable([
      ["№ з/п", "Перелік заходів", "Виконавці", { text: "Усього, тис. грн", span: 2 }, { text: "2026 рік, тис. грн", span: 2 }, { text: "2027 рік, тис. грн", span: 2 }],
      [UP, UP, UP, "бюджет громади", "інші джерела", "бюджет громади", "інші джерела", "бюджет громади", "інші джерела"],
      ["1.", "Ремонт спортивного залу", "Управління капітального будівництва", "4 850,0", "1 200,0", "4 850,0", "1 200,0", "–", "–"],
      ["2.", "Облаштування майданчика", "Управління освіти", "2 300,0", "–", "1 100,0", "–", "1 200,0", "–"],
      ["3.", "Висвітлення у засобах масової інформації", "Відділ комунікацій", "–", "–", "–", "–", "–", "–"],
      [{ text: "Усього за програмою", span: 3 }, "7 150,0", "1 200,0", "5 950,0", "1 200,0", "1 200,0", "–"],
    ]);
    const { document, reading } = mustRead(gridDocument([table]));
    expect(reading.columns.slice(3).map((c) => [c.field, c.year, c.source])).toEqual([
      ["total", undefined, "бюджет громади"],
      ["total", undefined, "інші джерела"],
      ["year", 2026, "бюджет громади"],
      ["year", 2026, "інші джерела"],
      ["year", 2027, "бюджет громади"],
      ["year", 2027, "інші джерела"],
    ]);
    expect(reading.unplaced).toEqual([]);
    expect(measureAt(document, 1, 1, 1).budget).toEqual([
      { executor: "Управління капітального будівництва", source: "бюджет громади", total: 4850, byYear: { "2026": 4850 } },
      { executor: "Управління капітального будівництва", source: "інші джерела", total: 1200, byYear: { "2026": 1200 } },
    ]);
    expect(measureAt(document, 1, 1, 2).budget).toEqual([{ executor: "Управління освіти", source: "бюджет громади", total: 2300, byYear: { "2026": 1100, "2027": 1200 } }]);
    // «–» in every amount: no money, no line.
    expect(measureAt(document, 1, 1, 3).budget).toEqual([]);
    expect(allMeasures(document)).toHaveLength(3);
    // The stated total adds up over both sources: nothing to report.
    expect(kinds(document, "budget-total-mismatch")).toEqual([]);
  });

  it("reads the sources over the years just as well («бюджет громади» spanning «2026», «2027»)", () => {
    const table = gridTable([
      ["№ з/п", "Перелік заходів", "Виконавці", { text: "бюджет громади", span: 2 }, { text: "державний бюджет", span: 2 }],
      [UP, UP, UP, "2026", "2027", "2026", "2027"],
      ["1.", "Ремонт спортивного залу", "Управління капітального будівництва", "100", "200", "-", "50"],
    ]);
    const { document } = mustRead(gridDocument([table]));
    // No total column printed for a source: the line's total is the sum of its years (held-out-6's convention).
    expect(measureAt(document, 1, 1, 1).budget.map((l) => [l.source, l.total, l.byYear])).toEqual([
      ["бюджет громади", 300, { "2026": 100, "2027": 200 }],
      ["державний бюджет", 50, { "2027": 50 }],
    ]);
  });

  it("keeps the body or position of an executor printed with a person in brackets, the person noted in the provenance", () => {
    const table = gridTable([
      ["№ з/п", "Найменування заходу", "Відповідальні за виконання", "Термін виконання"],
      ["1.", "Затвердити склад робочої групи", "Заступник селищного голови (Мороз В.І.)\nВідділ освіти, культури, молоді та спорту селищної ради (Коваленко О.М.)", "до 15 квітня 2026 р."],
      ["2.", "Організувати працевлаштування", "Філія обласного центру зайнятості (Гаврилюк\nІ.С.) (за згодою)\nСтарости старостинських округів", "червень 2026 р."],
    ]);
    const { document, reading } = mustRead(gridDocument([table]));
    expect(measureAt(document, 1, 1, 1).executors).toEqual([
      { name: "Заступник селищного голови", byConsent: false },
      { name: "Відділ освіти, культури, молоді та спорту селищної ради", byConsent: false },
    ]);
    expect(measureAt(document, 1, 1, 2).executors).toEqual([
      { name: "Філія обласного центру зайнятості", byConsent: true },
      { name: "Старости старостинських округів", byConsent: false },
    ]);
    expect(reading.measures[0]?.fields.executors).toEqual({
      confidence: "high",
      note: "особи в дужках (не виконавці): Мороз В.І. — Заступник селищного голови; Коваленко О.М. — Відділ освіти, культури, молоді та спорту селищної ради / persons in brackets (not executors)",
    });
  });
});

describe("readPlanTable: habits of held-out-6 (a measure's «усього» row, money within an allowance, three header rows)", () => {
  it("takes a measure's rows by source as its budget, not the «усього» row above them, and gives money within an allowance no line", () => {
    const table = gridTable([
      ["№ з/п", "Найменування заходу", "Відповідальні виконавці", "Джерела фінансування", "Обсяги фінансування, тис. грн", UP, UP],
      [UP, UP, UP, UP, "усього", "2026 рік", "2027 рік"],
      ["1.", "Розроблення туристичних маршрутів", "Управління туризму", "усього", "300", "100", "200"],
      [UP, UP, UP, "обласний бюджет", "200", "100", "100"],
      [UP, UP, UP, "бюджети територіальних громад", "100", "-", "100"],
      ["2.", "Підготовка довідника", "Управління туризму", "за рахунок та в межах коштів, передбачених на утримання управління", "-", "-", "-"],
    ]);
    const { document } = mustRead(gridDocument([table]));
    expect(measureAt(document, 1, 1, 1).budget.map((l) => [l.source, l.total, l.byYear])).toEqual([
      ["обласний бюджет", 200, { "2026": 100, "2027": 100 }],
      ["бюджети територіальних громад", 100, { "2027": 100 }],
    ]);
    expect(measureAt(document, 1, 1, 2).budget).toEqual([]);
  });

  it("ends a three-row money header at the first section row, though it holds a header word, and sums a source's years", () => {
    const table = gridTable([
      ["№ з/п", "Найменування заходу", "Відповідальні за виконання", { text: "Обсяг фінансування, тис. грн", span: 4 }],
      [UP, UP, UP, { text: "2026 рік", span: 2 }, { text: "2027 рік", span: 2 }],
      [UP, UP, UP, "обласний бюджет", "інші джерела", "обласний бюджет", "інші джерела"],
      [{ text: "1. Термомодернізація будівель бюджетної сфери", span: 7 }],
      ["1.1.", "Капітальний ремонт будівлі лікарні", "Департамент охорони здоров'я", "8 500,0", "–", "6 200,0", "3 100,0"],
    ]);
    const { document, reading } = mustRead(gridDocument([table]));
    expect(reading.columns.slice(3).map((c) => [c.field, c.year, c.source])).toEqual([
      ["year", 2026, "обласний бюджет"],
      ["year", 2026, "інші джерела"],
      ["year", 2027, "обласний бюджет"],
      ["year", 2027, "інші джерела"],
    ]);
    expect(allMeasures(document).map((m) => m.budget.map((l) => [l.source, l.total, l.byYear]))).toEqual([
      [
        ["обласний бюджет", 14700, { "2026": 8500, "2027": 6200 }],
        ["інші джерела", 3100, { "2027": 3100 }],
      ],
    ]);
  });
});

describe("readPlanTable: habits of held-out-7 (a plan typed a table per section, money by year with no total column)", () => {
  // The header alone in the first Word table; each section's heading a paragraph between the tables, its measures
  // in a table of their own with no header row; «Продовження додатка» between two tables is no heading.
  const header = gridTable([["№ з/п", "Назва заходу", "Виконавці", "Термін виконання"]], { tableNo: 1 });
  const first = gridTable(
    [
      ["1.1", "Проведення тижня молоді", "Відділ культури міської ради", "червень 2026 р."],
      ["1.2", "Організація табору", "Відділ освіти міської ради", "липень 2026 р."],
    ],
    { tableNo: 2 },
  );
  const second = gridTable([["2.1", "Проведення конкурсу проєктів", "Відділ культури міської ради", "травень 2026 р."]], { tableNo: 3 });
  const third = gridTable([["2.2", "Облаштування молодіжного простору", "Відділ культури міської ради", "IV кв. 2026 р."]], { tableNo: 4 });
  const between = (text: string, afterTable: number, line: number) => ({ text, place: { line }, afterTable });

  it("reads a paragraph between two tables that reads as a heading as a row across the table, and no other", () => {
    const doc = gridDocument([header, first, second, third], ["ПЛАН ЗАХОДІВ"]);
    const typed = {
      ...doc,
      paragraphs: [
        ...doc.paragraphs,
        between("1. Національно-патріотичне виховання", 1, 3),
        between("2. Підтримка молодіжних ініціатив", 2, 5),
        between("Продовження додатка", 3, 7),
        between("Секретар ради Олена КОВАЛЬ", 4, 9),
      ],
    };
    const { document } = mustRead(typed);
    // One heading level: the reader files the headings as tasks of one section, as for «1. …» rows in a table.
    expect(document.sections.flatMap((s) => s.tasks.map((t) => [t.title, t.measures.map((m) => m.label)]))).toEqual([
      ["Національно-патріотичне виховання", ["1.1", "1.2"]],
      ["Підтримка молодіжних ініціатив", ["2.1", "2.2"]],
    ]);
    // Without the paragraphs the same tables are one list of measures under no heading.
    expect(counts(mustRead(doc).document)).toEqual({ sections: 1, tasks: 1, measures: 4 });
  });

  it("tells a heading paragraph from the others: a label and a title in capitals, «I. …», «Розділ 2. …»", () => {
    for (const t of ["2. Підтримка молодіжних ініціатив", "II. Здоровий спосіб життя", "Розділ 3. Дозвілля", "1.2. Інформаційне забезпечення"]) {
      expect(readsAsHeading(t)).toBe(true);
    }
    for (const t of ["Продовження додатка", "Секретар ради Олена КОВАЛЬ", "1) провести нараду;", "2. у разі потреби:", "20 свят на рік"]) expect(readsAsHeading(t)).toBe(false);
  });

  it("sums a money row's years into its total where the table prints no total column", () => {
    const table = gridTable([
      ["№ з/п", "Найменування заходу", "Відповідальні виконавці", "Джерело фінансування", { text: "Обсяг фінансування, тис. грн", span: 2 }],
      [UP, UP, UP, UP, "2026 рік", "2027 рік"],
      ["1.", "Розчищення русла річки", "Відділ інфраструктури", "обласний бюджет", "4 250,0", "3 900,0"],
      ["2.", "Друк пам’яток", "Відділ комунікацій", "місцеві бюджети", "45,0", "–"],
      ["3.", "Засідання комісії", "Сектор цивільного захисту", "не потребує фінансування", "–", "–"],
    ]);
    const { document } = mustRead(gridDocument([table]));
    expect(allMeasures(document).map((m) => m.budget.map((l) => [l.source, l.total, l.byYear]))).toEqual([
      [["обласний бюджет", 8150, { "2026": 4250, "2027": 3900 }]],
      [["місцеві бюджети", 45, { "2026": 45 }]],
      [],
    ]);
    expect(sumOfYears(["12,5", "–", "0,5"])).toBe("13");
    expect(sumOfYears(["–", ""])).toBe("");
    expect(sumOfYears(["12,5", "н/д"])).toBe("");
  });
});

describe("readPlanTable: habits of held-out-8 (a list of abbreviations, a plan low on the order's page, goal columns, «–» as the source)", () => {
  const plan = gridTable(
    [
      ["№", "Захід", "Відповідальні", "Строк", "Показник виконання"],
      ["1.", "Проведення моніторингу потреб у соціальних послугах", "ВСЗН РДА\nОМС (за згодою)", "I квартал 2026 р.", "узагальнено потреби 6 громад"],
      ["2.", "Підготовка звіту про виконання Плану", "ВСЗН РДА", "до 15 січня 2027 р.", "звіт подано"],
    ],
    { tableNo: 1 },
  );
  // The list of abbreviations under the plan, as a Word table of the same grid width, its two cells merged across.
  const glossary = (first: string) =>
    gridTable(
      [
        [{ text: first, span: 2 }, { text: "відділ соціального захисту населення районної державної адміністрації", span: 3 }],
        [{ text: "ОМС", span: 2 }, { text: "органи місцевого самоврядування територіальних громад району", span: 3 }],
      ],
      { tableNo: 2 },
    );

  it("reads the short header «Захід» as the measure's column, and leaves a list of abbreviations under the plan out of it", () => {
    const { document, reading } = mustRead(gridDocument([plan, glossary("ВСЗН РДА")]));
    expect(fieldsOf(reading)).toEqual(["label", "title", "executors", "term", "indicator"]);
    expect(allMeasures(document).map((m) => m.label)).toEqual(["1.", "2."]);
    expect(measureAt(document, 1, 1, 1).executors).toEqual([
      { name: "ВСЗН РДА", byConsent: false },
      { name: "ОМС", byConsent: true },
    ]);
    expect(readsAsGlossary(glossary("ВСЗН РДА").rows.map((r) => expandRow(r, 5)))).toBe(true);
    expect(readsAsGlossary(plan.rows.map((r) => expandRow(r, 5)))).toBe(false);
  });

  it("ends the plan at a paragraph titled as a list of abbreviations, whatever the table under it holds", () => {
    // «райдержадміністрація» is no abbreviation: by its rows alone the table would be taken for the plan's next page.
    const doc = gridDocument([plan, glossary("райдержадміністрація")]);
    expect(allMeasures(mustRead(doc).document)).toHaveLength(4);
    const titled = { ...doc, paragraphs: [...doc.paragraphs, { text: "Перелік скорочень", place: { line: 9 }, afterTable: 1 }] };
    expect(allMeasures(mustRead(titled).document).map((m) => m.label)).toEqual(["1.", "2."]);
    for (const t of ["Перелік скорочень", "Список умовних скорочень:", "Умовні позначення", "Скорочення"]) expect(isGlossaryTitle(t)).toBe(true);
    for (const t of ["Продовження додатка", "Перелік заходів", "2. Підтримка молоді"]) expect(isGlossaryTitle(t)).toBe(false);
  });

  it("reads a table broken across pages from its first page, though a later page holds more rows", () => {
    const header = ["№ з/п", "Найменування заходу", "Відповідальні за виконання", "Термін виконання"];
    const page1 = gridTable([header, [{ text: "I. Організаційні заходи", span: 4 }], ["1.", "Проведення засідань комісії", "Районна комісія", "щокварталу"], [{ text: "II. Ветеринарні заходи", span: 4 }]], { tableNo: 1 });
    const page2 = gridTable(
      [
        header,
        ["2.", "Облік поголів’я свиней", "Старости старостинських округів", "до 1 липня 2026 р."],
        ["3.", "Відбір проб", "Районне управління Держпродспоживслужби", "постійно"],
        ["4.", "Контроль переміщення тварин", "Районне управління Держпродспоживслужби", "постійно"],
        ["5.", "Облаштування дезбар’єрів", "Керівники підприємств (за згодою)", "за потреби"],
      ],
      { tableNo: 2 },
    );
    const { document, reading } = mustRead(gridDocument([page1, page2]));
    expect(document.sections.map((s) => [s.label, s.tasks.flatMap((t) => t.measures.map((m) => m.label))])).toEqual([
      ["I.", ["1."]],
      ["II.", ["2.", "3.", "4.", "5."]],
    ]);
    expect(reading.table).toContain("продовження");
  });

  it("reads goal levels printed as columns merged down left of the number: the outer are sections, the inner tasks", () => {
    const table = gridTable([
      ["Стратегічна ціль", "Операційна ціль", "№ з/п", "Назва заходу (проєкту)", "Відповідальні за виконання", "Період реалізації"],
      ["Стратегічна ціль 1. Конкурентоспроможна економіка", "Операційна ціль 1.1. Підтримка підприємництва", "1.1.1.", "Створення центру підтримки підприємців", "Відділ економічного розвитку міської ради", "2026 рік"],
      [UP, UP, "1.1.2.", "Проведення форуму підприємців", "Відділ економічного розвитку міської ради", "2027 рік"],
      [UP, "Операційна ціль 1.2. Залучення інвестицій", "1.2.1.", "Розроблення інвестиційного паспорта", "Відділ економічного розвитку міської ради", "2026 рік"],
      ["Стратегічна ціль 2. Безпечне середовище", "Операційна ціль 2.1. Цивільний захист", "2.1.1.", "Облаштування укриттів у школах", "Управління освіти міської ради", "2026–2027 роки"],
    ]);
    const { document, reading } = mustRead(gridDocument([table]));
    expect(document.sections.map((s) => [s.label, s.title, s.tasks.map((t) => [t.label, t.title, t.measures.map((m) => m.label)])])).toEqual([
      [
        "1.",
        "Конкурентоспроможна економіка",
        [
          ["1.1.", "Підтримка підприємництва", ["1.1.1.", "1.1.2."]],
          ["1.2.", "Залучення інвестицій", ["1.2.1."]],
        ],
      ],
      ["2.", "Безпечне середовище", [["2.1.", "Цивільний захист", ["2.1.1."]]]],
    ]);
    expect(fieldsOf(reading).slice(0, 3)).toEqual(["task", "task", "label"]);
    expect(reading.columns[0]?.because).toContain("розділи");
    expect(goalColumns([reading.columns[1], reading.columns[0]].flatMap((c) => (c === undefined ? [] : [c]))).sectionCol?.column).toBe(0);
    expect(namedGoal("Операційна ціль 1.2. Розвиток парку")).toEqual({ label: "1.2.", rest: "Розвиток парку" });
  });

  it("gives a measure with «–» as its source and every amount no budget line", () => {
    const table = gridTable([
      ["№ з/п", "Найменування заходу", "Відповідальні за виконання", "Строк виконання", "Джерела фінансування", "Обсяг, тис. гривень"],
      ["1.", "Закупівля автомобілів", "МОЗ", "2026 рік", "державний бюджет", "1 260 000,0"],
      ["2.", "Затвердження стандарту роботи диспетчера", "МОЗ", "IV квартал 2026 р.", "–", "–"],
    ]);
    const { document } = mustRead(gridDocument([table]));
    expect(allMeasures(document).map((m) => m.budget.map((l) => [l.source, l.total]))).toEqual([[["державний бюджет", 1260000]], []]);
  });
});

describe("readPlanTable: habits of held-out-9 (a sheet per section, the years stacked in the money cell)", () => {
  const header = ["№ з/п", "Найменування заходу", "Виконавець", "Термін виконання"];

  it("reads the line above the first part as the first section's heading when the later parts are headed so too", () => {
    // A workbook kept a sheet per section: each sheet's section name above the header repeated on every sheet.
    const sheet = (n: number, rows: ReadonlyArray<ReadonlyArray<string>>) => gridTable([header, ...rows], { tableNo: n });
    const roads = sheet(1, [["1", "Ремонт тротуарів", "КП «Міськсвітло»", "2026 рік"], ["2", "Нанесення розмітки", "КП «Міськсвітло»", "травень 2026 р."]]);
    const lights = sheet(2, [["1", "Заміна ламп", "КП «Міськсвітло»", "2027 рік"]]);
    const doc = gridDocument([roads, lights], ["Перелік заходів програми", "Розділ 1. Дороги"], "xlsx");
    const typed = { ...doc, paragraphs: [...doc.paragraphs, { text: "Розділ 2. Освітлення", place: { sheet: "Розділ 2", row: 1 }, afterTable: 1 }] };
    const { document } = mustRead(typed);
    expect(document.sections.map((s) => [s.label, s.title, s.tasks.flatMap((t) => t.measures.map((m) => m.label))])).toEqual([
      ["1.", "Дороги", ["1", "2"]],
      ["2.", "Освітлення", ["1"]],
    ]);
    // A plan of one part keeps the line above its header in the preamble, as before: no section of its own.
    expect(mustRead(gridDocument([roads], ["Перелік заходів програми", "Розділ 1. Дороги"], "xlsx")).document.sections.map((s) => s.title)).toEqual([""]);
  });

  it("reads a money cell that stacks the years under the total, and the rest of one carried over to the next page", () => {
    const money = "Орієнтовні обсяги фінансування, тис. грн";
    const table = gridTable([
      [...header, "Джерела фінансування", money],
      ["1.1.", "Проведення забігу", "Відділ спорту міської ради", "щороку", "бюджет громади", "195,0\nу т. ч.:\n2026 р. – 60,0\n2027 р. – 65,0\n2028 р. – 70,0"],
      ["1.2.", "Друк буклетів", "Відділ охорони здоров’я", "I кв. 2026 р.", "бюджет громади", "50,0\nу т. ч.:\n2026 р. – 25,0\n2028 р. – 25,0"],
      ["1.3.", "Заняття з ходьби", "Територіальний центр", "постійно", "не потребує фінансування", "–"],
      ["1.4.", "Розміщення реклами", "Відділ інформаційної політики", "щороку", "бюджет громади", "144,0\nу т. ч.:\n2026 р. – 48,0"],
      [...header, "Джерела фінансування", money],
      ["", "", "", "", "", "2027 р. – 48,0\n2028 р. – 48,0"],
      ["Усього", "", "", "", "", "389,0\nу т. ч.:\n2026 р. – 133,0\n2027 р. – 113,0\n2028 р. – 143,0"],
    ]);
    const { document } = mustRead(gridDocument([table]));
    expect(allMeasures(document).map((m) => m.budget.map((l) => [l.source, l.total, l.byYear]))).toEqual([
      [["бюджет громади", 195, { "2026": 60, "2027": 65, "2028": 70 }]],
      [["бюджет громади", 50, { "2026": 25, "2028": 25 }]],
      [],
      [["бюджет громади", 144, { "2026": 48, "2027": 48, "2028": 48 }]],
    ]);
    // The stated total is checked year by year against the lines: it adds up.
    expect(kinds(document, "budget-total-mismatch")).toEqual([]);
  });
});

describe("readPlanTable: habits of held-out-10 (task rows carrying subtotals, a note row under the table)", () => {
  const header = ["№ з/п", "Назва завдання, заходу", "Виконавці", "Термін виконання", "Джерело фінансування", "2026 рік", "2027 рік", "усього"];

  it("reads a row numbered one level above the measures with only amounts as a task whose amounts are its subtotal", () => {
    const table = gridTable([
      header,
      ["1.", { text: "Профілактика правопорушень", span: 7 }],
      ["1.1.", "Запобігання правопорушенням", "", "", "", "1550", "1170", "2720"],
      ["1.1.1.", "Встановлення камер", "Управління ЖКГ міської ради", "2026–2027 роки", "бюджет громади", "1200", "800", "2000"],
      ["1.1.2.", "Утримання системи", "КП «Муніципальна варта»", "постійно", "бюджет громади", "350", "370", "720"],
      ["1.2.", "Профілактика серед молоді", "", "", "", "133.5", "90", "200"],
      ["1.2.1.", "Проведення бесід", "Управління освіти", "щороку", "не потребує фінансування", "—", "—", "—"],
      ["1.2.2.", "Організація дозвілля", "Служба у справах дітей", "2026 рік", "бюджет громади", "133.5", "90", "223.5"],
      [{ text: "Разом за Програмою", span: 5 }, "1683.5", "1260", "2943.5"],
    ]);
    const { document } = mustRead(gridDocument([table], [], "xlsx"));
    expect(document.sections.map((s) => [s.label, s.tasks.map((t) => [t.label, t.title, t.measures.map((m) => m.label)])])).toEqual([
      ["1.", [["1.1.", "Запобігання правопорушенням", ["1.1.1.", "1.1.2."]], ["1.2.", "Профілактика серед молоді", ["1.2.1.", "1.2.2."]]]],
    ]);
    // The subtotals are checked against their own task's measures: 1.1. adds up, 1.2.'s «усього» 200 does not (223.5).
    const mismatches = kinds(document, "budget-total-mismatch");
    expect(mismatches).toHaveLength(1);
    expect(mismatches[0]?.message).toContain("200");
    expect(mismatches[0]?.message).toContain("223.5");
  });

  it("reads a «Примітка. …» row across the table as neither a heading nor a measure", () => {
    const table = gridTable([
      ["№ з/п", "Найменування заходу", "Виконавці", "Термін виконання"],
      [{ text: "1. Розвиток інфраструктури", span: 4 }],
      ["1.1", "Створення центру", "Департамент економічного розвитку", "2026 рік"],
      [{ text: "2. Фінансова підтримка", span: 4 }],
      ["2.1", "Надання грантів", "Департамент економічного розвитку", "щороку"],
      [{ text: "Примітка. Обсяги фінансування уточнюються щороку.", span: 4 }],
    ]);
    const { document } = mustRead(gridDocument([table]));
    expect(document.sections.map((s) => [s.title, s.tasks.map((t) => t.title)])).toEqual([["", ["Розвиток інфраструктури", "Фінансова підтримка"]]]);
    expect(allMeasures(document).map((m) => m.label)).toEqual(["1.1", "2.1"]);
  });
});

describe("readPlanTable: habits of held-out-11 (bold section rows not merged)", () => {
  const header = ["№ з/п", "Найменування заходу", "Відповідальні за виконання", "Термін виконання", "Очікуваний результат"];

  it("reads a bold unnumbered row whose only text is in the measure's column as a section, the measures under it numbered", () => {
    const table = gridTable([
      header,
      ["", { text: "Санітарне очищення території", bold: true }, "", "", ""],
      ["1.", "Проведення толоки", "Старости старостинських округів", "квітень 2026 р.", "прибрано 42 га"],
      ["2.", "Ліквідація сміттєзвалищ", "КП «Комунальне господарство»", "квітень – жовтень 2026 р.", "ліквідовано 9 сміттєзвалищ"],
      ["", { text: "Вуличне освітлення", bold: true }, "", "", ""],
      ["3.", "Заміна світильників", "Відділ ЖКГ сільської ради", "II квартал 2026 р.", "замінено 180 світильників"],
    ]);
    const { document } = mustRead(gridDocument([table]));
    expect(document.sections.map((s) => [s.title, s.tasks.flatMap((t) => t.measures.map((m) => m.label))])).toEqual([
      ["Санітарне очищення території", ["1.", "2."]],
      ["Вуличне освітлення", ["3."]],
    ]);
  });

  it("keeps such a row a measure when it is not bold, or when the measures' own titles are bold too", () => {
    const rows = (bold: boolean) => [
      header,
      ["", { text: "Санітарне очищення території", bold: true }, "", "", ""],
      ["1.", { text: "Проведення толоки", bold }, "Старости старостинських округів", "квітень 2026 р.", "прибрано 42 га"],
      ["", "Вуличне освітлення", "", "", ""],
      ["2.", { text: "Заміна світильників", bold }, "Відділ ЖКГ сільської ради", "II квартал 2026 р.", "замінено 180 світильників"],
    ];
    const plain = mustRead(gridDocument([gridTable(rows(false))])).document;
    expect(counts(plain)).toEqual({ sections: 1, tasks: 1, measures: 3 });
    expect(allMeasures(plain).map((m) => m.title)).toEqual(["Проведення толоки", "Вуличне освітлення", "Заміна світильників"]);
    const allBold = mustRead(gridDocument([gridTable(rows(true))])).document;
    expect(counts(allBold)).toEqual({ sections: 1, tasks: 1, measures: 4 });
  });
});

describe("readPlanTable: habits of held-out-11 (money in hryvnias)", () => {
  it("reads amounts under a header «…, грн» in thousand hryvnias, totals checked in the same unit, and says so per measure", () => {
    const table = gridTable([
      ["Зміст заходу", "Виконавці", "Термін виконання", "Джерела фінансування", { text: "Обсяг фінансування, грн", span: 3 }, "Очікуваний результат"],
      ["", "", "", "", "усього", "2026 рік", "2027 рік", ""],
      [{ text: "1. Збереження культурної спадщини", span: 8 }],
      ["1.1. Проведення інвентаризації пам’яток", "Відділ культури сільської ради", "I півріччя 2026 р.", "бюджет громади", "48 000,00", "48 000,00", "–", "складено документацію"],
      ["1.2. Капітальний ремонт покрівлі", "Відділ будівництва сільської ради", "2026–2027 роки", "бюджет громади", "1 286 500,00", "1 250 000,00", "36 500,00", "відремонтовано покрівлю"],
      [{ text: "Усього за програмою", span: 4 }, "1 334 500,00", "1 298 000,00", "36 500,00", ""],
    ]);
    const { document, reading } = mustRead(gridDocument([table]));
    expect(allMeasures(document).map((m) => m.budget.map((l) => [l.source, l.total, l.byYear]))).toEqual([
      [["бюджет громади", 48, { "2026": 48 }]],
      [["бюджет громади", 1286.5, { "2026": 1250, "2027": 36.5 }]],
    ]);
    expect(kinds(document, "budget-total-mismatch")).toEqual([]);
    expect(reading.measures[0]?.fields.budget?.note).toContain("переведено в тис. грн");
  });
});

describe("readPlanTable: habits of held-out-11 (the term as year columns marked «+»)", () => {
  it("reads the years marked «+» under «Строк виконання» as the measure's term, joined in order, and no money", () => {
    const table = gridTable([
      ["№ з/п", "Зміст заходу", "Відповідальні виконавці", { text: "Строк виконання", span: 3 }, "Очікуваний результат"],
      [UP, UP, UP, "2026", "2027", "2028", UP],
      ["1.", { text: "Організаційне забезпечення", span: 6 }],
      ["1.1.", "Утворення робочої групи", "Апарат адміністрації", "+", "", "", "утворено групу"],
      ["1.2.", "Підготовка звіту", "Відділ інформаційної діяльності", "+", "", "+", "оприлюднено 2 звіти"],
      ["1.3.", "Проведення моніторингу", "Відділ економічного розвитку", "+", "+", "+", "проведено 3 моніторинги"],
      ["1.4.", "Проведення навчання", "Відділ управління персоналом", "", "", "IV квартал", "навчено 45 службовців"],
    ]);
    const { document } = mustRead(gridDocument([table], [], "xlsx"));
    const measures = allMeasures(document);
    expect(measures.map((m) => m.term.text)).toEqual(["2026", "2026, 2028", "2026, 2027, 2028", "IV квартал 2028"]);
    expect(measures.map((m) => m.term.kind)).not.toContain("unparsed");
    expect(measures.every((m) => m.budget.length === 0)).toBe(true);
  });
});

describe("readPlanTable: habits of held-out-12 (a table per topic, a sheet per year, a calendar plan)", () => {
  const between = (text: string, afterTable: number, line: number) => ({ text, place: { line }, afterTable });

  it("reads a second table on another topic, under its own heading and with its own header, as the next section", () => {
    const organising = gridTable(
      [
        ["№ з/п", "Зміст заходу", "Відповідальні за виконання", "Термін виконання", "Очікуваний результат"],
        ["1.", "Утворення штабу", "Виконавчий комітет сільської ради", "до 15 травня 2026 р.", "штаб утворено"],
        ["2.", "Обстеження котелень", "Відділ житлово-комунального господарства", "з 01.06.2026 по 30.06.2026", "складено 14 актів"],
      ],
      { tableNo: 1 },
    );
    const works = gridTable(
      [
        ["№ з/п", "Найменування об’єкта, вид робіт", "Виконавець", "Термін виконання", "Джерело фінансування", "Вартість робіт, тис. грн", "Очікуваний результат"],
        ["1.", "Ліцей: заміна котла", "Відділ освіти сільської ради", "з 01.06.2026 по 31.08.2026", "бюджет громади", "1 480,0", "замінено 1 котел"],
        ["2.", "Амбулаторія: заміна вікон", "КНП «Центр первинної медичної допомоги»", "з 01.07.2026 по 31.07.2026", "обласний бюджет", "640,0", "замінено 24 вікна"],
        ["Разом", "", "", "", "", "2 120,0", ""],
      ],
      { tableNo: 2 },
    );
    const doc = gridDocument([organising, works], ["ПЛАН", "I. Організаційні заходи"]);
    const typed = { ...doc, paragraphs: [...doc.paragraphs.map((p) => ({ ...p, afterTable: 0 })), between("II. Заходи з підготовки об’єктів, що потребують фінансування", 1, 3)] };
    const { document } = mustRead(typed);
    expect(document.sections.map((s) => [s.label, s.title, s.tasks.flatMap((t) => t.measures.map((m) => [m.label, m.title, m.budget.map((l) => [l.source, l.total])]))])).toEqual([
      [
        "I.",
        "Організаційні заходи",
        [
          ["1.", "Утворення штабу", []],
          ["2.", "Обстеження котелень", []],
        ],
      ],
      [
        "II.",
        "Заходи з підготовки об’єктів, що потребують фінансування",
        [
          ["1.", "Ліцей: заміна котла", [["бюджет громади", 1480]]],
          ["2.", "Амбулаторія: заміна вікон", [["обласний бюджет", 640]]],
        ],
      ],
    ]);
    // The table of works alone is read too, its title column «Найменування об’єкта, вид робіт».
    expect(counts(mustRead(gridDocument([works])).document).measures).toBe(2);
    // Without a heading between them, a table with another header is no part of the plan, as before.
    expect(counts(mustRead(doc).document).measures).toBe(2);
  });

  it("reads a workbook of one sheet per year, the year named in the money column's header, each amount that year's", () => {
    const sheet = (year: number, n: number, rows: ReadonlyArray<ReadonlyArray<string>>) =>
      gridTable(
        [
          ["№ з/п", "Найменування заходу", "Виконавець", "Термін виконання", "Джерело фінансування", `Обсяг фінансування у ${year} році, тис. грн`],
          [{ text: "1. Утримання доріг", span: 6 }],
          ...rows,
          ["", `Разом на ${year} рік`, "", "", "", rows.reduce((a, r) => a + Number(r[5]), 0).toString()],
        ],
        { tableNo: n },
      );
    const first = sheet(2026, 1, [["1.1.", "Ямковий ремонт", "КП «Благоустрій»", "квітень – жовтень", "бюджет громади", "2100"]]);
    const second = sheet(2027, 2, [
      ["1.1.", "Ямковий ремонт", "КП «Благоустрій»", "квітень – жовтень", "бюджет громади", "2250"],
      ["1.2.", "Розмітка", "КП «Благоустрій»", "травень – червень", "бюджет громади", "310"],
    ]);
    const { document } = mustRead(gridDocument([first, second], ["Програма утримання доріг на 2026–2027 роки"], "xlsx"));
    expect(allMeasures(document).map((m) => [m.label, m.budget.map((l) => [l.total, l.byYear])])).toEqual([
      ["1.1.", [[2100, { "2026": 2100 }]]],
      ["1.1.", [[2250, { "2027": 2250 }]]],
      ["1.2.", [[310, { "2027": 310 }]]],
    ]);
    expect(kinds(document, "budget-total-mismatch")).toEqual([]);
  });

  it("reads a calendar plan's date column as the term and leaves its place column out", () => {
    const table = gridTable([
      ["№ з/п", "Дата, час проведення", "Назва заходу", "Місце проведення", "Відповідальні"],
      ["1.", "23.08.2026, 10:00–12:00", "Урочиста церемонія підняття прапора", "майдан Миру", "Відділ культури міської ради"],
      ["2.", "до 10.08.2026", "Утворення оргкомітету", "–", "Заступник міського голови"],
    ]);
    const { document, reading } = mustRead(gridDocument([table]));
    expect(fieldsOf(reading)).toEqual(["label", "term", "title", "ignore", "executors"]);
    expect(allMeasures(document).map((m) => [m.title, m.term.text, m.executors.map((e) => e.name)])).toEqual([
      ["Урочиста церемонія підняття прапора", "23.08.2026, 10:00–12:00", ["Відділ культури міської ради"]],
      ["Утворення оргкомітету", "до 10.08.2026", ["Заступник міського голови"]],
    ]);
  });

  it("starts a new executor where a row carried over to the next page opens the name of another body", () => {
    const header = ["№ з/п", "Назва заходу", "Строк виконання", "Відповідальні"];
    const page1 = gridTable([header, ["1.", "Святковий концерт", "24.08.2026", "Відділ культури і туризму міської ради"]], { tableNo: 1 });
    const page2 = gridTable([header, ["", "", "", "Бахмацький міський будинок культури"], ["2.", "Кінопоказ", "24.08.2026", "Молодіжний центр"]], { tableNo: 2 });
    const pages = { ...gridDocument([page1, page2]), format: "pdf" as const };
    const withBorders = { ...pages, tables: pages.tables.map((t) => ({ ...t, bordered: true })) };
    expect(allMeasures(mustRead(withBorders).document)[0]?.executors.map((e) => e.name)).toEqual(["Відділ культури і туризму міської ради", "Бахмацький міський будинок культури"]);
  });
});

describe("readPlanTable: habits of held-out-13 (years as rows with sources as columns, a term in «початок» / «кінець»)", () => {
  it("reads a «Рік» column beside money columns by source: one line per source, its years from the measure's rows", () => {
    const table = gridTable([
      ["№ з/п", "Найменування заходу", "Відповідальні виконавці", "Рік", { text: "Обсяг фінансування, тис. грн", span: 3 }],
      [UP, UP, UP, UP, "державний бюджет", "місцевий бюджет", "усього"],
      ["1.", "Облаштування пандусів", "Відділ капітального будівництва", "2026", "600", "300", "900"],
      [UP, UP, UP, "2027", "–", "350", "350"],
      ["2.", "Компенсація вартості проїзду", "Управління соціального захисту", "2027", "–", "85", "85"],
    ]);
    const { document, reading } = mustRead(gridDocument([table]));
    expect(fieldsOf(reading)).toContain("ignore");
    expect(measureAt(document, 1, 1, 1).budget).toEqual([
      { executor: "Відділ капітального будівництва", source: "державний бюджет", total: 600, byYear: { "2026": 600 } },
      { executor: "Відділ капітального будівництва", source: "місцевий бюджет", total: 650, byYear: { "2026": 300, "2027": 350 } },
    ]);
    expect(measureAt(document, 1, 1, 2).budget).toEqual([{ executor: "Управління соціального захисту", source: "місцевий бюджет", total: 85, byYear: { "2027": 85 } }]);
    expect(allMeasures(document)).toHaveLength(2);
  });

  it("keeps a second header row of lower-case words under the first («з/п», «початок» / «кінець»), and «–» as the end leaves the start alone", () => {
    const table = gridTable([
      ["№", "Зміст заходу", "Відповідальні за", { text: "Строк виконання", span: 2 }, "Очікуваний результат"],
      ["з/п", "", "виконання", "початок", "кінець", ""],
      [{ text: "Розділ 1. Організаційні заходи", span: 6 }],
      ["1.", "Проведення обстеження мережі доріг", "Відділ житлово-комунального господарства", "02.03.2026", "30.04.2026", "визначено перелік ділянок"],
      ["2.", "Оприлюднення аналізу аварійності", "Відділ комунікацій", "01.07.2026", "–", "аналіз оприлюднено"],
    ]);
    const { document, reading } = mustRead(gridDocument([table], [], "pdf"));
    expect(fieldsOf(reading)).toEqual(["label", "title", "executors", "term", "term", "indicator"]);
    expect(allMeasures(document).map((m) => [m.label, m.term.text])).toEqual([
      ["1.", "02.03.2026 – 30.04.2026"],
      ["2.", "01.07.2026"],
    ]);
  });
});

describe("readPlanTable: habits of held-out-14 (money only on the task's row)", () => {
  it("reads a row numbered «Завдання 1.» as the task's heading, its source and amounts not a measure's, the measures under it without money", () => {
    const table = gridTable([
      ["№ з/п", "Найменування завдання, заходу", "Виконавці", "Строк виконання", "Джерело фінансування", { text: "Обсяг фінансування за роками, тис. грн", span: 2 }, "Очікуваний результат"],
      [UP, UP, UP, UP, UP, "2026", "2027", UP],
      ["Завдання 1.", "Розвиток туристичної інфраструктури", "Управління культури", "2026–2027 роки", "бюджет громади", "850,0", "920,0", ""],
      ["1.1.", "Встановлення інформаційних знаків", "Управління культури", "2026 рік", "", "", "", "облаштовано 14 знаків"],
      ["1.2.", "Облаштування велосипедного маршруту", "Управління будівництва", "2027 рік", "", "", "", "облаштовано 12 км"],
      ["Завдання 2.", "Популяризація туристичного потенціалу", "Управління культури", "2026–2027 роки", "бюджет громади", "310,0", "330,0", ""],
      ["2.1.", "Участь у туристичних виставках", "Управління культури", "2026–2027 (щороку)", "", "", "", "участь у 3 виставках"],
    ]);
    const { document } = mustRead(gridDocument([table]));
    expect(document.sections[0]?.tasks.map((t) => [t.label, t.title])).toEqual([
      ["1.", "Розвиток туристичної інфраструктури"],
      ["2.", "Популяризація туристичного потенціалу"],
    ]);
    expect(allMeasures(document).map((m) => [m.label, m.budget])).toEqual([
      ["1.1.", []],
      ["1.2.", []],
      ["2.1.", []],
    ]);
  });
});

describe("readPlanTable: habits of held-out-14 (an accounting system's export)", () => {
  it("reads «Сума» as money and «Результат» as the indicator, «480 000,00 грн.» in the cell as hryvnias, and «0,00 грн.» beside «не потребує фінансування» as no money", () => {
    const table = gridTable([
      ["№", "", "Найменування заходу", "", "Відповідальний виконавець", "", "Термін", "", "Джерело фінансування", "", "Сума", "", "Результат"],
      ["1", "", "Придбання системи керування чергою", "", "Відділ ЦНАП", "", "I квартал 2026 р.", "", "бюджет громади", "", "480 000,00 грн.", "", "встановлено систему"],
      ["2", "", "Навчання адміністраторів", "", "Відділ ЦНАП", "", "щокварталу", "", "не потребує фінансування", "", "0,00 грн.", "", "навчено 14 адміністраторів"],
      ["3", "", "Оновлення стендів", "", "Відділ ЦНАП", "", "постійно", "", "бюджет громади", "", "98 750,00 грн.", "", "оновлено стенди"],
    ]);
    const { document } = mustRead(gridDocument([table]));
    expect(allMeasures(document).map((m) => [m.indicator.text, m.budget.map((l) => [l.source, l.total])])).toEqual([
      ["встановлено систему", [["бюджет громади", 480]]],
      ["навчено 14 адміністраторів", []],
      ["оновлено стенди", [["бюджет громади", 98.75]]],
    ]);
  });
});

describe("readPlanTable: habits of held-out-14 (each year's amount on its own line, no total)", () => {
  it("reads a money cell of years alone («2026 р. – 1 200,0» / «2027 р. – 1 350,0») as one line whose total is their sum", () => {
    const table = gridTable([
      ["№ з/п", "Зміст заходу", "Виконавці", "Строк виконання", "Джерело фінансування", "Обсяг фінансування, тис. грн", "Очікуваний результат"],
      ["1.", "Надання матеріальної допомоги", "Управління соціального захисту", "2026–2027 роки", "бюджет громади", "2026 р. – 1 200,0\n2027 р. – 1 350,0", "допомогу отримали 800 осіб"],
      ["2.", "Проведення заходів", "Відділ культури", "2027 рік", "бюджет громади", "2027 р. – 180,0", "проведено 5 заходів"],
    ]);
    const { document } = mustRead(gridDocument([table]));
    expect(allMeasures(document).map((m) => m.budget.map((l) => [l.source, l.total, l.byYear]))).toEqual([
      [["бюджет громади", 2550, { "2026": 1200, "2027": 1350 }]],
      [["бюджет громади", 180, { "2027": 180 }]],
    ]);
  });
});

describe("readPlanTable: habits of held-out-14 (executors abbreviated, a key above the table)", () => {
  it("names an executor printed by a short name with the key's full wording, its consent kept", () => {
    const table = gridTable([
      ["№ з/п", "Зміст заходу", "Виконавці", "Строк виконання", "Очікуваний результат"],
      ["1.", "Придбання холодильного обладнання", "ВОЗ\nЦПМСД", "2026 рік", "придбано 12 холодильників"],
      ["2.", "Проведення навчальних семінарів", "ЦКПХ (за згодою)\nВідділ культури РДА", "2027 рік", "навчено 60 працівників"],
    ]);
    const key = "Умовні скорочення: ВОЗ – відділ охорони здоров’я РДА; ЦПМСД – КНП «Центр первинної медико-санітарної допомоги»; ЦКПХ – районний відділ ДУ «Центр контролю та профілактики хвороб».";
    const { document } = mustRead(gridDocument([table], ["ПЛАН ЗАХОДІВ", key]));
    expect(allMeasures(document).map((m) => m.executors)).toEqual([
      [
        { name: "Відділ охорони здоров’я РДА", byConsent: false },
        { name: "КНП «Центр первинної медико-санітарної допомоги»", byConsent: false },
      ],
      [
        { name: "Районний відділ ДУ «Центр контролю та профілактики хвороб»", byConsent: true },
        { name: "Відділ культури РДА", byConsent: false },
      ],
    ]);
  });
});

describe("readPlanTable: habits of held-out-15 (worded levels «Пріоритет 1.» over «Ціль 1.1.», a «Завдання (захід)» column)", () => {
  it("reads a goal numbered under another as the task under that section, and «Завдання (захід)» as the measures' column", () => {
    const table = gridTable([
      ["№ з/п", "Завдання (захід)", "Відповідальний виконавець", "Термін виконання"],
      [{ text: "Пріоритет 1. Розвиток місцевої економіки", span: 4 }],
      [{ text: "Ціль 1.1. Підтримка бізнесу", span: 4 }],
      ["1.1.1.", "Створення центру підтримки підприємництва", "Відділ економічного розвитку", "I півріччя 2026 р."],
      [{ text: "Ціль 1.2. Підтримка фермерів", span: 4 }],
      ["1.2.1.", "Проведення навчання фермерів", "Відділ агропромислового розвитку", "щокварталу"],
      [{ text: "Пріоритет 2. Якість життя", span: 4 }],
      [{ text: "Ціль 2.1. Освіта", span: 4 }],
      ["2.1.1.", "Капітальний ремонт покрівлі ліцею", "Відділ освіти", "2026 рік"],
    ]);
    const { document } = mustRead(gridDocument([table]));
    expect(counts(document)).toEqual({ sections: 2, tasks: 3, measures: 3 });
    expect(document.sections.map((s) => [s.label, s.title, s.tasks.map((t) => `${t.label} ${t.title}`)])).toEqual([
      ["1.", "Розвиток місцевої економіки", ["1.1. Підтримка бізнесу", "1.2. Підтримка фермерів"]],
      ["2.", "Якість життя", ["2.1. Освіта"]],
    ]);
    expect(measureAt(document, 1, 2, 1).title).toBe("Проведення навчання фермерів");
  });
});

describe("readPlanTable: habits of held-out-15 (a title typed on into the next row)", () => {
  it("joins a row with no number that holds only a name's rest and a result to the numbered measure above it", () => {
    const table = gridTable([
      ["№ з/п", "Найменування заходу", "Виконавці", "Строк виконання", "Очікуваний результат"],
      ["1.1.", "Будівництво укриття на території КНП «Обласний перинатальний центр»", "Управління капітального будівництва", "2026–2027 роки", "збудовано укриття"],
      ["", "Рівненської обласної ради з підземним переходом", "", "", "на 350 осіб"],
      ["1.2.", "Капітальний ремонт системи киснепостачання", "КНП «Обласна дитяча лікарня»", "2026 рік", "забезпечено 210 ліжок"],
    ]);
    const { document } = mustRead(gridDocument([table]));
    expect(allMeasures(document).map((m) => [m.label, m.title, m.indicator.text])).toEqual([
      ["1.1.", "Будівництво укриття на території КНП «Обласний перинатальний центр» Рівненської обласної ради з підземним переходом", "збудовано укриття на 350 осіб"],
      ["1.2.", "Капітальний ремонт системи киснепостачання", "забезпечено 210 ліжок"],
    ]);
  });
});

describe("readPlanTable: habits of held-out-17 (bilingual headers, money in hryvnias with kopecks)", () => {
  it("reads each header cell by its Ukrainian line, a bilingual section row as one heading, the title without its English, kopecks kept", () => {
    const table = gridTable([
      ["№ з/п\nNo.", "Захід\nActivity", "Відповідальний виконавець\nResponsible", "Строк виконання\nTimeline", "Джерело фінансування\nSource of funding", { text: "Обсяг фінансування, грн\nBudget, UAH", span: 2 }, "Примітка\nRemarks"],
      [UP, UP, UP, UP, UP, "2026 рік\n2026", "2027 рік\n2027", UP],
      [{ text: "1. Соціальні послуги\nSocial services", span: 8 }],
      ["1.1.", "Облаштування простору психологічної підтримки", "Центр надання соціальних послуг", "травень 2026 р. – березень 2027 р.", "бюджет громади", "348750,50", "918400,50", "грантова угода від 12.03.2026 № 14/26"],
      ["1.2.", "Навчання фахівців", "Центр надання соціальних послуг", "2026 р. (І етап), 2027 р. (ІІ етап)", "не потребує фінансування", "–", "", ""],
    ]);
    const preamble = ["ЗАТВЕРДЖЕНО рішенням 39 сесії сільської ради від 19.03.2026 № 1174", "ПЛАН ЗАХОДІВ З ВІДНОВЛЕННЯ ГРОМАДИ НА 2026–2027 РОКИ", "RECOVERY ACTION PLAN OF THE HROMADA FOR 2026–2027"];
    const { document, reading } = mustRead(gridDocument([table], preamble, "xlsx"));
    expect(fieldsOf(reading)).toEqual(["label", "title", "executors", "term", "source", "year:2026", "year:2027", "ignore"]);
    expect(document.plan).toMatchObject({ title: "План заходів з відновлення громади на 2026–2027 роки", order: { number: "1174", date: "2026-03-19" } });
    expect(document.sections.flatMap((s) => s.tasks.map((t) => t.title))).toEqual(["Соціальні послуги"]);
    const [first, second] = allMeasures(document);
    expect(first?.budget.map((l) => [l.total, l.byYear])).toEqual([[1267.151, { "2026": 348.7505, "2027": 918.4005 }]]);
    expect(first?.term).toMatchObject({ kind: "interval", from: "2026-05-01", to: "2027-03-31" });
    expect(second?.term).toMatchObject({ kind: "milestones", years: [2026, 2027] });
    expect(second?.budget).toEqual([]);
  });
});

describe("readPlanTable: habits of held-out-17 (the direction typed on every row)", () => {
  it("reads a «Напрям» column repeated on each measure's row as one heading per direction, the «№» numbering the measures", () => {
    const table = gridTable([
      ["№ з/п", "Напрям", "Зміст заходу", "Виконавці", "Строк виконання"],
      ["1.", "Масовий спорт", "Проведення міських змагань", "Відділ молоді та спорту", "2026–2028 роки"],
      ["2.", "Масовий спорт", "Облаштування майданчиків для воркауту", "Відділ молоді та спорту", "2026 рік"],
      ["3.", "Дитячо-юнацький спорт", "Придбання спортивного інвентарю", "Дитячо-юнацька спортивна школа", "щороку"],
      ["4.", "Дитячо-юнацький спорт", "Участь у змаганнях", "Дитячо-юнацька спортивна школа", "2026–2028 роки"],
      ["5.", "Масовий спорт", "Проведення Олімпійського дня", "Відділ молоді та спорту", "щороку"],
    ]);
    const { document } = mustRead(gridDocument([table], [], "xlsx"));
    const headings = document.sections.flatMap((s) => s.tasks.map((t) => [t.title, t.measures.map((m) => m.label)]));
    // A direction typed again after another opens it again: the rows say so, in their order.
    expect(headings).toEqual([
      ["Масовий спорт", ["1.", "2."]],
      ["Дитячо-юнацький спорт", ["3.", "4."]],
      ["Масовий спорт", ["5."]],
    ]);
  });
});

describe("readPlanTable: habits of held-out-19 (one plan in two tables on different grids)", () => {
  it("reads a first table without money and the table after it with money as one plan when the numbering runs on", () => {
    const first = gridTable(
      [
        ["№ з/п", "Найменування заходу", "Виконавці", "Строк виконання", "Індикатор виконання"],
        [{ text: "I. Організаційні заходи", span: 5 }],
        ["1.", "Проведення інвентаризації ставків", "Департамент екології облдержадміністрації", "до 01 липня 2026 року", "проінвентаризовано 340 об’єктів"],
        ["2.", "Розроблення проєктів землеустрою", "Райдержадміністрації", "2026–2027 роки", "розроблено 12 проєктів"],
      ],
      { tableNo: 1 },
    );
    const second = gridTable(
      [
        ["№ з/п", "Найменування заходу", "Виконавці", "Строк виконання", "Джерело фінансування", { text: "Обсяг фінансування, тис. грн", span: 2 }, "Очікуваний результат"],
        [UP, UP, UP, UP, UP, "2026 рік", "2027 рік", UP],
        [{ text: "II. Відновлення малих річок", span: 8 }],
        ["3.", "Розчищення русла річки", "Департамент екології облдержадміністрації", "2026–2027 роки", "обласний бюджет", "2 430,0", "2 430,0", "розчищено 3,2 км"],
        ["4.", "Берегоукріплення річки Сула", "Департамент капітального будівництва", "до 01 листопада 2026 року", "державний бюджет", "7 420,8", "–", "укріплено 0,6 км"],
      ],
      { tableNo: 2 },
    );
    const { document } = mustRead(gridDocument([first, second]));
    expect(document.sections.map((s) => [s.label, s.tasks.flatMap((t) => t.measures.map((m) => m.label))])).toEqual([
      ["I.", ["1.", "2."]],
      ["II.", ["3.", "4."]],
    ]);
    expect(allMeasures(document).map((m) => m.budget.map((l) => [l.source, l.total]))).toEqual([[], [], [["обласний бюджет", 4860]], [["державний бюджет", 7420.8]]]);
    expect(kinds(document, "skipped-label")).toEqual([]);
  });
});

describe("readPlanTable: habits of held-out-23 (money beside money, units in the cells, sums on the section rows)", () => {
  it("reads the programme's financing as the money, not the object's estimated cost or what was spent before it", () => {
    const table = gridTable([
      ["№ з/п", "Найменування об’єкта (заходу)", "Замовник (відповідальний виконавець)", "Строк виконання", "Джерело фінансування", "Загальна кошторисна вартість, тис. грн", "Освоєно станом на 01.01.2026, тис. грн", { text: "Обсяг фінансування Програми, тис. грн", span: 3 }, "Очікуваний результат"],
      [UP, UP, UP, UP, UP, UP, UP, "усього", "2026 рік", "2027 рік", UP],
      [{ text: "1. Заклади охорони здоров’я", span: 11 }],
      ["1.1.", "Реконструкція приймального відділення лікарні", "Управління капітального будівництва ОДА", "2026–2027 роки", "обласний бюджет", "48 650,0", "12 300,0", "36 350,0", "18 000,0", "18 350,0", "реконструйовано відділення"],
      ["1.2.", "Капітальний ремонт амбулаторії", "Управління капітального будівництва ОДА", "2026 рік", "обласний бюджет", "15 980,0", "1 120,0", "14 860,0", "14 860,0", "–", "відремонтовано амбулаторію"],
    ]);
    const { document, reading } = mustRead(gridDocument([table]));
    expect(allMeasures(document).map((m) => m.budget.map((l) => [l.source, l.total, l.byYear]))).toEqual([
      [["обласний бюджет", 36350, { "2026": 18000, "2027": 18350 }]],
      [["обласний бюджет", 14860, { "2026": 14860 }]],
    ]);
    expect(fieldsOf(reading)).toEqual(["label", "title", "executors", "term", "source", "ignore", "ignore", "total", "year:2026", "year:2027", "indicator"]);
  });

  it("reads an estimated cost as the money when it is the only amount printed", () => {
    const table = gridTable([
      ["№ з/п", "Найменування об’єкта", "Виконавець", "Строк виконання", "Кошторисна вартість, тис. грн"],
      ["1.", "Ремонт покрівлі школи", "Відділ освіти", "2026 рік", "1 250,0"],
      ["2.", "Ремонт котельні", "Відділ освіти", "2027 рік", "860,0"],
    ]);
    const { document } = mustRead(gridDocument([table]));
    expect(allMeasures(document).map((m) => m.budget.map((l) => l.total))).toEqual([[1250], [860]]);
  });

  it("reads a cost column with the unit in each cell, two sources stacked beside two amounts each in its own unit", () => {
    const table = gridTable([
      ["№ з/п", "Найменування заходу (проєкту)", "Відповідальний виконавець", "Період реалізації", "Джерело фінансування", "Орієнтовна вартість", "Очікуваний результат"],
      [{ text: "А. Економіка", span: 7 }],
      ["А.1", "Розроблення концепції парку", "Відділ економічного розвитку", "2026 рік", "бюджет громади", "850 тис. грн", "затверджено концепцію"],
      ["А.2", "Облаштування бізнес-хабу", "Відділ економічного розвитку", "2026–2027 роки", "державний фонд регіонального розвитку\nбюджет громади", "4,5 млн грн\n500 тис. грн", "відкрито хаб"],
      ["А.3", "Гранти ветеранам", "Управління соціального захисту", "2026–2027 роки", "бюджет громади", "1,2 млн грн", "підтримано 24 бізнеси"],
    ]);
    const { document } = mustRead(gridDocument([table]));
    expect(allMeasures(document).map((m) => m.budget.map((l) => [l.source, l.total]))).toEqual([
      [["бюджет громади", 850]],
      [
        ["державний фонд регіонального розвитку", 4500],
        ["бюджет громади", 500],
      ],
      [["бюджет громади", 1200]],
    ]);
  });

  it("reads a section row merged across the text columns with its subtotal in the money columns as a heading, the subtotal checked", () => {
    const table = gridTable([
      ["№ з/п", "Найменування заходу", "Відповідальний виконавець", "Термін виконання", "Джерела фінансування", "усього", "2026 рік", "2027 рік", "Очікуваний результат"],
      [{ text: "1. Водопостачання", span: 5 }, "4 660", "4 510", "150", ""],
      ["1.1.", "Реконструкція мереж", "КП «Водоканал»", "2026 рік", "бюджет громади", "3 550", "3 550", "–", "замінено 4 км мереж"],
      ["", "", "", "", "інші джерела", "150", "–", "150", ""],
      ["1.2.", "Придбання генераторів", "КП «Водоканал»", "2026 рік", "бюджет громади", "960", "960", "–", "встановлено 6 генераторів"],
      [{ text: "2. Водовідведення", span: 5 }, "1 000", "1 000", "–", ""],
      ["2.1.", "Ремонт насосної станції", "КП «Водоканал»", "2026 рік", "бюджет громади", "1 420,5", "1 420,5", "–", "відремонтовано станцію"],
    ]);
    const { document } = mustRead(gridDocument([table], [], "xlsx"));
    expect(counts(document)).toEqual({ sections: 1, tasks: 2, measures: 3 });
    expect(document.sections[0]?.tasks.map((t) => [t.label, t.title, t.measures.map((m) => m.label)])).toEqual([
      ["1.", "Водопостачання", ["1.1.", "1.2."]],
      ["2.", "Водовідведення", ["2.1."]],
    ]);
    expect(allMeasures(document)[0]?.budget.map((l) => [l.source, l.total])).toEqual([
      ["бюджет громади", 3550],
      ["інші джерела", 150],
    ]);
    // Section 1 adds up (4 660, 4 510 in 2026, 150 in 2027); section 2's 1 000 does not (1 420,5), in its total and in 2026.
    const mismatches = kinds(document, "budget-total-mismatch");
    expect(mismatches.map((a) => a.where.split(" · ")[0])).toEqual(["«2. Водовідведення» / усього", "«2. Водовідведення» / 2026"]);
    expect(mismatches.every((a) => a.message.includes("1420.5"))).toBe(true);
  });
});

describe("readPlanTable: habits of held-out-26 (each source with its amount in one money column)", () => {
  it("reads «бюджет громади – 2 700,0» paragraphs under «Джерела та обсяги фінансування» as sources with their amounts, and «не потребує фінансування» as no money", () => {
    const table = gridTable([
      ["№ з/п", "Найменування заходу", "Виконавці", "Строк виконання", "Джерела та обсяги фінансування, тис. грн", "Очікуваний результат"],
      ["1.", "Матеріальна допомога пораненим", "Відділ соціального захисту", "2026–2028 роки", "бюджет громади – 2 700,0", "допомогу надано 90 особам"],
      ["2.", "Матеріальна допомога сім’ям загиблих", "Відділ соціального захисту", "2026–2028 роки", "бюджет громади – 1 800,0\nкошти благодійних фондів – 450,0", "допомогу надано 40 сім’ям"],
      ["3.", "Інформування про пільги", "Відділ комунікацій", "щокварталу", "не потребує фінансування", "оприлюднено 12 повідомлень"],
    ]);
    const { document } = mustRead(gridDocument([table]));
    expect(allMeasures(document).map((m) => m.budget.map((l) => [l.source, l.total]))).toEqual([
      [["бюджет громади", 2700]],
      [
        ["бюджет громади", 1800],
        ["кошти благодійних фондів", 450],
      ],
      [],
    ]);
  });
});

describe("readPlanTable: habits of held-out-25 (a measure's parts under «у тому числі:»)", () => {
  it("reads the dashed rows under a measure ending «…, у тому числі:» as its parts: neither measures nor budget lines", () => {
    const table = gridTable([
      ["№ з/п", "Найменування заходу", "Виконавці", "Строк виконання", "Джерела фінансування", "усього", "2026 рік", "2027 рік", "Очікуваний результат"],
      ["1.1.", "Капітальний ремонт вулиць, у тому числі:", "Управління ЖКГ", "2026–2027 роки", "бюджет громади", "3 150,0", "1 700,0", "1 450,0", "відремонтовано 2,57 км"],
      [UP, "– вул. Шевченка (0,85 км)", UP, UP, UP, "1 700,0", "1 700,0", "–", UP],
      [UP, "– вул. Садова (1,1 км)", UP, UP, UP, "1 450,0", "–", "1 450,0", UP],
      ["1.2.", "Ямковий ремонт вулиць", "КП «Комунсервіс»", "щороку", "бюджет громади", "1 200,0", "600,0", "600,0", "відремонтовано 6 тис. кв. м"],
    ]);
    const { document } = mustRead(gridDocument([table]));
    const measures = allMeasures(document);
    expect(measures.map((m) => m.label)).toEqual(["1.1.", "1.2."]);
    expect(measures[0]?.budget.map((l) => [l.source, l.total, l.byYear])).toEqual([["бюджет громади", 3150, { "2026": 1700, "2027": 1450 }]]);
  });
});

describe("readPlanTable: habits of held-out-25 (a Word table pasted into a sheet, its merges out of line)", () => {
  it("gives a field to the neighbour column that holds its values when the header's merge and the body's do not line up", () => {
    // Columns: № | title (header over B:C) | sliver | executors (header in D, body merged C:D) | term (body E:F) | sliver | source (header F:G, body in G) | total
    const table = gridTable([
      ["№ з/п", { text: "Найменування заходу", span: 2 }, "Виконавці", "Строк виконання", { text: "Джерела фінансування", span: 2 }, "Обсяг фінансування, тис. грн"],
      ["1.1.", "Придбання автомобілів швидкої допомоги", { text: "Департамент охорони здоров’я ОДА", span: 2 }, { text: "2026–2028 роки", span: 2 }, "державний бюджет", "19 200,0"],
      ["1.2.", "Будівництво пункту базування бригад", { text: "Департамент капітального будівництва ОДА", span: 2 }, { text: "2026–2027 роки", span: 2 }, "обласний бюджет", "14 850,0"],
      ["1.3.", "Придбання дефібриляторів", { text: "КНП «Обласний центр ЕМД»", span: 2 }, { text: "2026 рік", span: 2 }, "обласний бюджет", "2 340,0"],
    ]);
    const { document, reading } = mustRead(gridDocument([table], [], "xlsx"));
    expect(fieldsOf(reading)).toEqual(["label", "title", "executors", "ignore", "term", "ignore", "source", "total"]);
    expect(allMeasures(document).map((m) => [m.executors.map((e) => e.name), m.term.text, m.budget.map((l) => [l.source, l.total])])).toEqual([
      [["Департамент охорони здоров’я ОДА"], "2026–2028 роки", [["державний бюджет", 19200]]],
      [["Департамент капітального будівництва ОДА"], "2026–2027 роки", [["обласний бюджет", 14850]]],
      [["КНП «Обласний центр ЕМД»"], "2026 рік", [["обласний бюджет", 2340]]],
    ]);
  });
});

describe("readPlanTable: habits of held-out-27 (consent in a column's header)", () => {
  it("reads every body of a column headed «Співвиконавці (за згодою)» as acting by consent, and «–» there as nobody", () => {
    const table = gridTable([
      ["№ з/п", "Зміст заходу", "Відповідальні виконавці", "Співвиконавці (за згодою)", "Термін виконання"],
      ["1.", "Проведення днів донора", "Відділ охорони здоров’я міської ради", "КНП «Міська лікарня»\nТовариство Червоного Хреста", "щокварталу"],
      ["2.", "Інформування населення", "Відділ комунікацій", "–", "постійно"],
    ]);
    const { document } = mustRead(gridDocument([table]));
    expect(allMeasures(document).map((m) => m.executors.map((e) => [e.name, e.byConsent]))).toEqual([
      [
        ["Відділ охорони здоров’я міської ради", false],
        ["КНП «Міська лікарня»", true],
        ["Товариство Червоного Хреста", true],
      ],
      [["Відділ комунікацій", false]],
    ]);
  });
});

describe("readPlanTable: habits of held-out-27 (the unit on a line of its own above the table)", () => {
  it("reads amounts in hryvnias when «(грн)» stands above a table whose money header names no unit, and not otherwise", () => {
    const rows = [
      ["№ п/п", "Найменування заходу", "Виконавці", "Строк виконання", "Джерела фінансування", "Обсяг фінансування", "Очікуваний результат"],
      ["1.", "Співфінансування ремонту покрівель ОСББ", "Управління ЖКГ", "2026 рік", "бюджет громади", "3 000 000", "відремонтовано 12 покрівель"],
    ];
    const inHryvnias = mustRead(gridDocument([gridTable(rows)], ["Напрями діяльності та заходи програми", "(грн)"])).document;
    expect(allMeasures(inHryvnias)[0]?.budget.map((l) => l.total)).toEqual([3000]);
    const inThousands = mustRead(gridDocument([gridTable(rows)], ["Напрями діяльності та заходи програми"])).document;
    expect(allMeasures(inThousands)[0]?.budget.map((l) => l.total)).toEqual([3000000]);
  });
});

describe("readPlanTable: habits of held-out-28 (an export repeating the measure on each funding row)", () => {
  it("reads a row repeating the measure's number and title with another source as its next budget line; the same source printed twice is kept once", () => {
    const header = ["№ з/п", "Найменування заходу", "Відповідальний виконавець", "Строк виконання", "Джерело фінансування", "Обсяг фінансування всього, грн", "у т.ч. 2026 рік, грн", "у т.ч. 2027 рік, грн"];
    const copy = ["1.2.", "Підтримка кооперативів", "Департамент агропромислового розвитку", "2026–2027 роки"];
    const table = gridTable([
      header,
      ["1.1.", "Компенсація вартості техніки", "Департамент агропромислового розвитку", "2026–2027 роки", "обласний бюджет", "4800000", "2400000", "2400000"],
      [...copy, "обласний бюджет", "3000000", "1500000", "1500000"],
      [...copy, "бюджети територіальних громад", "750000", "375000", "375000"],
      [...copy, "бюджети територіальних громад", "750000", "375000", "375000"],
    ]);
    const { document } = mustRead(gridDocument([table], [], "xlsx"));
    expect(allMeasures(document).map((m) => [m.label, m.budget.map((l) => [l.source, l.total, l.byYear])])).toEqual([
      ["1.1.", [["обласний бюджет", 4800, { "2026": 2400, "2027": 2400 }]]],
      [
        "1.2.",
        [
          ["обласний бюджет", 3000, { "2026": 1500, "2027": 1500 }],
          ["бюджети територіальних громад", 750, { "2026": 375, "2027": 375 }],
        ],
      ],
    ]);
    expect(kinds(document, "repeated-row")).toHaveLength(1);
  });
});

describe("readPlanTable: habits of held-out-30 (one column for the term and the bodies)", () => {
  it("reads «Строк виконання, виконавці» as the term printed first and the bodies under it, and «Виконавці, строк» the other way round", () => {
    const termFirst = gridTable([
      ["№ з/п", "Найменування заходу", "Строк виконання, виконавці", "Очікуваний результат"],
      ["1.", "Створення резерву засобів захисту", "до 15.10.2026\nКНП «Міська лікарня»\nАптечні заклади міста (за згодою)", "створено резерв"],
      ["2.", "Щотижневий аналіз захворюваності", "щотижня, по понеділках, з 01.10.2026\nдо 31.03.2027\nУправління охорони здоров’я", "подано 26 звітів"],
      ["3.", "Вакцинація груп ризику", "жовтень – грудень 2026 р.\nКНП «Центр первинної допомоги»", "щеплено 2 400 осіб"],
    ]);
    const read = mustRead(gridDocument([termFirst]));
    expect(allMeasures(read.document).map((m) => [m.term.text, m.executors.map((e) => [e.name, e.byConsent])])).toEqual([
      ["до 15.10.2026", [["КНП «Міська лікарня»", false], ["Аптечні заклади міста", true]]],
      ["щотижня, по понеділках, з 01.10.2026 до 31.03.2027", [["Управління охорони здоров’я", false]]],
      ["жовтень – грудень 2026 р.", [["КНП «Центр первинної допомоги»", false]]],
    ]);
    expect(read.reading.columns.find((c) => c.field === "executors")?.alsoTerm).toBe("first");
    expect(kinds(read.document, "term-from-period")).toHaveLength(0);

    const termLast = gridTable([
      ["№ з/п", "Найменування заходу", "Виконавці, строк виконання"],
      ["1.", "Створення резерву засобів захисту", "КНП «Міська лікарня»\nдо 15.10.2026"],
      ["2.", "Інформування населення", "Відділ комунікацій\nщомісяця до 5 числа"],
      ["3.", "Навчання працівників", "Управління освіти\nІІ квартал 2026 року"],
    ]);
    expect(allMeasures(mustRead(gridDocument([termLast])).document).map((m) => [m.term.text, m.executors.map((e) => e.name)])).toEqual([
      ["до 15.10.2026", ["КНП «Міська лікарня»"]],
      ["щомісяця до 5 числа", ["Відділ комунікацій"]],
      ["ІІ квартал 2026 року", ["Управління освіти"]],
    ]);
  });
});

describe("readPlanTable: habits of held-out-30 (money kept within an allowance; the programme's total by source)", () => {
  it("gives no budget line where words merged across the money cells say the money is an allowance already there, and keeps the total's rows by source out of the last measure", () => {
    const header = ["№ з/п", "Зміст заходу", "Виконавці", "Строк виконання", "Джерела фінансування", "Обсяг, тис. грн", "2026 рік", "2027 рік", "Очікуваний результат"];
    const allowance = { text: "у межах кошторисних призначень на утримання КП «ЖКГ»", span: 3 };
    const table = gridTable([
      header,
      ["1.1.", "Вивезення побутових відходів", "КП «ЖКГ»", "2026–2027 роки", "бюджет громади", allowance, "охоплено 100 % дворів"],
      ["1.2.", "Облаштування майданчиків", "КП «ЖКГ»", "2026 рік", "бюджет громади", "90,0", "90,0", "–", "облаштовано 9 майданчиків"],
      [{ text: "Усього за Програмою", span: 4 }, "х", "90,0", "90,0", "–", "х"],
      [{ text: "у тому числі:", span: 4 }, "бюджет громади", "90,0", "90,0", "–", "х"],
      [UP, UP, UP, UP, "кошти міжнародної технічної допомоги", "–", "–", "–", "х"],
    ]);
    const measures = allMeasures(mustRead(gridDocument([table])).document);
    expect(measures.map((m) => [m.label, m.indicator.text, m.budget.map((l) => [l.source, l.total])])).toEqual([
      ["1.1.", "охоплено 100 % дворів", []],
      ["1.2.", "облаштовано 9 майданчиків", [["бюджет громади", 90]]],
    ]);
  });
});

describe("readPlanTable: habits of held-out-29 (a sheet printed over two pages by columns)", () => {
  const left = gridTable(
    [
      ["№ з/п", "Зміст заходу", "Виконавці", "Строк виконання", "Джерела фінансування"],
      ["1", "2", "3", "4", "5"],
      ["1.", { text: "Матеріальна підтримка", span: 4 }],
      ["1.1.", "Надання одноразової допомоги", "Відділ соціального захисту", "2026–2027 роки", "районний бюджет"],
      ["1.2.", "Відшкодування житлово-комунальних послуг", "Відділ соціального захисту", "2026–2027 роки", "районний бюджет"],
      [UP, UP, UP, UP, "бюджети територіальних громад"],
      ["1.3.", "Інформування ветеранів", "Відділ соціального захисту", "постійно", "не потребує фінансування"],
    ],
    { tableNo: 1 },
  );
  const right = gridTable(
    [
      ["№ з/п", { text: "Обсяг фінансування, тис. грн", span: 3 }, "Очікуваний результат"],
      [UP, "усього", "2026 рік", "2027 рік", UP],
      ["1", "6", "7", "8", "9"],
      ["1.", { text: "", span: 4 }],
      ["1.1.", "2 400,0", "1 200,0", "1 200,0", "надано допомогу 240 сім’ям"],
      ["1.2.", "1 800,0", "900,0", "900,0", "відшкодовано 180 сім’ям"],
      [UP, "1 200,0", "600,0", "600,0", UP],
      ["1.3.", "–", "–", "–", "поінформовано 1 500 осіб"],
    ],
    { tableNo: 2 },
  );

  it("puts the right-hand page's money and results beside the rows of the left-hand page, row by row", () => {
    const { document } = mustRead(gridDocument([left, right]));
    expect(allMeasures(document).map((m) => [m.label, m.indicator.text, m.budget.map((l) => [l.source, l.total, l.byYear])])).toEqual([
      ["1.1.", "надано допомогу 240 сім’ям", [["районний бюджет", 2400, { "2026": 1200, "2027": 1200 }]]],
      [
        "1.2.",
        "відшкодовано 180 сім’ям",
        [
          ["районний бюджет", 1800, { "2026": 900, "2027": 900 }],
          ["бюджети територіальних громад", 1200, { "2026": 600, "2027": 600 }],
        ],
      ],
      ["1.3.", "поінформовано 1 500 осіб", []],
    ]);
  });

  it("leaves two tables apart when their rows differ (another table under the plan)", () => {
    const other = gridTable([["№ з/п", "Обсяг, тис. грн", "Очікуваний результат"], ["1.", "10,0", "а"], ["2.", "20,0", "б"], ["3.", "30,0", "в"]], { tableNo: 2 });
    const { document } = mustRead(gridDocument([left, other]));
    expect(allMeasures(document).map((m) => m.indicator.text)).toEqual(["", "", ""]);
  });
});

describe("readPlanTable: habits of held-out-32 (the unit only in a footnote under the table)", () => {
  it("reads the amounts in the unit a footnote names, the money header naming none", () => {
    const table = gridTable([
      ["№ з/п", "Зміст заходу", "Виконавці", "Строк виконання", "Джерела фінансування", "Орієнтовні обсяги фінансування (вартість)*", "2026 рік", "2027 рік"],
      ["1.", "Облаштування укриттів шкіл", "Департамент освіти", "2026–2027 роки", "обласний бюджет", "4,27", "2,45", "1,82"],
      ["2.", "Закупівля генераторів", "Департамент освіти", "2026 рік", "обласний бюджет", "0,62", "0,62", "–"],
      ["3.", "Навчання персоналу", "Департамент освіти", "2027 рік", "обласний бюджет", "0,1", "–", "0,1"],
    ]);
    const footnote = "* Обсяги фінансування наведено в мільйонах гривень; обсяги видатків обласного бюджету уточнюються щороку.";
    const doc = gridDocument([table]);
    const read = mustRead({ ...doc, paragraphs: [...doc.paragraphs, { text: footnote, place: { line: 9 } }] });
    expect(allMeasures(read.document).map((m) => m.budget.map((l) => [l.total, l.byYear]))).toEqual([
      [[4270, { "2026": 2450, "2027": 1820 }]],
      [[620, { "2026": 620 }]],
      [[100, { "2027": 100 }]],
    ]);
    // Without the footnote the same cells are thousands.
    expect(allMeasures(mustRead(doc).document)[0]?.budget[0]?.total).toBe(4.27);
  });
});

describe("readPlanTable: habits of held-out-32 (bodies set apart by empty paragraphs, long names broken by Enter)", () => {
  it("reads one body a group of paragraphs between empty ones, its lines joined", () => {
    const table = gridTable([
      ["№ з/п", "Найменування заходу", "Відповідальні за виконання", "Строк виконання"],
      [
        "1.",
        "Актуалізація переліку територій",
        "Відділ з питань цивільного захисту, оборонної роботи\nта взаємодії з правоохоронними органами РВА\n\nОсичанський районний сектор Головного управління ДСНС\nУкраїни у Приорільській області (за згодою)\n\nВиконавчі комітети міської, селищних та сільських рад району\n(за згодою)",
        "II квартал 2026 року",
      ],
      ["2.", "Навчання населення", "Сектор інформаційної діяльності\n\nОсичанська районна організація Товариства Червоного\nХреста України (за згодою)", "постійно"],
      ["3.", "Встановлення знаків", "Старости старостинських округів", "постійно"],
    ]);
    expect(allMeasures(mustRead(gridDocument([table])).document).map((m) => m.executors.map((e) => [e.name, e.byConsent]))).toEqual([
      [
        ["Відділ з питань цивільного захисту, оборонної роботи та взаємодії з правоохоронними органами РВА", false],
        ["Осичанський районний сектор Головного управління ДСНС України у Приорільській області", true],
        ["Виконавчі комітети міської, селищних та сільських рад району", true],
      ],
      [
        ["Сектор інформаційної діяльності", false],
        ["Осичанська районна організація Товариства Червоного Хреста України", true],
      ],
      [["Старости старостинських округів", false]],
    ]);
  });
});

describe("readPlanTable: habits of held-out-32 (a table with no number column, a row broken across pages)", () => {
  it("opens another executor with the rest of a row carried over to the next page when it names another body", () => {
    const header = ["Зміст заходу", "Виконавці", "Термін виконання", "Очікуваний результат"];
    const table = gridTable([
      header,
      ["Проведення профілактичного огляду осіб похилого віку", "КНП «Центр первинної допомоги» міської ради", "вересень 2026 року", "оглянуто 4 800 осіб"],
      ["Проведення Дня здоров’я для людей старшого віку", "КНП «Центр первинної допомоги» міської ради", "жовтень 2026 року", "обстежено 500 осіб"],
      header,
      ["", "Аптечні заклади міста (за згодою)", "", ""],
      ["Забезпечення осіб похилого віку засобами реабілітації", "Управління соціального захисту населення", "протягом року", "видано 90 засобів"],
    ]);
    const measures = allMeasures(mustRead(gridDocument([table])).document);
    expect(measures.map((m) => m.executors.map((e) => [e.name, e.byConsent]))).toEqual([
      [["КНП «Центр первинної допомоги» міської ради", false]],
      [
        ["КНП «Центр первинної допомоги» міської ради", false],
        ["Аптечні заклади міста", true],
      ],
      [["Управління соціального захисту населення", false]],
    ]);
  });
});

describe("readPlanTable: habits of held-out-31 (a section's heading repeated «(продовження)» over the table's next part)", () => {
  it("goes on in the same section, and still opens the next section", () => {
    const header = ["№ з/п", "Найменування заходу", "Відповідальні за виконання", "Строк виконання"];
    const first = gridTable([header, [{ text: "I. Організаційні заходи", span: 4 }], ["1.", "Створення штабу", "Сектор цивільного захисту", "до 01.03.2026"], [{ text: "II. Інформування населення", span: 4 }], ["2.", "Інформування населення", "Сектор комунікацій", "постійно"]], { tableNo: 1 });
    const second = gridTable([[{ text: "II. Інформування населення (продовження)", span: 4 }], ["3.", "Навчання населення", "Відділ освіти", "квітень 2026 року"], [{ text: "III. Реагування", span: 4 }], ["4.", "Евакуація", "Сектор цивільного захисту", "за потреби"]], { tableNo: 2 });
    const { document } = mustRead(gridDocument([first, second]));
    expect(document.sections.map((s) => [s.label, s.tasks.flatMap((t) => t.measures.map((m) => m.label))])).toEqual([
      ["I.", ["1."]],
      ["II.", ["2.", "3."]],
      ["III.", ["4."]],
    ]);
  });
});
