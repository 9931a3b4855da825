/**
 * @module Money lines of a measure (тис. грн) and the checks a reader makes: does a line's total equal the
 * sum of its years, and does each stated "Всього" equal the sum of the lines it covers.
 */
import type { BudgetLine } from "@planledger/domain";
import { squash } from "../text/clean.js";
import { type Anomalies, where } from "./anomalies.js";
import { readExecutors } from "./executors.js";

/** One printed money row of a measure, cells as printed. */
export interface RawBudgetRow {
  readonly executor: string;
  readonly source: string;
  readonly total: string;
  readonly years: ReadonlyArray<string>;
  readonly line: number;
}

/** A stated total row ("Всього, <executor>", "- <part>", "Всього"), amounts as printed. */
export interface StatedTotal {
  readonly label: string;
  readonly total: string;
  readonly years: ReadonlyArray<string>;
  readonly line: number;
  /**
   * The measures a subtotal covers, by their place in document order ([from, to)): «Разом за розділом 1»
   * covers its section's measures, «Усього за завданням» its task's. Absent: covered by the label.
   */
  readonly measures?: { readonly from: number; readonly to: number };
}

/**
 * «х» (or a Latin «x») alone in a money cell: «фінансування не передбачено» — a year outside the measure's term, a measure
 * that needs no money — as a note under such a table explains it. No amount, like «–», never zero.
 *
 * @example notApplicable("х") // true
 */
export const notApplicable = (cell: string): boolean => /^\s*[хxХX]\s*$/u.test(cell);

/**
 * Reads an amount in тис. грн. "-", «х» (not applicable) and an empty cell are "no amount" (null), never zero; `ok` is
 * false when the cell holds something that is not a number.
 *
 * @example readAmount("670 ") // { value: 670, ok: true }
 * @example readAmount("-")    // { value: null, ok: true }
 * @example readAmount("х")    // { value: null, ok: true }
 */
export const readAmount = (cell: string): { value: number | null; ok: boolean } => {
  const t = squash(cell).replace(/\s/g, "");
  if (t === "" || /^[-–—]+$/.test(t) || notApplicable(t)) return { value: null, ok: true };
  if (/^\d+(?:[.,]\d+)?$/.test(t)) return { value: Number(t.replace(",", ".")), ok: true };
  // The English number format, as a sheet set to it prints: «6,250.0», «1,380.5» (a comma between thousands, a point before the decimals).
  if (/^\d{1,3}(?:,\d{3})+\.\d+$/.test(t)) return { value: Number(t.replace(/,/g, "")), ok: true };
  return { value: null, ok: false };
};

/**
 * The unit a money header prints, against the plan's own unit (тис. грн): "thousands" for «тис. грн», «тис. гривень»
 * («тис.» anywhere in it, or no unit at all), "hryvnias" for «грн», «гривень» alone, "millions" for «млн грн». An administration that keeps its
 * money in hryvnias («Обсяг фінансування, грн», «48 000,00») prints the same plan as one in thousands.
 *
 * @example moneyUnit("Обсяг фінансування, грн / 2026 рік") // "hryvnias"
 * @example moneyUnit("Обсяги фінансування, тис. грн / 2026") // "thousands"
 */
