/** @module Tests of column recognition (headers, values, assignment) and of the vocabulary the reader added. */
import { describe, expect, it } from "vitest";
import { expandRow, findHeader, recogniseColumns, tableWidth } from "./columns.js";
import { type CellDraft, gridTable, UP } from "./testing/grid-builder.js";
import { subtotalScope } from "./table-rows.js";
import {
  editorsNotes,
  isBudgetCodeHeader,
  isColumnNumbering,
  isEstimateHeader,
  isFundingSourceHeader,
  isHeaderPhrase,
  isSignatureLine,
  isTotalLabel,
  isYearMark,
  matchHeader,
  unabbreviated,
  printedLabel,
  sectionHeading,
  shapeOf,
  yearNamedIn,
} from "./vocabulary.js";

const slotsOf = (rows: ReadonlyArray<ReadonlyArray<CellDraft>>) => {
  const table = gridTable(rows);
  const width = tableWidth(table);
  return table.rows.map((r) => expandRow(r, width));
};

describe("expandRow and findHeader", () => {
  it("spreads a merged cell over the columns it covers, its value in the first", () => {
    const [row] = slotsOf([[{ text: "I. Розділ", span: 3 }, "x"]]);
    expect(row?.map((s) => [s.text, s.first])).toEqual([
      ["I. Розділ", true],
      ["I. Розділ", false],
      ["I. Розділ", false],
      ["x", true],
    ]);
  });

  it("reads a three-row header with a caption above it and the column-number row under it", () => {
    const header = findHeader(
      slotsOf([
        [{ text: "План заходів на 2024 рік", span: 4 }],
        ["Зміст заходу", { text: "Обсяг фінансування, тис. грн", span: 3 }],
        [UP, "Усього", { text: "у тому числі", span: 2 }],
        [UP, UP, "2024", "2025"],
        ["1", "2", "3", "4"],
        ["Ремонт", "10", "5", "5"],
      ]),
    );
    expect(header.end).toBe(5);
    expect(header.parts).toEqual([["Зміст заходу"], ["Обсяг фінансування, тис. грн", "Усього"], ["Обсяг фінансування, тис. грн", "у тому числі", "2024"], ["Обсяг фінансування, тис. грн", "у тому числі", "2025"]]);
  });

  it("finds no header above a page that starts with data", () => {
    expect(findHeader(slotsOf([["3.", "Видання буклетів", "Служба у справах дітей", "2025 рік"]])).end).toBe(0);
  });
});

