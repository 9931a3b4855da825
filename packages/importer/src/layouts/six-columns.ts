/**
 * @module The six columns of plans № 1003 and № 328 (№, task, measure, term, executors, indicator), read
 * row by row whatever the dump did to them: rows shifted left, a missing first column after a page
 * break, cells continued on the next page.
 */
import type { PlanBuilder } from "../plan-builder.js";
import { squash } from "../text/clean.js";

/** A row of cells, markup already removed. */
export interface Row6 {
  readonly cells: ReadonlyArray<string>;
  readonly line: number;
}

const COLUMNS = 6;
const sectionHeading = /^([IVXLІУХ]+)\.\s*(\S.*)$/u;
const measureStart = /^\s*(\d{1,2}|[бзБЗ])\s*\)\s*(\S[\s\S]*)$/u;

/**
 * A section heading printed as "IV. Кадрове забезпечення …" (Roman, possibly OCR-ed Cyrillic).
 *
 * @example readSectionHeading("ІУ. Кадрове забезпечення") // { label: "ІУ.", title: "Кадрове забезпечення" }
 */
export const readSectionHeading = (text: string): { label: string; title: string } | null => {
  const m = sectionHeading.exec(squash(text));
  return m === null ? null : { label: `${m[1]}.`, title: m[2] ?? "" };
};

/**
 * Feeds one six-column row into the builder.
 *
 * @example readRow6({ cells: ["1.", "Створення …", "1) проведення …", "щокварталу", "…", "…"], line: 54 }, builder)
 */
export const readRow6 = (row: Row6, b: PlanBuilder): void => {
  const cells = row.cells.map(squash);
  if (cells.every((c) => c === "")) return;
  const section = readSectionHeading(cells[0] ?? "");
  if (section !== null && cells.slice(1).every((c) => c === "")) {
    b.section(section.label, section.title, row.line);
    return;
  }
  const m = cells.findIndex((c) => measureStart.test(c));
  if (m >= 0) {
    const taskLabel = m >= 2 ? (cells[m - 2] ?? "") : "";
    const taskTitle = m >= 1 ? (cells[m - 1] ?? "") : "";
    if (taskLabel !== "" || taskTitle !== "") b.task(taskLabel, taskTitle, row.line);
    const rest = cells.slice(m + 1);
    // A row shifted left by the dump pads itself with empty cells on either side of the three it has.
    while (rest.length > 3 && rest[rest.length - 1] === "") rest.pop();
    while (rest.length > 3 && rest[0] === "") rest.shift();
    const parts = measureStart.exec(cells[m] ?? "");
    b.measure(`${parts?.[1] ?? ""})`, { title: parts?.[2] ?? "", term: rest[0] ?? "", executors: rest[1] ?? "", indicator: rest[2] ?? "" }, row.line);
    return;
  }
  // No measure in the row: it continues the row before it (a page broke it). A page without the first
  // column aligns to the right.
  const aligned = cells.length < COLUMNS ? [...Array<string>(COLUMNS - cells.length).fill(""), ...cells] : cells;
  const [label = "", taskTitle = "", title = "", term = "", executors = "", indicator = ""] = aligned;
  if (label !== "" && taskTitle !== "") {
    b.task(label, taskTitle, row.line);
    return;
  }
  b.appendTaskTitle(taskTitle);
  b.append("title", title);
  b.append("term", term);
  b.append("executors", executors);
  b.append("indicator", indicator);
};
