import { describe, expect, it } from "vitest";
import { daysBetween, formatDate, formatDateTime, formatMoney, formatNumber, formatPercent, formatQuarter } from "./format.js";

const THIN = "\u2009";
const NBSP = "\u00a0";

describe("formatNumber", () => {
  it("given a Ukrainian reader, separates thousands with thin spaces and decimals with a comma", () => {
    expect(formatNumber(1234567.5, "uk")).toBe(`1${THIN}234${THIN}567,5`);
    expect(formatNumber(12500.25, "uk")).toBe(`12${THIN}500,25`);
  });

  it("given an English reader, uses commas for thousands and a decimal point", () => {
    expect(formatNumber(1234567.5, "en")).toBe("1,234,567.5");
  });

  it("leaves numbers under a thousand ungrouped and never writes a regular space", () => {
    expect(formatNumber(999, "uk")).toBe("999");
    expect(formatNumber(1000, "uk")).toBe(`1${THIN}000`);
    expect(formatNumber(1234567, "uk")).not.toContain(" ");
  });

  it("writes a negative number with the minus sign U+2212, not a hyphen", () => {
    expect(formatNumber(-1234.5, "uk")).toBe(`\u22121${THIN}234,5`);
    expect(formatNumber(-0.5, "en")).toBe("\u22120.5");
    expect(formatNumber(-42, "uk")).not.toContain("-");
  });

  it("rounds to at most three decimals by default and drops trailing zeros of the fraction", () => {
    expect(formatNumber(1.23456, "uk")).toBe("1,235");
    expect(formatNumber(2.5, "uk")).toBe("2,5");
    expect(formatNumber(2, "uk")).toBe("2");
    expect(formatNumber(0, "uk")).toBe("0");
  });

  it("given zero decimals, keeps the zeros of a whole number (100 is not 1)", () => {
    expect(formatNumber(100, "uk", 0)).toBe("100");
    expect(formatNumber(1000, "uk", 0)).toBe(`1${THIN}000`);
    expect(formatNumber(0, "uk", 0)).toBe("0");
    expect(formatNumber(12.6, "uk", 0)).toBe("13");
  });

  it("shows a value that is no finite number as it is", () => {
    expect(formatNumber(Number.NaN, "uk")).toBe("NaN");
  });
});

describe("formatPercent", () => {
  it("writes a ratio as a whole percentage, round tens included", () => {
    expect(formatPercent(1, "uk")).toBe(`100${NBSP}%`);
    expect(formatPercent(0.5, "uk")).toBe(`50${NBSP}%`);
    expect(formatPercent(0.456, "uk")).toBe(`46${NBSP}%`);
    expect(formatPercent(0, "uk")).toBe(`0${NBSP}%`);
    expect(formatPercent(null, "uk")).toBe("—");
  });
});

describe("formatMoney", () => {
  it("given a Ukrainian reader, writes thousands of hryvnias as тис. грн", () => {
    expect(formatMoney(12500.25, "uk")).toBe(`12${THIN}500,25${NBSP}тис.${NBSP}грн`);
  });

  it("given an English reader, writes thous. UAH", () => {
    expect(formatMoney(12500.25, "en")).toBe(`12,500.25${NBSP}thous.${NBSP}UAH`);
  });

  it("keeps the unit on a zero amount", () => {
    expect(formatMoney(0, "uk")).toBe(`0${NBSP}тис.${NBSP}грн`);
  });
});

describe("formatDate", () => {
  it("writes an ISO date as дд.мм.рррр", () => {
    expect(formatDate("2019-10-16")).toBe("16.10.2019");
  });

  it("takes the calendar day of an instant as written (UTC)", () => {
    expect(formatDate("2026-12-04T23:30:00.000Z")).toBe("04.12.2026");
  });

  it("writes a dash for no date and leaves text that is no date unchanged", () => {
    expect(formatDate(null)).toBe("—");
    expect(formatDate(undefined)).toBe("—");
    expect(formatDate("")).toBe("—");
    expect(formatDate("до кінця року")).toBe("до кінця року");
  });
});

describe("formatDateTime", () => {
  it("writes an instant as дд.мм.рррр гг:хх in UTC", () => {
    expect(formatDateTime("2026-12-04T15:04:00.000Z")).toBe("04.12.2026 15:04 UTC");
  });

  it("converts an instant with an offset to UTC", () => {
    expect(formatDateTime("2026-01-01T01:30:00+03:00")).toBe("31.12.2025 22:30 UTC");
  });

  it("writes a dash for no instant and leaves an unreadable one unchanged", () => {
    expect(formatDateTime(null)).toBe("—");
    expect(formatDateTime("not a moment")).toBe("not a moment");
  });
});

describe("formatQuarter", () => {
  it("given a Ukrainian reader, writes the quarter in Roman numerals with кв.", () => {
    expect(formatQuarter(2026, 1, "uk")).toBe("I кв. 2026");
    expect(formatQuarter(2026, 2, "uk")).toBe("II кв. 2026");
    expect(formatQuarter(2026, 3, "uk")).toBe("III кв. 2026");
    expect(formatQuarter(2026, 4, "uk")).toBe("IV кв. 2026");
  });

  it("given an English reader, writes Q1 2026", () => {
    expect(formatQuarter(2026, 1, "en")).toBe("Q1 2026");
    expect(formatQuarter(2025, 4, "en")).toBe("Q4 2025");
  });
});

describe("daysBetween", () => {
  it("counts whole days elapsed, rounded down", () => {
    expect(daysBetween("2026-05-01T12:00:00Z", new Date("2026-05-08T11:59:00Z"))).toBe(6);
    expect(daysBetween("2026-05-01T12:00:00Z", new Date("2026-05-08T12:00:00Z"))).toBe(7);
  });
});