describe("recogniseColumns: the vocabularies administrations print", () => {
  const cases: ReadonlyArray<[string, string]> = [
    ["Найменування заходу", "title"],
    ["Зміст заходу", "title"],
    ["Перелік заходів", "title"],
    ["Заходи програми", "title"],
    ["Найменування завдання", "task"],
    ["Пріоритетні завдання", "task"],
    ["Виконавці", "executors"],
    ["Відповідальні за виконання", "executors"],
    ["Відповідальні за реалізацію заходів", "executors"],
    ["Головний розпорядник бюджетних коштів", "executors"],
    ["Строк виконання", "term"],
    ["Строки виконання", "term"],
    ["Термін виконання", "term"],
    ["Роки виконання", "term"],
    ["Джерела фінансування", "source"],
    ["Очікуваний результат", "indicator"],
    ["Індикатор", "indicator"],
    ["Найменування показника", "indicator"],
    ["Значення показника", "indicator"],
    ["Всього", "total"],
    ["Примітка", "ignore"],
  ];
  for (const [header, field] of cases) {
    it(`«${header}» → ${field}`, () => {
      const reading = recogniseColumns(slotsOf([["№ з/п", header], ["1.", "x"]]));
      expect(reading.columns[1]?.field).toBe(field);
    });
  }

  it("reads year columns under a money heading as money, and under an indicator heading as the indicator by year", () => {
    const reading = recogniseColumns(
      slotsOf([
        ["Назва заходу", { text: "Обсяги фінансування, тис. грн", span: 2 }, { text: "Значення показника", span: 2 }],
        [UP, "2024", "2025 рік", "2024", "2025"],
        ["Ремонт", "10", "20", "3 школи", "5 шкіл"],
      ]),
    );
    expect(reading.columns.map((c) => [c.field, c.year])).toEqual([
      ["title", undefined],
      ["year", 2024],
      ["year", 2025],
      ["indicator", 2024],
      ["indicator", 2025],
    ]);
  });

  it("reads a money header of years × sources: each amount column keyed by its year (or the total) and its source", () => {
    const reading = recogniseColumns(
      slotsOf([
        ["Назва заходу", { text: "Усього за 2026–2027 роки, тис. грн", span: 2 }, { text: "2026 рік, тис. грн", span: 2 }, "Очікуваний результат"],
        [UP, "бюджет громади", "інші джерела", "бюджет громади", "інші джерела", UP],
        ["1", "2", "3", "4", "5", "6"],
        ["Ремонт", "4 850,0", "1 200,0", "4 850,0", "1 200,0", "1 зал"],
      ]),
    );
    expect(reading.headerEnd).toBe(3);
    expect(reading.columns.map((c) => [c.field, c.year, c.source])).toEqual([
      ["title", undefined, undefined],
      ["total", undefined, "бюджет громади"],
      ["total", undefined, "інші джерела"],
      ["year", 2026, "бюджет громади"],
      ["year", 2026, "інші джерела"],
      ["indicator", undefined, undefined],
    ]);
    expect(matchHeader("2026 рік, тис. грн")).toEqual({ field: "year", year: 2026, strength: 2 });
    expect(isFundingSourceHeader("кошти міжнародної технічної допомоги")).toBe(true);
    for (const h of ["Джерела фінансування", "Обсяг фінансування з місцевого бюджету, тис. грн", "Головний розпорядник коштів"]) expect(isFundingSourceHeader(h)).toBe(false);
  });

  it("lowers the confidence of a header whose values do not fit it", () => {
    const reading = recogniseColumns(
      slotsOf([
        ["Назва заходу", "Термін виконання"],
        ["Ремонт", "Управління освіти"],
        ["Навчання", "Відділ культури"],
        ["Форум", "Департамент соціального захисту"],
      ]),
    );
    expect(reading.columns[1]).toMatchObject({ field: "term", confidence: "medium" });
    expect(reading.columns[1]?.because).toContain("але лише 0 з 3 значень — строки");
  });

  it("keeps one column per single field and reports the second", () => {
    const reading = recogniseColumns(slotsOf([["Назва заходу", "Зміст заходу", "Виконавці"], ["Ремонт", "Ремонт даху", "Управління освіти"]]));
    expect(reading.columns.map((c) => c.field)).toEqual(["title", "ignore", "executors"]);
    expect(reading.unplaced).toEqual(["Зміст заходу"]);
  });

  it("lets a person's assignment override the recognition", () => {
    const reading = recogniseColumns(slotsOf([["Назва заходу", "Виконавці"], ["Ремонт", "Управління освіти"]]), [{ column: 1, field: "year", year: 2025 }]);
    expect(reading.columns[1]).toEqual({ column: 1, header: "Виконавці", field: "year", year: 2025, confidence: "high", because: "призначено вручну / assigned by hand" });
  });
});

