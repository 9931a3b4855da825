import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Either, Schema as S } from "effect";
import { describe, expect, it } from "vitest";
import { Term } from "./term.model.js";
import { parseTerm, type TermContext } from "./term.parser.js";

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

const expectTerm = (text: string, expected: Record<string, unknown>, context?: TermContext) => {
  const term = parseTerm(text, context);
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

/** A plan for one year and one for three, as the importer passes them. */
const YEAR_2025: TermContext = { period: { from: 2025, to: 2025 } };
const YEARS_2025_2027: TermContext = { period: { from: 2025, to: 2027 } };
const noYear = (printed: string) => ({
  kind: "unparsed",
  reason: `не розпізнано «${printed}» без року: період плану невідомий / "${printed}" not read without a year: the plan's period is not known`,
});
const noSingleYear = (printed: string) => ({
  kind: "unparsed",
  reason: `не розпізнано «${printed}» без року: план на 2025–2027 роки, одного року не вибрати / "${printed}" not read without a year: the plan spans 2025–2027, no single year to choose`,
});

describe("parseTerm reads the forms of other administrations' plans (#14)", () => {
  it("quarters and half-years without a year take the year of a one-year plan, and nothing else", () => {
    expectTerm("I кв.", { kind: "quarterRange", from: q(2025, 1), to: q(2025, 1) }, YEAR_2025);
    expectTerm("ІІ квартал", { kind: "quarterRange", from: q(2025, 2), to: q(2025, 2) }, YEAR_2025);
    expectTerm("III-IV кв.", { kind: "quarterRange", from: q(2025, 3), to: q(2025, 4) }, YEAR_2025);
    expectTerm("ІІІ-ІУ кв.", { kind: "quarterRange", from: q(2025, 3), to: q(2025, 4) }, YEAR_2025);
    expectTerm("у І кварталі", { kind: "quarterRange", from: q(2025, 1), to: q(2025, 1) }, YEAR_2025);
    expectTerm("I півріччя", { kind: "quarterRange", from: q(2025, 1), to: q(2025, 2) }, YEAR_2025);
    expectTerm("у другому півріччі", { kind: "quarterRange", from: q(2025, 3), to: q(2025, 4) }, YEAR_2025);
    expectTerm("до кінця I кварталу", { kind: "deadline", date: "2025-03-31", precision: "quarter" }, YEAR_2025);
    expectTerm("починаючи з II кварталу", { kind: "openEnded", from: "2025-04-01" }, YEAR_2025);
    // No year is guessed: not without a context, not from a plan of several years.
    expectTerm("I кв.", noYear("i кв."));
    expectTerm("III-IV кв.", noSingleYear("iii-iv кв."), YEARS_2025_2027);
    expectTerm("I півріччя", noSingleYear("i півріччя"), YEARS_2025_2027);
  });

  it("quarters and half-years with their years, whatever the context says", () => {
    expectTerm("II-III кв. 2001 р.", { kind: "quarterRange", from: q(2001, 2), to: q(2001, 3) });
    expectTerm("I кв. 2025 року", { kind: "quarterRange", from: q(2025, 1), to: q(2025, 1) });
    expectTerm("IV квартал 2024 – I квартал 2025", { kind: "quarterRange", from: q(2024, 4), to: q(2025, 1) });
    expectTerm("I кв. – III кв. 2025", { kind: "quarterRange", from: q(2025, 1), to: q(2025, 3) });
    expectTerm("I півріччя 2025 р.", { kind: "quarterRange", from: q(2025, 1), to: q(2025, 2) });
    expectTerm("друге півріччя 2024 року", { kind: "quarterRange", from: q(2024, 3), to: q(2024, 4) });
    expectTerm("1-е півріччя 2025", { kind: "quarterRange", from: q(2025, 1), to: q(2025, 2) });
    expectTerm("I кв. 2026 року", { kind: "quarterRange", from: q(2026, 1), to: q(2026, 1) }, YEAR_2025);
  });

  it("years, ranges of years and listed years", () => {
    expectTerm("2009-2013", years(2009, 2013));
    expectTerm("2009 – 2013 рр.", years(2009, 2013));
    expectTerm("2004-2005 роки", years(2004, 2005));
    expectTerm("у 2025-2027 роках", years(2025, 2027));
    expectTerm("впродовж 2024-2026 рр.", years(2024, 2026));
    expectTerm("упродовж 2024-2026 рр.", years(2024, 2026));
    expectTerm("2023 рік", years(2023, 2023));
    expectTerm("2023 р.", years(2023, 2023));
    expectTerm("протягом 2025 року", years(2025, 2025));
    expectTerm("у 2025 році", years(2025, 2025));
    expectTerm("з 2022 року", { kind: "openEnded", from: "2022-01-01" });
    expectTerm("2010, 2012", { kind: "milestones", years: [2010, 2012] });
    expectTerm("2010, 2012 роки", { kind: "milestones", years: [2010, 2012] });
    // A part of each year: the months the yearly work is done in.
    expectTerm("щороку, вересень", { kind: "recurring", every: "year", months: { from: 9, to: 9 } });
    expectTerm("щороку, квітень – жовтень", { kind: "recurring", every: "year", months: { from: 4, to: 10 } });
    expectTerm("щороку, II–III квартали", { kind: "recurring", every: "year", months: { from: 4, to: 9 } });
    expectTerm("щороку, IV кв.", { kind: "recurring", every: "year", months: { from: 10, to: 12 } });
    expectTerm("щороку, I півріччя", { kind: "recurring", every: "year", months: { from: 1, to: 6 } });
    expectTerm("щороку, травень", { kind: "recurring", every: "year", months: { from: 5, to: 5 }, from: "2026-01-01", to: "2028-12-31" }, { period: { from: 2026, to: 2028 } });
    // The first year, then every year after it.
    expectTerm("2026 рік, далі — щороку", { kind: "recurring", every: "year", from: "2026-01-01" });
    // Over the turn of the year the months are not one run: left unread rather than guessed.
    expectTerm("щороку, жовтень – квітень", {
      kind: "unparsed",
      reason: "не розпізнано «жовтень - квітень» без року: період плану невідомий / \"жовтень - квітень\" not read without a year: the plan's period is not known",
    });
    // Stages named beside their years are the years each stage is due.
    expectTerm("2026 р. (І етап), 2027 р. (ІІ етап)", { kind: "milestones", years: [2026, 2027] });
    expectTerm("2026 рік (перший етап), 2028 рік (другий етап)", { kind: "milestones", years: [2026, 2028] });
  });

  it("recurrences with their due days, bounded by the plan when one is given", () => {
    expectTerm("щороку", { kind: "recurring", every: "year" });
    expectTerm("щорічно", { kind: "recurring", every: "year" });
    expectTerm("раз на рік", { kind: "recurring", every: "year" });
    expectTerm("щопівроку", { kind: "recurring", every: "halfYear" });
    expectTerm("щороку до 1 лютого", { kind: "recurring", every: "year", due: { month: 2, day: 1 } });
    expectTerm("щокварталу до 10 числа", { kind: "recurring", every: "quarter", due: { day: 10 } });
    expectTerm("щокварталу до 10 числа наступного за звітним місяця", { kind: "recurring", every: "quarter", due: { day: 10 } });
    expectTerm("щокварталу до 10 числа місяця, наступного за звітним періодом", {
      kind: "recurring",
      every: "quarter",
      due: { day: 10 },
    });
    expectTerm("щомісяця до 5 числа", { kind: "recurring", every: "month", due: { day: 5 } });
    expectTerm("щокварталу", { kind: "recurring", every: "quarter", from: "2025-01-01", to: "2027-12-31" }, YEARS_2025_2027);
    expectTerm("щороку до 1 лютого", { kind: "recurring", every: "year", due: { month: 2, day: 1 }, from: "2025-01-01", to: "2025-12-31" }, YEAR_2025);
  });

  it("the whole year, the whole programme, ongoing, by a separate plan and on demand", () => {
    expectTerm("постійно", { kind: "openEnded" }, YEARS_2025_2027);
    expectTerm("протягом року", years(2025, 2025), YEAR_2025);
    expectTerm("протягом року", { kind: "recurring", every: "year", from: "2025-01-01", to: "2027-12-31" }, YEARS_2025_2027);
    expectTerm("протягом року", { kind: "recurring", every: "year" });
    expectTerm("упродовж дії програми", years(2025, 2027), YEARS_2025_2027);
    expectTerm("протягом терміну дії Програми", years(2025, 2025), YEAR_2025);
    expectTerm("на період дії програми", years(2025, 2027), YEARS_2025_2027);
    expectTerm("упродовж дії програми", {
      kind: "unparsed",
      reason: `не розпізнано «дії програми»: період плану невідомий / "дії програми" not read: the plan's period is not known`,
    });
    expectTerm("за окремим планом", { kind: "openEnded" });
    expectTerm("згідно з окремим графіком", { kind: "openEnded" }, YEAR_2025);
    expectTerm("за окремим планом, 2025 рік", years(2025, 2025));
    expectTerm("у разі потреби", { kind: "onDemand" });
    expectTerm("у разі необхідності", { kind: "onDemand" });
    expectTerm("за потреби", { kind: "onDemand", from: "2025-01-01", to: "2027-12-31" }, YEARS_2025_2027);
  });

  it("months and days of a month, with their year or the plan's", () => {
    expectTerm("березень 2025 р.", { kind: "interval", from: "2025-03-01", to: "2025-03-31" });
    expectTerm("у березні 2025 року", { kind: "interval", from: "2025-03-01", to: "2025-03-31" });
    expectTerm("травень-червень 2025 року", { kind: "interval", from: "2025-05-01", to: "2025-06-30" });
    expectTerm("травень 2026 р. – березень 2027 р.", { kind: "interval", from: "2026-05-01", to: "2027-03-31" });
    expectTerm("з листопада 2026 року по лютий 2027 року", { kind: "interval", from: "2026-11-01", to: "2027-02-28" });
    expectTerm("травень 2027 р. – березень 2026 р.", { kind: "unparsed", reason: "початок пізніше кінця / the start is after the end" });
    expectTerm("до 1 липня 2025 р.", { kind: "deadline", date: "2025-07-01", precision: "day" });
    expectTerm("до 01.07.2025", { kind: "deadline", date: "2025-07-01", precision: "day" });
    expectTerm("березень", { kind: "interval", from: "2025-03-01", to: "2025-03-31" }, YEAR_2025);
    expectTerm("з березня по червень", { kind: "interval", from: "2025-03-01", to: "2025-06-30" }, YEAR_2025);
    expectTerm("до 1 липня", { kind: "deadline", date: "2025-07-01", precision: "day" }, YEAR_2025);
    expectTerm("до кінця року", { kind: "deadline", date: "2025-12-31", precision: "year" }, YEAR_2025);
    expectTerm("березень", noYear("березень"));
    expectTerm("до 1 липня", noSingleYear("до 1 липня"), YEARS_2025_2027);
    expectTerm("до 31 лютого 2025 року", { kind: "unparsed", reason: "немає такої дати 31.02.2025 / no such date 31.02.2025" });
  });

  it("a recurrence or the year beside a printed period", () => {
    expectTerm("2025-2027 роки, щокварталу", { kind: "recurring", every: "quarter", from: "2025-01-01", to: "2027-12-31" });
    expectTerm("протягом року, щокварталу", { kind: "recurring", every: "quarter", from: "2025-01-01", to: "2025-12-31" }, YEAR_2025);
    expectTerm("постійно протягом року", { kind: "interval", from: "2025-01-01", to: "2025-12-31", ongoing: true }, YEAR_2025);
    expectTerm("постійно протягом року", { kind: "interval", from: "2025-01-01", to: "2027-12-31", ongoing: true }, YEARS_2025_2027);
    expectTerm("постійно протягом року", { kind: "openEnded" });
  });

  it("a plan period that is not a pair of whole years is refused where it is needed, and ignored elsewhere", () => {
    const reversed: TermContext = { period: { from: 2027, to: 2025 } };
    const refused = { kind: "unparsed", reason: "неправильний період плану 2027–2025 / invalid plan period 2027–2025" };
    expectTerm("I кв.", refused, reversed);
    expectTerm("щокварталу", refused, reversed);
    expectTerm("2025 рік", years(2025, 2025), reversed);
    expectTerm("постійно", { kind: "openEnded" }, reversed);
  });
});
