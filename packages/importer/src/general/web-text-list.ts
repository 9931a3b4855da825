/**
 * @module A plan printed as a numbered list rather than a table, as zakon.rada.gov.ua shows many Cabinet and ministry
 * orders: no header row at all, each point «1. Розроблення …» on a line of its own, then the bodies that carry it out
 * one a line, then its term; sections «I. …» between the points. The fields are known only by their place in each
 * point, so this finds such a list and gives it the table it stands for — the header supplied, and said to be
 * (`headerInferred`) — for the general table reader to read as any other web copy.
 */
import type { GridCell } from "./grid.js";
import { leadingLabel, sectionHeading } from "./vocabulary.js";
import type { WebParagraph } from "./web-text-paragraphs.js";
import { tableEnd } from "./web-text-paragraphs.js";
import type { WebGridRow } from "./web-text-rows.js";

/** A point of the list: its line, the text after its number, and the lines under it up to the next point or heading. */
interface Point {
  readonly label: string;
  readonly title: string;
  readonly line: number;
  readonly under: ReadonlyArray<WebParagraph>;
}

type Item = { readonly heading: WebParagraph } | { readonly point: Point };

/** The rows of a list read as a table: the header row supplied first, then a row per heading and per point. */
export interface ListedPlan {
  /** Index of the first paragraph of the list and of the first after it. */
  readonly start: number;
  readonly end: number;
  readonly rows: ReadonlyArray<WebGridRow>;
}

// «Строк — IV квартал 2026 р.», «Строк виконання: щороку»: a term may carry its caption on its line.
const termCaption = /^строк(?:и)?(?:\s+виконання)?\s*[:—–-]\s*/iu;
const isTerm = (p: WebParagraph): boolean => p.kind === "term" || (termCaption.test(p.text) && p.text.length <= 120);
const numberOf = (label: string): number => Number(/(\d+)[.)]?$/.exec(label)?.[1] ?? Number.NaN);
// A heading printed without a number between two points: short, opening in a capital, no full stop or list mark.
const readsAsBareHeading = (p: WebParagraph): boolean =>
  p.kind === "text" && p.text.length <= 150 && /^\p{Lu}/u.test(p.text) && !/[.;:,]$/u.test(p.text);

const cell = (text: string, line: number, colSpan = 1): GridCell => ({ text, colSpan, place: { line } });

/**
 * Finds a plan printed as a numbered list with no header row, in a web copy's paragraphs: after «ПЛАН» (the order's own
 * points above it are no measures), at least three points numbered in sequence (through the plan or again from 1 under
 * each heading), two in three of them with the bodies under them and a term last. Null when the paragraphs do not read so.
 *
 * @example findListedPlan(paragraphs)?.rows[1]?.cells.map((c) => c.text) // ["1.", "Розроблення …", "Директорат …\nЮридичний департамент", "II квартал 2026 р.", ""]
 */
export const findListedPlan = (ps: ReadonlyArray<WebParagraph>): ListedPlan | null => {
  const title = ps.findLastIndex((p) => /^план(?:\s|$)/iu.test(p.text) && p.text.length <= 300);
  const opens = (p: WebParagraph): boolean => sectionHeading(p.text) !== null || p.kind === "labelled";
  const start = ps.findIndex((p, i) => i > title && opens(p));
  if (start === -1) return null;
  const end = tableEnd(ps, start);
  const items: Item[] = [];
  for (let i = start; i < end; i++) {
    const p = ps[i];
    if (p === undefined) break;
    if (sectionHeading(p.text) !== null && p.kind !== "labelled") {
      items.push({ heading: p });
      continue;
    }
    const label = p.kind === "labelled" ? leadingLabel(p.text) : null;
    if (label === null) return null;
    let j = i + 1;
    while (j < end && ps[j]?.kind !== "labelled" && sectionHeading(ps[j]?.text ?? "") === null) j++;
    items.push({ point: { label: label.label, title: label.rest, line: p.line, under: ps.slice(i + 1, j) } });
    i = j - 1;
  }
  const points = items.flatMap((it) => ("point" in it ? [it.point] : []));
  if (points.length < 3) return null;
  // Numbered in sequence: through the plan, or from 1 again after a heading.
  let previous = 0;
  for (const it of items) {
    if ("heading" in it) continue;
    const n = numberOf(it.point.label);
    if (n !== previous + 1 && n !== 1) return null;
    previous = n;
  }
  const shaped = points.filter((pt) => {
    const t = pt.under.findLastIndex(isTerm);
    return t > 0 && pt.under.slice(0, t).every((q) => q.text.length <= 250);
  });
  if (shaped.length * 3 < points.length * 2) return null;
  // Lines after the term are the point's result where most points print one, or where any of them does not read as a
  // heading; else each is a heading printed without a number before the next point («Нормативне забезпечення»).
  const trailing = (pt: Point): ReadonlyArray<WebParagraph> => pt.under.slice(pt.under.findLastIndex(isTerm) + 1);
  const withResult = points.filter((pt) => pt.under.some(isTerm) && trailing(pt).length > 0).length;
  const results = withResult * 2 >= points.length || points.some((pt) => trailing(pt).some((q) => !readsAsBareHeading(q)));
  // The first of such headings stands right above the first point, under the plan's title.
  const above = ps[start - 1];
  const headedAbove = !results && points.some((pt) => trailing(pt).length > 0) && start - 1 > title && above !== undefined && readsAsBareHeading(above);
  if (headedAbove) items.unshift({ heading: above });
  const width = results ? 5 : 4;
  const rows: WebGridRow[] = [
    {
      cells: ["№ з/п", "Найменування заходу", "Відповідальні за виконання", "Строк виконання", ...(results ? ["Очікуваний результат"] : [])].map((h) =>
        cell(h, ps[start]?.line ?? 0),
      ),
      place: { line: ps[start]?.line ?? 0 },
    },
  ];
  for (const it of items) {
    if ("heading" in it) {
      rows.push({ cells: [cell(it.heading.text, it.heading.line, width)], place: { line: it.heading.line } });
      continue;
    }
    const pt = it.point;
    const t = pt.under.findLastIndex(isTerm);
    const executors = t === -1 ? pt.under : pt.under.slice(0, t);
    const after = t === -1 ? [] : pt.under.slice(t + 1);
    const term = t === -1 ? undefined : pt.under[t];
    const own = [
      cell(pt.label, pt.line),
      cell(pt.title, pt.line),
      cell(executors.map((q) => q.text).join("\n"), executors[0]?.line ?? pt.line),
      cell(term === undefined ? "" : term.text.replace(termCaption, ""), term?.line ?? pt.line),
    ];
    if (results) own.push(cell(after.map((q) => q.text).join("\n"), after[0]?.line ?? pt.line));
    rows.push({ cells: own, place: { line: pt.line } });
    if (!results) for (const q of after) rows.push({ cells: [cell(q.text, q.line, width)], place: { line: q.line } });
  }
  return { start: headedAbove ? start - 1 : start, end, rows };
};