describe("vocabulary additions", () => {
  it("tells a strict label from a number that opens the text", () => {
    expect(printedLabel("1.1. Забезпечити")).toEqual({ label: "1.1.", rest: "Забезпечити", depth: 2, closing: "." });
    expect(printedLabel("1.1 Забезпечити")).toMatchObject({ label: "1.1", depth: 2, closing: "" });
    expect(printedLabel("3) провести")).toMatchObject({ label: "3)", closing: ")" });
    expect(printedLabel("20 свят для 40 000 осіб")).toBeNull();
  });

  it("finds editors' notes inside a cell and whole", () => {
    expect(editorsNotes("Ремонт {Пункт 1 в редакції Розпорядження № 12}")).toEqual({ notes: ["{Пункт 1 в редакції Розпорядження № 12}"], rest: "Ремонт" });
    expect(editorsNotes("{Пункт 2 виключено}").rest).toBe("");
    expect(editorsNotes("Ремонт").notes).toEqual([]);
  });

  it("knows header phrases and total rows", () => {
    expect(isHeaderPhrase("у тому числі за роками")).toBe(true);
    expect(isHeaderPhrase("Ремонт")).toBe(false);
    expect(isTotalLabel("Разом за програмою")).toBe(true);
    expect(isTotalLabel("Всього, департамент освіти")).toBe(true);
    expect(isTotalLabel("Всьогодні")).toBe(false);
    expect(subtotalScope("Разом за розділом 1")).toBe("section");
    expect(subtotalScope("Усього по напряму II")).toBe("section");
    expect(subtotalScope("Всього за завданням 2")).toBe("task");
    expect(subtotalScope("Усього за Програмою")).toBeNull();
    expect(subtotalScope("Всього, департамент освіти")).toBeNull();
    expect(matchHeader("Найменування")).toEqual({ field: "title", strength: 1 });
  });

  it("reads one column for tasks and measures as the measures' column, in its variants", () => {
    for (const h of ["Найменування завдання, заходу", "Завдання та заходи", "Зміст завдань і заходів", "Найменування заходу (завдання)", "Напрями діяльності/заходи"]) {
      expect(matchHeader(h)).toEqual({ field: "title", strength: 2 });
    }
    expect(matchHeader("Найменування завдання")).toEqual({ field: "task", strength: 2 });
    expect(matchHeader("Заходи")).toEqual({ field: "title", strength: 2 });
  });
});

describe("recogniseColumns: held-out-15's habits", () => {
  it("reads «Завдання (захід)», the singular «захід», as one column for tasks and measures", () => {
    for (const h of ["Завдання (захід)", "Захід (завдання)", "Завдання / захід"]) expect(matchHeader(h)).toEqual({ field: "title", strength: 2 });
  });
});

describe("recogniseColumns: held-out-11's habits", () => {
  it("knows a staff position signing with a name on one line, and not the position alone (an executor)", () => {
    expect(isSignatureLine("Головний спеціаліст з питань запобігання та виявлення корупції апарату райдержадміністрації Микола ДАНИЛЮК")).toBe(true);
    expect(isSignatureLine("Головний спеціаліст з питань запобігання та виявлення корупції апарату райдержадміністрації")).toBe(false);
  });

  it("knows the marks of a year a measure is done in", () => {
    expect(["+", "✓", "так"].map(isYearMark)).toEqual([true, true, true]);
    expect(["", "–", "х", "IV квартал", "2026"].map(isYearMark)).toEqual([false, false, false, false, false]);
  });

  it("reads year columns under a term heading as the term by year, marked «+», not as money", () => {
    const reading = recogniseColumns(
      slotsOf([
        ["№ з/п", "Зміст заходу", "Відповідальні виконавці", { text: "Строк виконання", span: 3 }, "Очікуваний результат"],
        [UP, UP, UP, "2026", "2027", "2028", UP],
        ["1.1.", "Утворення робочої групи", "Апарат адміністрації", "+", "", "", "утворено групу"],
        ["1.2.", "Проведення моніторингу", "Відділ економічного розвитку", "+", "+", "+", "проведено 3 моніторинги"],
        ["1.3.", "Розгляд звернень", "Апарат адміністрації", "", "+", "+", "розглянуто звернення"],
      ]),
    );
    expect(reading.columns.map((c) => [c.field, c.year, c.confidence])).toEqual([
      ["label", undefined, "high"],
      ["title", undefined, "high"],
      ["executors", undefined, "high"],
      ["term", 2026, "high"],
      ["term", 2027, "high"],
      ["term", 2028, "high"],
      ["indicator", undefined, "high"],
    ]);
  });
});

