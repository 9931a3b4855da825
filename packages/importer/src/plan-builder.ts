/**
 * @module Collects what a layout reads (sections, tasks, measures as printed) and turns it into the
 * interchange `PlanDocument`: labels checked, repeated rows dropped, cells read into executors, terms,
 * targets and budget lines. Every layout feeds the same builder, so every layout reports alike.
 */
import type { Anomaly, MeasureDoc, PlanDocument, PlanHeader, SectionDoc, Term } from "@planledger/domain";
import { Anomalies, where } from "./facts/anomalies.js";
import { type RawBudgetRow, checkStatedTotals, type StatedTotal, toBudgetLines } from "./facts/budget.js";
import { readExecutors } from "./facts/executors.js";
import { type LabelValue, readArabic, readRoman } from "./facts/labels.js";
import { readTargets } from "./facts/targets.js";
import { readTerm, startToEnd } from "./facts/term.js";
import { joinSplit, squash } from "./text/clean.js";

/** A measure as printed: cells joined back across page breaks, not yet interpreted. */
export interface RawMeasure {
  label: string;
  title: string;
  term: string;
  executors: string;
  indicator: string;
  readonly budget: RawBudgetRow[];
  readonly line: number;
  /** The title as printed in its first row: what a repeated row is compared by. */
  readonly firstTitle: string;
}

interface RawTask {
  label: string;
  title: string;
  readonly line: number;
  readonly implicit: boolean;
  readonly measures: RawMeasure[];
}

interface RawSection {
  readonly label: string;
  title: string;
  readonly line: number;
  readonly tasks: RawTask[];
}

/** The text fields of a measure that a continuation row can extend. */
export type MeasureField = "title" | "term" | "executors" | "indicator";

/** How the builder reads terms and checks money, per layout. */
export interface FinishOptions {
  /** Years of the budget columns, in column order. */
  readonly years?: ReadonlyArray<number>;
  /** Stated "Всього" rows to check against the lines. */
  readonly statedTotals?: ReadonlyArray<StatedTotal>;
  /** A document without a term column: measures run over the plan's period. */
  readonly termless?: boolean;
  /**
   * The plan's years, for a term that prints none ("I кв.", "протягом року"): used only when the term cannot be
   * read without them. The seed layouts do not pass it, so their terms read exactly as they always have.
   */
  readonly termYears?: { readonly from: number; readonly to: number };
}

const measureLabel = /^\s*(\d{1,2}|[бзБЗ])\s*[.)]\s*/u;

/**
 * Splits "10) надання послуги" into its printed label and title.
 *
 * @example splitLabel("б) забезпечення") // { label: "б)", title: "забезпечення" }
 */
export const splitLabel = (cell: string): { label: string; title: string } | null => {
  const m = measureLabel.exec(cell);
  if (m === null) return null;
  return { label: squash(m[0]).replace(/\s+/g, ""), title: cell.slice(m[0].length).trim() };
};

const lineOf = (a: Anomaly): number => Number(/рядок (\d+)/u.exec(a.where)?.[1] ?? 0);

// Document order reads best; facts about the whole document (no line) come first.
const byLine = (list: ReadonlyArray<Anomaly>): Anomaly[] =>
  list.map((a, i) => ({ a, i })).sort((x, y) => lineOf(x.a) - lineOf(y.a) || x.i - y.i).map((x) => x.a);

/** Accumulates one document. */
export class PlanBuilder {
  readonly anomalies = new Anomalies();
  private readonly sections: RawSection[] = [];
  private current: RawMeasure | null = null;
  private skipping = false;

  section(label: string, title: string, line: number): void {
    this.sections.push({ label: squash(label), title: squash(title), line, tasks: [] });
    this.current = null;
    this.skipping = false;
  }

  task(label: string, title: string, line: number): void {
    this.ensureSection(line).tasks.push({ label: squash(label), title: squash(title), line, implicit: false, measures: [] });
    this.current = null;
    this.skipping = false;
  }

