import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Either, Schema as S } from "effect";
import { describe, expect, it } from "vitest";
import { Term } from "./term.model.js";
import { parseTerm } from "./term.parser.js";

const q = (year: number, quarter: 1 | 2 | 3 | 4) => ({ year, quarter });
const years = (from: number, to: number) => ({ kind: "interval", from: `${from}-01-01`, to: `${to}-12-31` });

/**
 * Every distinct text of the "Термін виконання" column of the seed documents (001, the Volyn programme,
 * has no term column), as printed, with what it must read as. Where a cell is split across a page break
 * the pieces and the joined cell are listed too.
 */
const PRINTED: ReadonlyArray<readonly [text: string, expected: Record<string, unknown>, where: string]> = [
  ["до 31.12.2021", { kind: "deadline", date: "2021-12-31", precision: "day" }, "000 №1,3,4,5"],
  ["до 15.12.2021", { kind: "deadline", date: "2021-12-15", precision: "day" }, "000 №2"],
  ["до 01.06.2021", { kind: "deadline", date: "2021-06-01", precision: "day" }, "000 №6"],
  ["грудень 2021 року", { kind: "interval", from: "2021-12-01", to: "2021-12-31" }, "000 №7"],
  ["липень 2021 року", { kind: "interval", from: "2021-07-01", to: "2021-07-31" }, "000 №8"],
  ["жовтень 2021 року", { kind: "interval", from: "2021-10-01", to: "2021-10-31" }, "000 №9"],
  ["січень– грудень 2021 року", { kind: "interval", from: "2021-01-01", to: "2021-12-31" }, "000 №10-13,15,16"],
  ["лютий– листопад 2021 року", { kind: "interval", from: "2021-02-01", to: "2021-11-30" }, "000 №14"],
  ["<p>січень– травень 2021 року</p>", { kind: "interval", from: "2021-01-01", to: "2021-05-31" }, "000 №17 raw"],
  ["січень– травень 2021 року", { kind: "interval", from: "2021-01-01", to: "2021-05-31" }, "000 №17"],
  ["за потреби", { kind: "onDemand" }, "002 I.1.1)"],
  ["2019-2026 роки", years(2019, 2026), "002, 003 passim"],
  ["2019-2026 роки постійно", { ...years(2019, 2026), ongoing: true }, "002 II.2.1)"],
  ["2020-2026 роки", years(2020, 2026), "002 II.2.6), 003 II.2.7)"],
  ["II-IV кв. 2019 року", { kind: "quarterRange", from: q(2019, 2), to: q(2019, 4) }, "002 II.3.1)"],
  ["2019 - 2026 роки", years(2019, 2026), "002 II.4.2)"],
  ["2019 – 2026 роки", years(2019, 2026), "002 II.4.3)-6), IV.12)"],
  ["до 2020 року", { kind: "deadline", date: "2020-12-31", precision: "year" }, "002 II.4.9), 003 II.4.9),10)"],
  ["2019-2021 роки", years(2019, 2021), "002, 003"],
  ["2021-2026 роки", years(2021, 2026), "002 III.1.2)"],
  ["До 2026", { kind: "deadline", date: "2026-12-31", precision: "year" }, "002 III.1.3)"],
  ["2019 рік", years(2019, 2019), "002 IV.1.1), 003 I.1.6)"],
  ["2019-2026 Роки", years(2019, 2026), "002 IV.1.2)"],
  ["2020 – 2024 роки", years(2020, 2024), "002 IV.1.11)"],
  ["2019-2020 роки", years(2019, 2020), "002 V.1.1), 003"],
  ["2019-2026", years(2019, 2026), "002 V.1.3),4), VI.1.1)"],
  ["щороку (до 10 січня)", { kind: "recurring", every: "year", due: { month: 1, day: 10 } }, "002 VI.1.2)"],
  ["2021, 2024, 2026 роки", { kind: "milestones", years: [2021, 2024, 2026] }, "002 VI.1.3), 003 VIII.1.4),5)"],
  ["щокварталу", { kind: "recurring", every: "quarter" }, "003 I.1.1)"],
  ["I квартал 2019 року", { kind: "quarterRange", from: q(2019, 1), to: q(2019, 1) }, "003 I.1.2),7), II.3.1)"],
  ["IV квартал 2018 року", { kind: "quarterRange", from: q(2018, 4), to: q(2018, 4) }, "003 I.1.3), II.4.1)"],
  ["до кінця II кварталу 2019 року", { kind: "deadline", date: "2019-06-30", precision: "quarter" }, "003 I.1.4)"],
  ["починаючи з IV кварталу 2018 року", { kind: "openEnded", from: "2018-10-01" }, "003 I.1.5)"],
  ["2018-2019 роки", years(2018, 2019), "003 II.1, IV.1"],
  ["2018-2026", years(2018, 2026), "003 II.1.5), III.1.2) before the page break"],
  ["2018-2026\nроки", years(2018, 2026), "003 II.1.5), III.1.2) joined across the page break"],
  ["2018-2026 роки", years(2018, 2026), "003 passim"],
  ["2018-2021 роки", years(2018, 2021), "003 II.4.11)-15)"],
  ["2018-2020 роки", years(2018, 2020), "003 IV.1.2), VI.1.1)"],
  ["2018-2023 роки", years(2018, 2023), "003 IV.1.4)"],
  ["2020-2024 роки", years(2020, 2024), "003 IV.1.15)"],
  ["2019 - 2024 роки", years(2019, 2024), "003 V.1.1)"],
  ["2019-2024 роки", years(2019, 2024), "003 V, VI, VII"],
  ["2021-2022 роки", years(2021, 2022), "003 V.1.8)"],
  ["2021 рік", years(2021, 2021), "003 V.1.9)"],
  ["2023-2024 роки", years(2023, 2024), "003 V.1.10)-17)"],
  ["2023-2026 роки", years(2023, 2026), "003 V.1.18)"],
  ["щороку (до 10січня)", { kind: "recurring", every: "year", due: { month: 1, day: 10 } }, "003 VIII.1.3)"],
];