describe("recogniseColumns: held-out-12's habits", () => {
  it("reads a calendar plan's date column as the term and sets its place column aside", () => {
    for (const h of ["Дата, час проведення", "Дата проведення", "Дата і час проведення", "Дата"]) {
      expect(matchHeader(h)).toEqual({ field: "term", strength: 1 });
    }
    expect(matchHeader("Місце проведення")).toEqual({ field: "ignore", strength: 1 });
    expect(matchHeader("Дата народження")).toBeNull();
  });
});

describe("vocabulary: held-out-12's habits (a list of works, a budget code, a year in the money header)", () => {
  it("reads «Найменування об’єкта» as the measure's title, a budget code column as no field, and the year a money header names", () => {
    expect(matchHeader("Найменування об’єкта, вид робіт")).toEqual({ field: "title", strength: 1 });
    expect(matchHeader("Код програмної класифікації видатків (КПКВК)")).toEqual({ field: "ignore", strength: 2 });
    expect(matchHeader("КПКВК")).toEqual({ field: "ignore", strength: 2 });
    expect(isBudgetCodeHeader("Обсяг фінансування, тис. грн")).toBe(false);
    expect(yearNamedIn("Обсяг фінансування у 2026 році, тис. грн")).toBe(2026);
    expect(yearNamedIn("Вартість робіт на 2027 рік")).toBe(2027);
    expect(yearNamedIn("Обсяг фінансування на 2026–2027 роки")).toBeNull();
    expect(yearNamedIn("Обсяг фінансування, тис. грн")).toBeNull();
  });
});

describe("findHeader: held-out-18's habits (a header word broken at a narrow cell's border)", () => {
  it("joins one or two lower-case letters under a header's word to it, and the column is recognised", () => {
    const rows = slotsOf([
      ["№ з/п", "Зміст заходу", "Джерела фінансуванн", { text: "Обсяг фінансування, тис. грн", span: 2 }],
      [UP, UP, "я", "2026 рік", "2027 рік"],
      ["1.", "Ремонт укриття", "районний бюджет", "10,0", "5,0"],
    ]);
    expect(findHeader(rows).parts[2]).toEqual(["Джерела фінансування"]);
    expect(recogniseColumns(rows).columns.map((c) => c.field)).toEqual(["label", "title", "source", "year", "year"]);
  });
});

describe("vocabulary: held-out-18's habits (a ministry's institutes and academies)", () => {
  it("reads an institute, an academy and a university as bodies, a measure naming one as no list of bodies", () => {
    for (const t of ["Український інститут розвитку освіти", "Національна академія педагогічних наук України (за згодою)", "Київський національний університет імені Тараса Шевченка"]) expect(shapeOf(t)).toBe("executors");
    expect(shapeOf("Розроблення програм курсів разом з Українським інститутом розвитку освіти")).not.toBe("executors");
  });
});

describe("recogniseColumns: held-out-19's habits (a header printed word by word over two rows, a status column)", () => {
  it("reads «Джерело» over «фінансування» as the source, and «Стан виконання станом» over «на 01.07.2026» as the header, not a row", () => {
    const rows = slotsOf([
      ["№", "Зміст заходу", "Відповідальні виконавці", "Строк", "Джерело", "Очікуваний", "Стан виконання станом"],
      ["з/п", "", "", "виконання", "фінансування", "результат", "на 01.07.2026"],
      ["1.1.", "Придбання автомобілів", "КНП «Центр первинної допомоги»", "II квартал 2026 року", "районний бюджет", "придбано 2 автомобілі", "Виконано. Договір від 12.05.2026 № 18"],
    ]);
    expect(findHeader(rows).end).toBe(2);
    expect(isHeaderPhrase("на 01.07.2026")).toBe(true);
    expect(recogniseColumns(rows).columns.map((c) => c.field)).toEqual(["label", "title", "executors", "term", "source", "indicator", "ignore"]);
  });
});