export const moneyUnit = (header: string): "thousands" | "hryvnias" | "millions" => {
  const t = squash(header);
  // «тис.» anywhere names thousands: a header broken over lines or cells («Обсяг фінансування, тис. / грн») still does.
  if (/(?<!\p{L})тис(?:\.|яч|\s|$)/iu.test(t)) return "thousands";
  if (/(?<!\p{L})(?:млн|мільйон)/iu.test(t)) return "millions";
  return /(?:^|[\s,(])(?:грн|гривень|гривні|гривнях)(?!\p{L})/iu.test(t) ? "hryvnias" : "thousands";
};

/**
 * An amount cell printed in hryvnias or millions, as the plan keeps it, in тис. грн; a cell that is no amount («–», text)
 * as printed.
 *
 * @example inThousands("1 250 000,00", "hryvnias") // "1250"
 * @example inThousands("–", "hryvnias") // "–"
 */
export const inThousands = (cell: string, unit: "thousands" | "hryvnias" | "millions"): string => {
  if (unit === "thousands") return cell;
  const a = readAmount(cell);
  if (!a.ok || a.value === null) return cell;
  const v = unit === "hryvnias" ? a.value / 1000 : a.value * 1000;
  return String(Math.round(v * 1e6) / 1e6);
};

/**
 * An amount cell that prints its own unit after the number, as an accounting system's export does («480 000,00 грн.»,
 * «98,75 тис. грн»): the number and that unit; null when the cell names no unit (the header's unit holds).
 *
 * @example unitInCell("480 000,00 грн.") // { amount: "480 000,00", unit: "hryvnias" }
 * @example unitInCell("480,0") // null
 */
export const unitInCell = (cell: string): { amount: string; unit: "thousands" | "hryvnias" | "millions" } | null => {
  const m = /^([\d\s\u00a0]+(?:[.,]\d+)?)\s*((?:тис\.?|млн\.?)\s*)?(?:грн|гривень|гривні)\.?$/iu.exec(squash(cell));
  if (m === null) return null;
  const unit = m[2] === undefined ? "hryvnias" : /^тис/iu.test(m[2]) ? "thousands" : "millions";
  return { amount: (m[1] ?? "").trim(), unit };
};

// «бюджет громади – 2 700,0»: a source's name (words), a spaced dash, an amount (and maybe its unit).
const sourceDashAmount = /^(\p{L}.*?)\s+[-–—]\s+((?:\d{1,3}(?:[\s\u00a0]\d{3})+|\d+)(?:[.,]\d+)?)\s*(?:тис\.?\s*грн\.?)?$/u;

/**
 * A money cell that names each source with its amount, one a paragraph («бюджет громади – 2 700,0» / «кошти благодійних
 * фондів – 450,0»), as a table with one column «Джерела та обсяги фінансування» prints them; null when any paragraph is
 * something else.
 *
 * @example sourcesWithAmounts("бюджет громади – 2 700,0\nінші джерела – 300,0") // [{ source: "бюджет громади", amount: "2 700,0" }, { source: "інші джерела", amount: "300,0" }]
 */
export const sourcesWithAmounts = (cell: string): Array<{ source: string; amount: string }> | null => {
  const lines = cell.split("\n").map(squash).filter((l) => l !== "");
  const pairs = lines.map((l) => sourceDashAmount.exec(l));
  if (pairs.length === 0 || pairs.some((m) => m === null || !/\p{L}{3,}/u.test(m[1] ?? ""))) return null;
  return pairs.map((m) => ({ source: m?.[1] ?? "", amount: m?.[2] ?? "" }));
};

// «2026 р. – 60,0», «2027 рік: 1 250,0», «2028 – 70»: one year's amount as a cell printing the years one under another
// gives it. The year is followed by «р.»/«рік»/«року» or a spaced dash or a colon, so «2026–2027» is no year and amount.
const yearAmount =
  /((?:19|20)\d{2})(?:\s*(?:р\.|рік|році|року|р(?=\s)))?(?:\s+[-–—]\s*|\s*[-–—]\s+|\s*:\s*)((?:\d{1,3}(?:[\s\u00a0]\d{3})+|\d+)(?:[.,]\d+)?|[-–—])(?=[\s;,]|$)/gu;
// «у т. ч.:», «у тому числі:», «в т.ч.», «з них:» between the total and the years.
const ofWhich = /(?:(?:у|в)\s*(?:т\.\s*ч\.?|тому\s+числі)|з\s+них|із\s+них)\s*:?$/iu;

/**
 * A money cell that stacks the years under its total: «195,0» / «у т. ч.:» / «2026 р. – 60,0» / «2027 р. – 65,0» — a
 * programme printed with one money column, only the years that have money listed. Gives the total as printed ("" when
 * the cell starts straight with the years: the rest of such a cell carried over to the next page) and each year's
 * amount; null when the cell is anything else (one amount, «–», text).
 *
 * @example stackedYears("195,0\nу т. ч.:\n2026 р. – 60,0\n2028 р. – 70,0") // { total: "195,0", years: Map { 2026 => "60,0", 2028 => "70,0" } }
 * @example stackedYears("195,0") // null
 */
export const stackedYears = (cell: string): { total: string; years: ReadonlyMap<number, string> } | null => {
  const t = squash(cell);
  const found = [...t.matchAll(yearAmount)];
  const firstMatch = found[0];
  if (firstMatch === undefined) return null;
  // Every year line must be the cell's: nothing but separators between and after them.
  let at = firstMatch.index ?? 0;
  for (const m of found) {
    if (t.slice(at, m.index).replace(/[\s;,]/g, "") !== "") return null;
    at = (m.index ?? 0) + m[0].length;
  }
  if (t.slice(at).replace(/[\s;,.]/g, "") !== "") return null;
  const head = t.slice(0, firstMatch.index).trim().replace(ofWhich, "").trim().replace(/[,;:]$/u, "").trim();
  if (head !== "" && (readAmount(head).value === null || !readAmount(head).ok)) return null;
  const years = new Map<number, string>();
  for (const m of found) years.set(Number(m[1]), m[2] ?? "");
  return { total: head, years };
};

/**
 * A sum of amounts in тис. грн, rid of the float's noise: to the kopeck (five decimals), as a plan kept in hryvnias
 * prints them («348 750,50 грн» is 348.7505 тис. грн).
 *
 * @example roundMoney(0.1 + 0.2) // 0.3
 * @example roundMoney(348.7505) // 348.7505
 */
export const roundMoney = (n: number): number => Math.round(n * 1e5) / 1e5;

/**
 * Turns printed rows into budget lines: one line per funding source printed in the row's source cell.
 *
 * @example toBudgetLines([{ executor: "служба", source: "обласний бюджет", total: "200", years: ["40","-"], line: 1 }], [2024, 2025], ...)
 */
export const toBudgetLines = (
  rows: ReadonlyArray<RawBudgetRow>,
  years: ReadonlyArray<number>,
  path: ReadonlyArray<string>,
  anomalies: Anomalies,
): BudgetLine[] => {
  const out: BudgetLine[] = [];
  for (const stacked of rows) {
    for (const row of unstack(stacked)) out.push(...linesOf(row, years, path, anomalies));
  }
  return out;
};

// Words that open the name of a funding source, in the nominative: «державний бюджет», «бюджети територіальних
// громад», «кошти …» («кошти державного бюджету» is one source).
const sourceOpener =
  /(?:^|\s)(?=(?:державн|обласн|районн|місцев|міськ|сільськ|селищн)(?:ий|і)\s+бюджет|бюджети?\s+(?:територіальн|громад|міст|сіл|селищ|об['’ʼ]єднан)|кошти\s|інші\s+джерел|власні\s+кошти|позабюджетн|небюджетн)/giu;

/**
 * The funding sources printed one under another in one cell, even where the lines ran together
 * («державний бюджет бюджети територіальних громад»): split by line and before each source's opening words.
 *
 * @example splitSources("державний бюджет бюджети територіальних громад") // ["державний бюджет", "бюджети територіальних громад"]
 */
export const splitSources = (cell: string): string[] =>
  cell
    .split("\n")
    .flatMap((line) => line.replace(sourceOpener, (m) => (m.trim() === "" && m !== "" ? "\n" : m)).split("\n"))
    .map(squash)
    .filter((x) => x !== "");

/**
 * The amounts printed one under another in one cell («42 000,0» over «18 000,0», read as one line
 * «42 000,0 18 000,0»): each with its decimal part, or one a line; «–» counts as one. Null when the cell
 * is not such a stack.
 *
 * @example splitAmounts("320 000,0 35 000,0") // ["320 000,0", "35 000,0"]
 */
export const splitAmounts = (cell: string): string[] | null => {
  const t = squash(cell.replace(/\n/g, " \n "));
  if (t === "") return [];
  const lines = cell.split("\n").map(squash).filter((x) => x !== "");
  if (lines.length > 1 && lines.every((l) => readAmount(l).ok)) return lines;
  const parts = t.replace(/\s*\n\s*/g, " ").match(/[-–—]|\d{1,3}(?:[\s\u00a0]\d{3})*[.,]\d+|\d+[.,]\d+/gu);
  if (parts === null || parts.join("").replace(/\s/g, "") !== t.replace(/\s/g, "")) return null;
  return parts;
};

/**
 * A money row whose source cell stacks several sources and whose amount cells stack as many amounts each:
 * one row per source, in the order printed. Any other row as it is.
 */
const unstack = (row: RawBudgetRow): RawBudgetRow[] => {
  const cells = [row.total, ...row.years];
  const n = Math.max(0, ...cells.map((c) => splitAmounts(c)?.length ?? 0));
  // A lone «–» in a year's cell of a stacked row stands for none from every source that year.
  const split = cells.map((c) => {
    const parts = splitAmounts(c);
    return parts !== null && parts.length === 1 && /^[-–—]$/u.test(parts[0] ?? "") ? Array.from({ length: n }, () => "–") : parts;
  });
  if (n < 2 || split.some((p) => p === null || (p.length !== n && p.length !== 0))) return [row];
  const sources = splitSources(row.source);
  if (sources.length !== n) return [row];
  return sources.map((source, i) => ({
    ...row,
    source,
    total: split[0]?.[i] ?? "",
    years: row.years.map((_, k) => split[k + 1]?.[i] ?? ""),
  }));
};

/** One money row read: one line per source; several sources in one cell share no amount. */
const linesOf = (row: RawBudgetRow, years: ReadonlyArray<number>, path: ReadonlyArray<string>, anomalies: Anomalies): BudgetLine[] => {
  const out: BudgetLine[] = [];
  const sources = row.source.split("\n").map(squash).filter((s) => s !== "");
  const total = readAmount(row.total);
  const byYear: Record<string, number> = {};
  const unreadable: string[] = [];
  if (!total.ok) unreadable.push(squash(row.total));
  years.forEach((year, i) => {
    const amount = readAmount(row.years[i] ?? "");
    if (!amount.ok) unreadable.push(squash(row.years[i] ?? ""));
    if (amount.value !== null) byYear[String(year)] = amount.value;
  });
  if (unreadable.length > 0) {
    anomalies.add("budget-unreadable", where(path, row.line), `Нечитані суми: ${unreadable.join(", ")} / unreadable amounts`);
  }
  const executor = readExecutors(row.executor).executors.map((e) => e.name).join(", ");
  const amounts = Object.values(byYear);
  if (total.value !== null && amounts.length > 0) {
    const sum = roundMoney(amounts.reduce((a, b) => a + b, 0));
    if (sum !== total.value) {
      anomalies.add(
        "budget-line-mismatch",
        where(path, row.line),
        `Усього ${total.value} ≠ сума за роками ${sum} (${executor}) / line total ${total.value} differs from the sum of its years ${sum}`,
      );
    }
  }
  for (const source of sources.length === 0 ? [""] : sources) {
    // Several sources in one cell share the printed amounts only when there is one source.
    const shared = sources.length <= 1;
    out.push({ executor, source, total: shared ? total.value : null, byYear: shared ? byYear : {} });
  }
  return out;
};

const executorKey = (text: string): string =>
  squash(
    (text.replace(/^\s*всього[\s,:]*/iu, "").split(/[,\n]/)[0] ?? "")
      .toLowerCase()
      .replace(/облдержадміністрації|в\s*т\.\s*ч\.?:?/gu, " ")
      .replace(/[,.:;]/g, " "),
  );

const stems = (text: string): string[] =>
  text
    .toLowerCase()
    .split(/[^\p{L}'’-]+/u)
    .filter((w) => w.length >= 5)
    .slice(0, 4)
    .map((w) => w.slice(0, 6));

/** A measure as the totals check sees it. */
export interface MeasureMoney {
  readonly title: string;
  readonly budget: ReadonlyArray<BudgetLine>;
}

/**
 * Checks every stated total against the lines it covers and reports each figure that differs, with both
 * figures. "Всього, X" covers the lines of executor X; "- X" right after it covers the lines of measures
 * naming X; a bare "Всього" covers every line.
 */
export const checkStatedTotals = (
  stated: ReadonlyArray<StatedTotal>,
  measures: ReadonlyArray<MeasureMoney>,
  years: ReadonlyArray<number>,
  anomalies: Anomalies,
): void => {
  const all = measures.flatMap((m) => m.budget.map((line) => ({ line, title: m.title })));
  let parentKey: string | null = null;
  for (const row of stated) {
    const label = squash(row.label);
    let covered: typeof all;
    if (row.measures !== undefined) {
      covered = measures.slice(row.measures.from, row.measures.to).flatMap((m) => m.budget.map((line) => ({ line, title: m.title })));
    } else if (/^всього[\s,:]*$/iu.test(label)) {
      covered = all;
    } else if (/^[-–—]\s*/u.test(label)) {
      const want = stems(label.replace(/^[-–—]\s*/u, ""));
      covered = all.filter(
        (x) =>
          (parentKey === null || executorKey(x.line.executor) === parentKey) &&
          want.every((stem) => x.title.toLowerCase().includes(stem)),
      );
    } else {
      const key = executorKey(label);
      parentKey = key;
      covered = all.filter((x) => {
        const k = executorKey(x.line.executor);
        return k !== "" && (k === key || k.startsWith(key) || key.startsWith(k));
      });
    }
    const sumOf = (pick: (l: BudgetLine) => number | null): number | null => {
      const values = covered.map((x) => pick(x.line)).filter((v): v is number => v !== null);
      return values.length === 0 ? null : roundMoney(values.reduce((a, b) => a + b, 0));
    };
    const figures: Array<{ column: string; stated: number | null; computed: number | null }> = [
      { column: "усього", stated: readAmount(row.total).value, computed: sumOf((l) => l.total) },
      ...years.map((year, i) => ({
        column: String(year),
        stated: readAmount(row.years[i] ?? "").value,
        computed: sumOf((l) => l.byYear[String(year)] ?? null),
      })),
    ];
    for (const f of figures) {
      if (f.stated === null || f.stated === f.computed) continue;
      anomalies.add(
        "budget-total-mismatch",
        where([`«${label}»`, f.column], row.line),
        `Зазначено ${f.stated}, сума рядків ${f.computed ?? 0} / stated ${f.stated}, lines sum to ${f.computed ?? 0}`,
      );
    }
  }
};