const fixture = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../../../../fixtures/plans/${name}`, import.meta.url)), "utf8");

const expectTerm = (text: string, expected: Record<string, unknown>) => {
  const term = parseTerm(text);
  expect(term).toStrictEqual({ text, ...expected });
  expect(Either.isRight(S.decodeUnknownEither(Term)(term))).toBe(true);
};

describe("parseTerm on every term printed in the seed documents", () => {
  it.each(PRINTED)("%j", (text, expected) => expectTerm(text, expected));

  it("the list holds every term-column cell of the documents and nothing they do not print", () => {
    const documents = ["000_9d8a7f6d078db2f4.txt", "002_d9322476a2055758.txt", "003_b52cafefab6c56ab.txt"].map(fixture);
    // Term cells are short and start like a term; other short cells (labels, dates of orders) do not.
    const looksLikeTerm = /^(?:до |до кінця|починаючи|щокварт|щороку|за потреби|постійно|\d{4}(?:\s|-|,|$)|[IVІУ]+[ -]|(?:січ|лют|берез|квіт|трав|черв|лип|серп|верес|жовт|листопад|груд)\p{L}+[\s–-])/iu;
    const cells = new Set(
      documents.flatMap((doc) =>
        doc
          .split("\n")
          .flatMap((line) => (line.startsWith("|") ? line.split("|") : line.includes("\t") ? line.split("\t") : []))
          .map((cell) => cell.replace(/<\/?p>/g, "").trim())
          .filter((cell) => cell.length > 0 && cell.length < 45 && looksLikeTerm.test(cell)),
      ),
    );
    const listed = new Set(PRINTED.map(([text]) => text));
    expect([...cells].filter((cell) => !listed.has(cell))).toStrictEqual([]);
    const printedSomewhere = documents.join("\n");
    expect(PRINTED.map(([text]) => text).filter((text) => !printedSomewhere.includes(text))).toStrictEqual([
      "2018-2026\nроки",
    ]);
    expect(cells.size).toBe(PRINTED.length - 2);
  });
});

describe("parseTerm tolerates what OCR and table dumps do to a cell", () => {
  it.each([
    ["ІУ квартал 2018 року", { kind: "quarterRange", from: q(2018, 4), to: q(2018, 4) }],
    ["І квартал 2019 року", { kind: "quarterRange", from: q(2019, 1), to: q(2019, 1) }],
    ["ІІ-ІУ кв. 2019 року", { kind: "quarterRange", from: q(2019, 2), to: q(2019, 4) }],
    ["до кінця ІІ кварталу 2019 року", { kind: "deadline", date: "2019-06-30", precision: "quarter" }],
    ["починаючи з ІV кварталу 2018 року", { kind: "openEnded", from: "2018-10-01" }],
    ["до\u00a031.12.2021", { kind: "deadline", date: "2021-12-31", precision: "day" }],
    ["січень–\nгрудень 2021 року", { kind: "interval", from: "2021-01-01", to: "2021-12-31" }],
    ["2019 — 2026 роки", years(2019, 2026)],
    ["2019\u22122026\u00a0роки", years(2019, 2026)],
    ["  2019-2026 роки  ", years(2019, 2026)],
    ["2О19-2026 роки", years(2019, 2026)],
    ["<b>щокварталу</b>", { kind: "recurring", every: "quarter" }],
    ["ЗА ПОТРЕБИ", { kind: "onDemand" }],
    ["2021 р.", years(2021, 2021)],
  ])("%j", (text, expected) => expectTerm(text, expected));
});

describe("parseTerm keeps combinations instead of dropping a part, and reads related forms", () => {
  it.each([
    ["2019-2026 роки щокварталу", { kind: "recurring", every: "quarter", from: "2019-01-01", to: "2026-12-31" }],
    ["щокварталу, починаючи з IV кварталу 2018 року", { kind: "recurring", every: "quarter", from: "2018-10-01" }],
    ["щокварталу до 5 числа наступного місяця", { kind: "recurring", every: "quarter", due: { day: 5 } }],
    ["постійно, починаючи з 2019 року", { kind: "openEnded", from: "2019-01-01" }],
    ["II-IV кв. 2019 року, постійно", { kind: "interval", from: "2019-04-01", to: "2019-12-31", ongoing: true }],
    ["за потреби, 2019-2026 роки", { kind: "onDemand", from: "2019-01-01", to: "2026-12-31" }],
    ["щомісяця до 2020 року", { kind: "recurring", every: "month", to: "2020-12-31" }],
    ["I півріччя 2020 року", { kind: "quarterRange", from: q(2020, 1), to: q(2020, 2) }],
    ["з 01.03.2021 по 30.09.2021", { kind: "interval", from: "2021-03-01", to: "2021-09-30" }],
    ["постійно", { kind: "openEnded" }],
    ["до кінця грудня 2021 року", { kind: "deadline", date: "2021-12-31", precision: "month" }],
    ["протягом 2021 року", years(2021, 2021)],
    ["у І кварталі 2019 року", { kind: "quarterRange", from: q(2019, 1), to: q(2019, 1) }],
    ["IV кв. 2018 – II кв. 2019", { kind: "quarterRange", from: q(2018, 4), to: q(2019, 2) }],
  ])("%j", (text, expected) => expectTerm(text, expected));
});

describe("parseTerm flags what it cannot read instead of guessing", () => {
  it.each([
    ["", "порожній"],
    ["десь колись", "не розпізнано «десь колись»"],
    ["до 31.02.2021", "немає такої дати 31.02.2021"],
    ["2026-2019 роки", "початок пізніше кінця"],
    ["V квартал 2019 року", "немає кварталу"],
    ["до 10 січня", "не розпізнано «до 10 січня»"],
    ["2019-2026 роки (за наявності коштів)", "не розпізнано"],
    ["щокварталу, щороку", "суперечливий термін"],
    ["2021, 2024, 2026 роки щокварталу", "суперечливий термін"],
    ["2024, 2021 роки", "не за зростанням"],
    ["щокварталу до 31 березня", "назва місяця"],
    ["щороку (до 31 лютого)", "немає дня 31"],
    ["до грудня 2021 року", "не розпізнано «до грудня 2021»"],
  ])("%j", (text, reason) => {
    const term = parseTerm(text);
    expect(term.kind).toBe("unparsed");
    expect(term.text).toBe(text);
    expect(term.kind === "unparsed" ? term.reason : "").toContain(reason);
  });
});