describe("recogniseColumns: held-out-20's habits (projects as measures, an indicator in three columns, a header's lower-case rest)", () => {
  it("reads «Назва проєкту (заходу)» as the measures' column and «Одиниця виміру», «Цільове значення» as parts of the indicator", () => {
    for (const h of ["Назва проєкту (заходу)", "Найменування проекту", "Назва проєкту"]) expect(matchHeader(h)?.field).toBe("title");
    for (const h of ["Одиниця виміру", "Цільове значення", "Базове значення"]) expect(matchHeader(h)?.field).toBe("indicator");
    expect(matchHeader("Короткий опис проєкту")?.field).not.toBe("title");
  });

  it("keeps a header's lower-case rest on the next line in the header, whatever words it holds («співфінансування громади, %»)", () => {
    const rows = slotsOf([
      ["№", "Назва проєкту (заходу)", "Відповідальний", "Джерело", { text: "Обсяг фінансування, тис. грн", span: 2 }, "Частка"],
      ["з/п", "", "виконавець", "фінансування", "2026 рік", "2027 рік", "співфінансування громади, %"],
      ["1.1.", "Реконструкція водогону", "Відділ житлово-комунального господарства", "бюджет громади", "3 240,0", "3 240,0", "10"],
    ]);
    expect(findHeader(rows).end).toBe(2);
    expect(recogniseColumns(rows).columns.map((c) => c.field)).toEqual(["label", "title", "executors", "source", "year", "year", "ignore"]);
  });
});

describe("findHeader: held-out-21's habits (a header word broken inside its cell)", () => {
  it("joins one or two letters after a word in a header cell («Одиниц я виміру»), and leaves the short words of a header alone", () => {
    const rows = slotsOf([
      ["№ з/п", "Найменування заходу", "Відповідальні за виконання", "Індикатор виконання", "Одиниц я виміру", "Строк в т. ч. по роках"],
      ["1.", "Надання послуг ветеранам", "Департамент соціального захисту", "кількість ветеранів", "осіб", "2026 рік"],
    ]);
    expect(findHeader(rows).parts).toEqual([["№ з/п"], ["Найменування заходу"], ["Відповідальні за виконання"], ["Індикатор виконання"], ["Одиниця виміру"], ["Строк в т. ч. по роках"]]);
    expect(recogniseColumns(rows).columns[4]?.field).toBe("indicator");
  });
});

describe("vocabulary: held-out-23's money headers", () => {
  it("sets aside money spent before the plan, knows a bare cost as the total, and tells an estimated cost apart", () => {
    expect(matchHeader("Освоєно станом на 01.01.2026, тис. грн")?.field).toBe("ignore");
    expect(matchHeader("Профінансовано у 2025 році, тис. грн")?.field).toBe("ignore");
    expect(matchHeader("Орієнтовна вартість")?.field).toBe("total");
    expect(matchHeader("Вартість проєкту")?.field).toBe("total");
    expect(isEstimateHeader("Загальна кошторисна вартість, тис. грн")).toBe(true);
    expect(isEstimateHeader("Обсяг фінансування Програми, тис. грн")).toBe(false);
  });
});

describe("vocabulary: held-out-26's measures numbered under their Roman section", () => {
  it("reads «I.1.», «II.3» as measure labels, two levels deep, and «I. …» still as a section", () => {
    expect(printedLabel("I.1. Проведення кампанії")).toEqual({ label: "I.1.", rest: "Проведення кампанії", depth: 2, closing: "." });
    expect(shapeOf("II.3.")).toBe("label");
    expect(sectionHeading("I.1. Проведення кампанії")).toBeNull();
    expect(sectionHeading("I. Правова освіта населення")).toEqual({ label: "I.", title: "Правова освіта населення" });
    expect(printedLabel("I. Правова освіта")).toBeNull();
  });
});