  /** Extends the title of the task being read (a task title split across a page break). */
  appendTaskTitle(text: string): void {
    const task = this.lastTask();
    if (task !== undefined && !this.skipping) task.title = joinSplit(task.title, text);
  }

  /**
   * Starts a measure. A row that repeats an earlier measure of the same task (same label and title) is
   * kept once and reported; whatever continues it is dropped with it.
   */
  measure(label: string, cells: { title: string; term?: string; executors?: string; indicator?: string }, line: number): RawMeasure | null {
    const section = this.ensureSection(line);
    let task = section.tasks[section.tasks.length - 1];
    if (task === undefined) {
      // A section printed with measures but no task of its own ("1. Правова підтримка та захист").
      task = { label: "", title: section.title, line, implicit: true, measures: [] };
      section.tasks.push(task);
    }
    const title = squash(cells.title);
    const repeated = task.measures.find(
      (m) => m.label === squash(label) && squash(m.firstTitle).toLowerCase() === title.toLowerCase(),
    );
    if (repeated !== undefined) {
      this.anomalies.add(
        "repeated-row",
        where(this.path(section, task, label), line),
        `Рядок повторює захід з рядка ${repeated.line}; залишено один / row repeats the measure of line ${repeated.line}; kept once`,
      );
      this.skipping = true;
      this.current = null;
      return null;
    }
    const m: RawMeasure = {
      label: squash(label),
      title,
      term: cells.term ?? "",
      executors: cells.executors ?? "",
      indicator: cells.indicator ?? "",
      budget: [],
      line,
      firstTitle: title,
    };
    task.measures.push(m);
    this.current = m;
    this.skipping = false;
    return m;
  }

  /** The measure being read, or null (none yet, or a repeated row being skipped). */
  last(): RawMeasure | null {
    return this.skipping ? null : this.current;
  }

  /** Joins a continuation cell to a field of the measure being read. */
  append(field: MeasureField, text: string, separator: "split" | "newline" = "split"): void {
    const m = this.last();
    if (m === null || text.trim() === "") return;
    m[field] = separator === "newline" && m[field] !== "" ? `${m[field]}\n${text.trim()}` : joinSplit(m[field], text);
  }

  /** Where the builder is, for anomalies raised by a layout. */
  here(label?: string): string[] {
    const section = this.sections[this.sections.length - 1];
    const task = section?.tasks[section.tasks.length - 1];
    return this.path(section, task, label ?? this.current?.label ?? "");
  }

  hasMeasures(): boolean {
    return this.sections.some((s) => s.tasks.some((t) => t.measures.length > 0));
  }

  finish(header: PlanHeader, options: FinishOptions = {}): PlanDocument {
    this.checkLabels();
    const years = options.years ?? [];
    const sections: SectionDoc[] = this.sections.map((section) => ({
      label: section.label,
      title: section.title,
      tasks: section.tasks.map((task) => ({
        label: task.label,
        title: task.title,
        measures: task.measures.map((m, i): MeasureDoc => {
          const path = this.path(section, task, m.label);
          const executors = readExecutors(m.executors);
          if (executors.strayConsent) {
            this.anomalies.add(
              "stray-consent",
              where(path, m.line),
              "«(за згодою)» на початку клітинки виконавців не стосується жодної організації / “(за згодою)” opens the executors cell and belongs to no organisation",
            );
          }
          const indicatorText = squash(m.indicator);
          return {
            label: m.label,
            ordinal: i + 1,
            title: squash(m.title),
            term: this.term(m, header, path, options.termless === true, options.termYears),
            executors: [...executors.executors],
            indicator: { text: indicatorText, targets: [...readTargets(indicatorText)] },
            budget: toBudgetLines(m.budget, years, path, this.anomalies),
          };
        }),
      })),
    }));
    if (options.statedTotals !== undefined) {
      checkStatedTotals(
        options.statedTotals,
        sections.flatMap((s) => s.tasks.flatMap((t) => t.measures)),
        years,
        this.anomalies,
      );
    }
    return { plan: header, sections, anomalies: byLine(this.anomalies.list) };
  }

  private term(m: RawMeasure, header: PlanHeader, path: string[], termless: boolean, years?: { readonly from: number; readonly to: number }): Term {
    const text = startToEnd(squash(m.term));
    if (text === "" && termless && header.period.from !== null && header.period.to !== null) {
      return { kind: "interval", text: "", from: `${header.period.from}-01-01`, to: `${header.period.to}-12-31` } as Term;
    }
    const plain = readTerm(text);
    const term = plain.kind === "unparsed" && years !== undefined && text !== "" ? readTerm(text, { period: years }) : plain;
    if (term.kind === "unparsed") {
      this.anomalies.add(
        "unparsed-term",
        where(path, m.line),
        text === "" ? "Термін не надруковано / no term printed" : `Термін «${text}» не розпізнано / term not understood`,
      );
    }
    return term;
  }

  private ensureSection(line: number): RawSection {
    let section = this.sections[this.sections.length - 1];
    if (section === undefined) {
      section = { label: "", title: "", line, tasks: [] };
      this.sections.push(section);
      this.anomalies.add("missing-label", where([], line), "Заходи до першого розділу / measures before any section");
    }
    return section;
  }

  private lastTask(): RawTask | undefined {
    const section = this.sections[this.sections.length - 1];
    return section?.tasks[section.tasks.length - 1];
  }

  private path(section: RawSection | undefined, task: RawTask | undefined, measure: string): string[] {
    return [section?.label ?? "", task?.implicit === true ? "" : (task?.label ?? ""), measure];
  }

  private checkLabels(): void {
    const sequence = (
      items: ReadonlyArray<{ label: string; line: number; path: string[] }>,
      read: (label: string) => LabelValue,
      what: string,
      startAfter: number,
    ): number => {
      let prev = startAfter;
      const seen = new Set<number>();
      for (const item of items) {
        if (item.label === "") {
          this.anomalies.add("missing-label", where(item.path, item.line), `Номер не надруковано (${what}) / printed without a number`);
          prev++;
          continue;
        }
        const v = read(item.label);
        if (v.ocr !== null) {
          this.anomalies.add("ocr-label", where(item.path, item.line), `Номер «${item.label}» прочитано як ${v.ocr} (схоже на OCR) / label “${item.label}” read as ${v.ocr}`);
        }
        if (v.value === null) continue;
        if (seen.has(v.value)) {
          this.anomalies.add("duplicate-label", where(item.path, item.line), `Номер ${item.label} уже був (${what}) / label ${item.label} printed twice`);
        } else if (v.value > prev + 1) {
          const gap = v.value - prev - 1 === 1 ? `${prev + 1}` : `${prev + 1}–${v.value - 1}`;
          this.anomalies.add("skipped-label", where(item.path, item.line), `Пропущено номер(и) ${gap} перед ${item.label} / label(s) ${gap} skipped`);
        } else if (v.value < prev) {
          this.anomalies.add("duplicate-label", where(item.path, item.line), `Номер ${item.label} після ${prev}: порушено порядок / label ${item.label} out of order after ${prev}`);
        }
        seen.add(v.value);
        prev = v.value;
      }
      return prev;
    };
    sequence(
      this.sections.map((s) => ({ label: s.label, line: s.line, path: [s.label] })),
      readRoman,
      "розділ",
      0,
    );
    let lastMeasure = 0;
    for (const section of this.sections) {
      sequence(
        section.tasks.filter((t) => !t.implicit).map((t) => ({ label: t.label, line: t.line, path: [section.label, t.label] })),
        readArabic,
        "завдання",
        0,
      );
      for (const task of section.tasks) {
        const first = task.measures[0];
        // Numbering either restarts in each task or runs through the document (plan № 852).
        const restarts = first === undefined || readArabic(first.label).value === 1;
        lastMeasure = sequence(
          task.measures.map((m) => ({ label: m.label, line: m.line, path: this.path(section, task, m.label) })),
          readArabic,
          "захід",
          restarts ? 0 : lastMeasure,
        );
      }
    }
  }
}