describe("vocabulary: held-out-27's and held-out-28's headers", () => {
  it("reads «2026 рік (план)» as a year, sets aside quantity and unit price, and knows «Час виконання» as the term", () => {
    expect(matchHeader("2026 рік (план)")).toEqual({ field: "year", year: 2026, strength: 2 });
    expect(matchHeader("2027 рік (прогноз)")).toEqual({ field: "year", year: 2027, strength: 2 });
    expect(matchHeader("Кількість")?.field).toBe("ignore");
    expect(matchHeader("Ціна за одиницю, тис. грн")?.field).toBe("ignore");
    expect(matchHeader("Час виконання")?.field).toBe("term");
  });
});

describe("vocabulary: held-out-28's export headers", () => {
  it("reads «у т.ч. 2026 рік, грн» as the year 2026 of the money", () => {
    expect(matchHeader("у т.ч. 2026 рік, грн")).toEqual({ field: "year", year: 2026, strength: 2 });
    expect(matchHeader("у тому числі 2027 рік, тис. грн")).toEqual({ field: "year", year: 2027, strength: 2 });
  });
});

describe("vocabulary: held-out-31's header words cut short", () => {
  it("reads «Найменув. заходу», «Відпов. викон.», «Очік. результат», «Джерела фінанс.» as the fields they name, and keeps «тис. грн.»", () => {
    expect(["Найменув. заходу", "Відпов. викон.", "Очік. результат", "Джерела фінанс.", "Термін викон."].map((h) => matchHeader(h)?.field)).toEqual([
      "title",
      "executors",
      "indicator",
      "source",
      "term",
    ]);
    expect(unabbreviated("Обсяг фінанс., тис. грн.")).toBe("Обсяг фінансування, тис. грн.");
  });
});

describe("vocabulary: held-out-31's payback column", () => {
  it("sets «Строк окупності, років» aside: no term", () => {
    expect(matchHeader("Строк окупності, років")?.field).toBe("ignore");
    expect(matchHeader("Строк виконання")?.field).toBe("term");
  });
});

describe("vocabulary: held-out-33's headers", () => {
  it("reads a header of plain-language questions, and sets a column tying the measure to another plan aside", () => {
    expect(["Що зробити", "Хто відповідає", "До коли", "Як зрозуміємо, що зроблено"].map((h) => matchHeader(h)?.field)).toEqual(["title", "executors", "term", "indicator"]);
    expect(matchHeader("Зв’язок з Планом Ukraine Facility (реформа, індикатор)")?.field).toBe("ignore");
  });
});

describe("vocabulary: held-out-34's column numbers sub-numbered under the money", () => {
  it("takes «1 … 6 | 6.1 | 6.2 | 6.3 | 7» for the column numbers, and no row of a plan for them", () => {
    expect(isColumnNumbering(["1", "2", "3", "4", "5", "6", "6.1", "6.2", "6.3", "7"])).toBe(true);
    expect(isColumnNumbering(["1", "2", "3", "4"])).toBe(true);
    expect(isColumnNumbering(["1.1", "2", "3"])).toBe(false);
    expect(isColumnNumbering(["1", "2", "2.2", "3"])).toBe(false);
  });
});

describe("vocabulary: held-out-34's header words hyphenated by hand", () => {
  it("reads «Джерело фінан- сування», «Очіку- ваний результат», «Відпові- дальні ви- конавці» as the fields they name", () => {
    expect(["Джерело фінан- сування", "Очіку- ваний результат", "Відпові- дальні ви- конавці"].map((h) => matchHeader(h)?.field)).toEqual([
      "source",
      "indicator",
      "executors",
    ]);
  });
});
