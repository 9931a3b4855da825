/**
 * @module Rebuilding table rows from the paragraphs of a web copy, where nothing marks a row's end and an
 * empty cell leaves no trace. Headings and editors' notes that span the row are found first; between
 * them, every paragraph is placed by the best-scoring path through the columns (a Viterbi search): it
 * continues the cell before it, fills a later column of the same row (skipping the columns between as
 * empty), starts a new row, or is a heading row of its own. Scores come from the column's expected kind
 * of value (header words), what the column held in the rows read so far, and how often it is filled, so
 * a missing term is skipped instead of the executors sliding into its place.
 */
import type { GridCell, GridRow } from "./grid.js";
import { isContinuationMark, leadingLabel, sectionHeading } from "./vocabulary.js";
import type { ColumnKind, WebColumn } from "./web-text-header.js";
import type { ParagraphKind, WebParagraph } from "./web-text-paragraphs.js";

/**
 * Why a rebuilt row is not certain, for the reader to lower its confidence:
 * - `skipped`: `column` was left empty although that column is usually filled (the paragraph that came
 *   next fitted a later column better);
 * - `continued`: the paragraph on `line` was added to the cell of `column` though it could also have been
 *   the next cell;
 * - `heading`: the paragraph was taken for a heading spanning the row only because a label follows it.
 */
export interface RowDoubt {
  readonly kind: "skipped" | "continued" | "heading";
  /** 0-based grid column. */
  readonly column?: number;
  readonly line: number;
  readonly note: string;
}

/** A grid row with the doubts of its rebuilding; `doubt` is absent when the row is certain. */
export interface WebGridRow extends GridRow {
  readonly doubt?: ReadonlyArray<RowDoubt>;
}

/** A column's habits, learned from rows already rebuilt. */
interface Profile {
  fill: number;
  readonly kinds: Map<ParagraphKind, number>;
  total: number;
}

const priorFill: Record<ColumnKind, number> = {
  label: 0.7,
  title: 0.95,
  text: 0.8,
  executors: 0.9,
  term: 0.85,
  source: 0.6,
  amount: 0.6,
  any: 0.5,
};

// "Impossible" stays finite so that a copy no column fits still gets a path (with a doubt on it).
const NO = -30;
const noMoney = /не\s+потребу|в\s+межах|кошторис|не\s+передбач|без\s+фінанс|фінансування\s+не|поточн\p{L}*\s+фінанс/iu;
const isYear = (t: string): boolean => /^(?:19|20)\d{2}$/.test(t);
// A paragraph that opens as a funding source does — «державний бюджет», «місцеві бюджети», «кошти міжнародної технічної
// допомоги», «у межах видатків …», «не потребує фінансування» — is a source's cell, never a term or a list of executors
// («Головні розпорядники бюджетних коштів», which names money too, does not open so).
const opensAsSource =
  /^(?:(?:державн|місцев|обласн|районн|міськ|сільськ|селищн)\p{L}*\s+бюджет|бюджет(?:и|у)?\s|кошти\s|(?:інші|власні)\s+(?:джерела|кошти)|не\s+потребу\p{L}*\s+фінансуван|(?:у|в)\s+межах\s+(?:видатків|коштів|бюджетних|кошторисн|асигнувань|фінансування))/iu;

// A citation of an act of EU law — «Директива 2008/98/ЄС …», «Регламент (ЄС) 2023/1542 …», «CELEX 32008L0098» — fills a
// column the header does not name (an «Акт права ЄС (acquis ЄС)» column), not the measure's text.
const actOfEuLaw =
  /^(?:(?:делегований\s+|імплементаційний\s+)?(?:директива|регламент|рішення|рекомендація)\s*(?:\((?:ЄС|ЄЕС|Євратом|Євроатом)\)\s*)?(?:(?:Ради|Комісії|Європейського\s+Парламенту\s+(?:та|і)\s+Ради)\s+)?(?:№\s*)?\d{2,4}\/\d{1,4}|celex\s*:?\s*\d)/iu;

const priorFit = (p: WebParagraph, kind: ColumnKind): number => {
  const k = p.kind;
  if (actOfEuLaw.test(p.text) && (kind === "any" || kind === "title" || kind === "text")) return kind === "any" ? 2 : -2;
  if (k === "note") return kind === "label" || kind === "amount" ? NO : 0;
  switch (kind) {
    case "label":
      return k === "label" ? 3 : k === "integer" && p.text.length <= 3 ? 2 : NO;
    case "amount":
      if (k === "amount" || k === "integer") return 3;
      if (k === "ditto") return 1;
      return noMoney.test(p.text) ? 0.5 : NO;
    case "term":
      if (k === "term") return 3;
      if (k === "integer" && isYear(p.text)) return 2.5;
      if (k === "ditto") return 1.5;
      if (k === "source" && opensAsSource.test(p.text)) return -4;
      if ((k === "text" || k === "source") && p.text.length <= 60) return -0.5;
      if (k === "executors") return -2;
      return NO;
    case "executors":
      if (k === "executors") return 3;
      if (k === "ditto") return 1.5;
      // «–» alone: nobody besides (an empty «Співвиконавці» cell printed so), not the next column's first words.
      if (/^[-–—]$/u.test(p.text)) return 1;
      if (k === "text") return p.text.length <= 300 ? 0.5 : -1;
      if (k === "source") return opensAsSource.test(p.text) ? -4 : 0;
      if (k === "term") return -2.5;
      if (k === "labelled") return -3;
      return NO;
    case "source":
      if (k === "source") return 3;
      if (k === "ditto") return 1.5;
      // «–» as the source: no money for the measure (its amounts «–» too), as a Cabinet table prints it.
      if (k === "amount" && /^[-–—]$/u.test(p.text)) return 1;
      if (k === "text") return p.text.length <= 120 ? 0 : -2;
      if (k === "executors") return -0.5;
      if (k === "term") return -2;
      return NO;
    case "title":
      if (k === "labelled") return 2.5;
      if (k === "text") return 1.2;
      if (k === "executors") return 0.8;
      if (k === "source" || k === "ditto") return 0.3;
      if (k === "term") return -1.5;
      return NO;
    case "text":
      if (k === "text") return 1;
      if (k === "executors") return 0.7;
      if (k === "ditto") return 0.5;
      if (k === "labelled") return 0.3;
      if (k === "source") return 0.2;
      if (k === "term") return -0.5;
      if (k === "integer" || k === "amount") return -1.5;
      return NO;
    case "any":
      return 0;
    default: {
      const _: never = kind;
      return _;
    }
  }
};

// The suffix of a point inserted by an amendment: "8-1.", "8¹.".
const insertedSuffix = /(?:-\d{1,2}|[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,2})$/u;

/** How a label closes: ")" for "1)", "." for "1." and "1.1" alike. */
const closing = (label: string): string => (label.endsWith(")") ? ")" : ".");

const numbersOf = (label: string): number[] =>
  label
    .replace(/[.)]$/, "")
    .replace(insertedSuffix, "")
    .split(".")
    .map(Number);

/**
 * True when `label` can follow `previous` in a numbering: 3 after 2, 2.1 after 2 or 1.4, 3 after 2.4; an
 * inserted point after its base or another insert there (8-1 after 8, 8-2 after 8-1), and 9 after 8-1.
 */
const follows = (label: string, previous: string | null): boolean => {
  if (!/^\d/.test(label)) return false;
  if (insertedSuffix.test(label.replace(/[.)]$/, ""))) {
    if (previous === null || !/^\d/.test(previous)) return false;
    const [a, b] = [numbersOf(label), numbersOf(previous)];
    return a.length === b.length && a.every((n, i) => n === b[i]);
  }
  const a = numbersOf(label);
  if (previous === null || !/^\d/.test(previous)) return a.every((n) => n === 1) || a.length === 1;
  const b = numbersOf(previous);
  const last = a[a.length - 1] ?? 0;
  if (a.length === b.length + 1) return last === 1 && a.slice(0, -1).every((n, i) => n === b[i]);
  if (a.length > b.length + 1) return false;
  const prefix = a.slice(0, -1);
  return prefix.every((n, i) => n === b[i]) && last === (b[a.length - 1] ?? 0) + 1;
};

// How strongly the end of a paragraph says its cell goes on: a cell does not end on ":" or mid-phrase.
const openness = (t: string): number => {
  if (/:$/.test(t)) return 2;
  if (/[;,\-–—(]$/.test(t) || /(?:^|\s)(?:та|і|й|з|у|в|на|до|для|щодо)$/u.test(t)) return 1;
  return 0;
};
const yearOnly = /^(?:19|20)\d{2}(?:\s*(?:року|рік|роки|років|р\.?))?$/u;

/**
 * A term cell printed over two paragraphs: the first leaves the term open («щороку,» / «до 1 лютого», «2026–2027 роки,» /
 * «щокварталу») or names no year and the second is only the year («III квартал» / «2026 року», «до 1 грудня» / «2026 року»).
 * The second paragraph is the rest of that term, not a row of its own.
 */
const termGoesOn = (before: WebParagraph | undefined, p: WebParagraph): boolean =>
  before?.kind === "term" && p.kind === "term" && (openness(before.text) > 0 || (!/(?:19|20)\d{2}/.test(before.text) && yearOnly.test(p.text)));
const opensLikeContinuation = (t: string): boolean => /^[\p{Ll}\-–—•·]/u.test(t);

/** True when paragraph `i` is a later field of the same tab-separated line as paragraph `i - 1`. */
const sameLineField = (ps: ReadonlyArray<WebParagraph>, i: number): boolean => {
  const p = ps[i];
  return p?.fieldGap !== undefined && ps[i - 1]?.line === p.line;
};

// The cost of a path that goes against a tab-separated line (a field placed as anything but the next cell).
const LINE_BROKEN = -8;

/** What the search may do with a paragraph. */
type Step = "cont" | "next" | "new" | "head";

interface Back {
  readonly from: number;
  readonly step: Step;
}

interface Context {
  readonly columns: ReadonlyArray<WebColumn>;
  readonly profiles: ReadonlyArray<Profile>;
  readonly labelColumn: number;
  readonly integersAreLabels: boolean;
}

const fit = (ctx: Context, p: WebParagraph, k: number): number => {
  const col = ctx.columns[k];
  const prof = ctx.profiles[k];
  if (col === undefined || prof === undefined) return NO;
  const prior = priorFit(p, col.kind);
  if (prof.total < 3 || prior <= NO) return prior;
  // What the column held so far: a column of "1) …" texts wants the next "2) …", an "any" column learns.
  const share = (prof.kinds.get(p.kind) ?? 0) / prof.total;
  return prior + 2 * share - 0.6;
};

const skip = (ctx: Context, m: number): number => 0.3 + 2.5 * (ctx.profiles[m]?.fill ?? 0.5);

/**
 * The cost of leaving columns `from` … `to - 1` empty. A run of money columns counts as one: a row
 * without money ("кошти Програми ЮНІСЕФ" with no amounts) leaves the total and every year empty at once.
 */
const skipRange = (ctx: Context, from: number, to: number): number => {
  let s = 0;
  for (let m = from; m < to; m++) {
    const runs = m > from && ctx.columns[m]?.kind === "amount" && ctx.columns[m - 1]?.kind === "amount";
    s += runs ? 0.1 : skip(ctx, m);
  }
  return s;
};

const lead = (ctx: Context, k: number): number => {
  let s = 0;
  for (let m = 0; m < k; m++) {
    const kind = ctx.columns[m]?.kind;
    // A row printed under merged cells (a second executor of a measure) leaves its label, task and title empty.
    s += kind === "label" || kind === "title" || kind === "text" || kind === "any" ? 0.15 : skip(ctx, m);
  }
  return s;
};

const trailing = (ctx: Context, j: number): number => skipRange(ctx, j + 1, ctx.columns.length);

const cont = (ctx: Context, p: WebParagraph, prev: WebParagraph | undefined, j: number): number => {
  const kind = ctx.columns[j]?.kind;
  if (kind === undefined || kind === "label" || kind === "amount") return NO;
  if (p.kind === "label" || p.kind === "integer" || p.kind === "amount" || p.kind === "note") return NO;
  const before = prev?.text ?? "";
  // A source's paragraph goes on in no other column's cell (a measure whose executors and term were merged away).
  if (kind !== "source" && kind !== "any" && p.kind === "source" && opensAsSource.test(p.text)) return -4;
  if (kind === "term") return p.kind === "term" || p.text.length <= 40 ? (termGoesOn(prev, p) ? 0.5 : -2.5) : NO;
  // A paragraph citing an act of EU law opens a cell of its own, never goes on in the measure's text.
  if ((kind === "title" || kind === "text") && actOfEuLaw.test(p.text)) return -3;
  let s = -1;
  if (opensLikeContinuation(p.text)) s += 0.8;
  s += 0.8 * openness(before);
  if (p.kind === "labelled") s += before.endsWith(":") || prev?.kind === "labelled" ? 0.5 : -2.5;
  if (kind === "executors") s += reportsResult.test(p.text) ? -3 : p.kind === "executors" ? 1.5 : p.kind === "text" ? 0.3 : -1;
  if ((kind === "title" || kind === "text") && p.kind === "term") s -= 1;
  return s;
};

const rowStart = (ctx: Context, p: WebParagraph, k: number, successor: boolean): number => {
  const f = fit(ctx, p, k);
  if (k === ctx.labelColumn && p.kind === "label") return f + 2 + (successor ? 1.5 : 0);
  if (k === ctx.labelColumn && p.kind === "integer" && ctx.integersAreLabels) return f + (successor ? 2 : 0);
  if (p.kind === "labelled") return f + 1.5;
  // A row without a label of its own is the exception: a second executor or a source under merged cells.
  return f - 2;
};

// A paragraph that reports a result done — a past passive form «затверджено наказ …», «маршрут оприлюднено …», «внесено
// зміни …» — is an indicator's, never the rest of an executors cell, however it opens.
const reportsResult = /(?:^|\s)\p{Ll}{3,}(?:ено|єно|ано|яно|ито|ято|уто)(?=[\s,.;:]|$)/u;

// "Затверджено …", "Проведено …", "Утворено …": a result reported, which an indicator cell says and a heading does not.
const reported = /^\p{L}+[нт]о(?!\p{L})/u;

const headScore = (p: WebParagraph): number =>
  -0.5 +
  (/[.;,:]$/.test(p.text) ? 0 : 0.7) +
  (/^[\p{Lu}«"]/u.test(p.text) ? 0.5 : -2) +
  (p.text.length <= 150 ? 0.3 : 0) +
  (reported.test(p.text) ? -2 : 0);

interface Placed {
  readonly step: Step;
  readonly col: number;
  readonly doubt: boolean;
}

const search = (ctx: Context, block: ReadonlyArray<WebParagraph>, successors: ReadonlyArray<boolean>, headAllowed: ReadonlyArray<boolean>): Placed[] => {
  const n = ctx.columns.length;
  const HEAD = n;
  let scores: number[] = Array.from({ length: n + 1 }, (_, s) => (s === HEAD ? 0 : Number.NEGATIVE_INFINITY));
  const backs: Back[][] = [];
  const localBest: Array<Array<{ chosen: number; other: number }>> = [];
  block.forEach((p, i) => {
    const next: number[] = Array.from({ length: n + 1 }, () => Number.NEGATIVE_INFINITY);
    const back: Back[] = Array.from({ length: n + 1 }, () => ({ from: HEAD, step: "new" as Step }));
    const local: Array<{ chosen: number; other: number }> = Array.from({ length: n + 1 }, () => ({ chosen: 0, other: Number.NEGATIVE_INFINITY }));
    const prev = block[i - 1];
    for (let s = 0; s <= n; s++) {
      const base = scores[s] ?? Number.NEGATIVE_INFINITY;
      if (base === Number.NEGATIVE_INFINITY) continue;
      const options: Array<{ to: number; step: Step; v: number }> = [];
      const trail = s === HEAD ? 0 : trailing(ctx, s);
      const leaving = s === HEAD || prev === undefined ? 0 : openness(prev.text);
      // The next field of a tab-separated line is the next cell of the same row: a later column, past the
      // empty fields between (and past cells a merge above took away, at the usual cost of skipping them).
      // Only where the line cannot be followed (its fields outrun the columns) is anything else tried, at a cost.
      const gap = sameLineField(block, i) ? (p.fieldGap ?? 0) : -1;
      if (gap >= 0 && s < n) {
        for (let k = s + 1 + gap; k < n; k++) options.push({ to: k, step: "next", v: fit(ctx, p, k) - skipRange(ctx, s + 1 + gap, k) });
      }
      if (options.length === 0) {
        const against = gap >= 0 ? LINE_BROKEN : 0;
        if (s < n) {
          options.push({ to: s, step: "cont", v: cont(ctx, p, prev, s) + against });
          for (let k = s + 1; k < n; k++) options.push({ to: k, step: "next", v: fit(ctx, p, k) - skipRange(ctx, s + 1, k) - leaving + against });
        }
        for (let k = 0; k < n; k++) {
          options.push({ to: k, step: "new", v: rowStart(ctx, p, k, successors[i] ?? false) - trail - lead(ctx, k) - leaving + against });
        }
        // A paragraph with a tab field after it on its line is one cell of a row, never a heading across it.
        if (headAllowed[i] && !sameLineField(block, i + 1)) options.push({ to: HEAD, step: "head", v: headScore(p) - trail - leaving + against });
      }
      for (const o of options) {
        const v = base + o.v;
        if (v > (next[o.to] ?? Number.NEGATIVE_INFINITY)) {
          next[o.to] = v;
          back[o.to] = { from: s, step: o.step };
          // How close the best other move from the same place came: a near tie is a guess.
          const other = Math.max(...options.filter((q) => q !== o && (q.step !== o.step || q.to !== o.to)).map((q) => q.v));
          local[o.to] = { chosen: o.v, other };
        }
      }
    }
    scores = next;
    backs.push(back);
    localBest.push(local);
  });
  let best = HEAD;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let s = 0; s <= n; s++) {
    const v = (scores[s] ?? Number.NEGATIVE_INFINITY) - (s === HEAD ? 0 : trailing(ctx, s));
    if (v > bestScore) {
      bestScore = v;
      best = s;
    }
  }
  const placed: Placed[] = [];
  let s = best;
  for (let i = block.length - 1; i >= 0; i--) {
    const b = backs[i]?.[s] ?? { from: HEAD, step: "new" as Step };
    const l = localBest[i]?.[s] ?? { chosen: 0, other: Number.NEGATIVE_INFINITY };
    placed.push({ step: b.step, col: s, doubt: l.chosen - l.other < 1 });
    s = b.from;
  }
  return placed.reverse();
};

/** A row under construction: the paragraphs of each column. */
interface Building {
  readonly cells: WebParagraph[][];
  readonly line: number;
  readonly doubt: RowDoubt[];
  readonly heading: boolean;
}

// «Завдання 2.», «Ціль 1.1.», and with an adjective before it, «Операційна ціль 1.2.», «Оперативне завдання 3.»: a task's row.
const taskHeading = /^(?:\p{L}+(?:на|не|ні|ий)\s+)?(?:завдання|ціль|мета|підпрограма)\s+\d{1,2}(?:\.\d{1,2})*\.?(?:\s|$)/iu;

/** The hard row boundaries: notes and headings that span the row whatever the search would say. */
const spanning = (ps: ReadonlyArray<WebParagraph>, i: number, depth = 0): boolean => {
  const p = ps[i];
  if (p === undefined || p.text.length > 300) return false;
  // One field of a tab-separated line among others is a cell, whatever it says.
  if (sameLineField(ps, i) || sameLineField(ps, i + 1)) return false;
  if (p.kind === "note") return true;
  if (sectionHeading(p.text) !== null || taskHeading.test(p.text)) return true;
  if (p.kind !== "labelled" || depth > 3) return false;
  // "2. Соціальний захист" followed by "2.1. …" or by the label "5.": a title over the rows under it.
  const next = ps[i + 1];
  if (next === undefined) return false;
  if (next.kind === "label") return true;
  const own = leadingLabel(p.text)?.label ?? "";
  const theirs = next.kind === "labelled" ? (leadingLabel(next.text)?.label ?? "") : "";
  const core = own.replace(/[.)]$/, "");
  if (theirs !== "" && theirs.startsWith(`${core}.`) && theirs.length > own.length) return true;
  return next.kind === "labelled" && spanning(ps, i + 1, depth + 1) && sectionHeading(next.text) === null;
};

// A remarks column («Примітка») is filled for a few measures at most: leaving it empty is what a row usually does.
const remarks = /^примітк/iu;

const freshProfiles = (columns: ReadonlyArray<WebColumn>): Profile[] =>
  columns.map((c) => ({ fill: remarks.test(c.header) ? 0.1 : priorFill[c.kind], kinds: new Map(), total: 0 }));

const learn = (columns: ReadonlyArray<WebColumn>, rows: ReadonlyArray<Building>): Profile[] =>
  columns.map((c, m) => {
    const kinds = new Map<ParagraphKind, number>();
    let filled = 0;
    let covering = 0;
    let total = 0;
    for (const r of rows) {
      if (r.heading) continue;
      const first = r.cells.findIndex((x) => x.length > 0);
      if (first === -1 || first > m) continue;
      covering++;
      const p = r.cells[m]?.[0];
      if (p === undefined) continue;
      filled++;
      total++;
      kinds.set(p.kind, (kinds.get(p.kind) ?? 0) + 1);
    }
    const prior = priorFill[c.kind];
    return { fill: (filled + 2 * prior) / (covering + 2), kinds, total };
  });

const rebuild = (ctx: Context, body: ReadonlyArray<WebParagraph>): Building[] => {
  const n = ctx.columns.length;
  const rows: Building[] = [];
  const successors: boolean[] = [];
  let lastLabel: string | null = null;
  // Without a "№" column the number opens the measure's text ("1. Розроблення …"): such a paragraph is a
  // row's label when it continues the numbering; sub-points inside a cell ("1) …" under "5. … шляхом:") do not.
  // A sub-point follows a lead-in ending in ":" or an item ending in ";" and is never a row's label.
  const inText = (p: WebParagraph, prev: WebParagraph | undefined): string | null =>
    ctx.labelColumn === -2 && p.kind === "labelled" && !/[:;]$/.test(prev?.text ?? "") ? (leadingLabel(p.text)?.label ?? null) : null;
  const textLabels = body.map((p, i) => inText(p, body[i - 1]));
  for (const [i, p] of body.entries()) {
    const isLabel = p.kind === "label" || (p.kind === "integer" && ctx.integersAreLabels && p.text.length <= 3);
    const own = textLabels[i] ?? null;
    // Numbering that starts again at 1 under each heading continues it too, when printed the same way.
    const successor = isLabel
      ? follows(p.text, lastLabel)
      : own !== null &&
        (lastLabel === null
          ? follows(own, null)
          : closing(own) === closing(lastLabel) && (follows(own, lastLabel) || numbersOf(own).every((n) => n === 1)));
    successors.push(successor);
    if (isLabel) lastLabel = p.text;
    else if (own !== null && successor) lastLabel = own;
  }
  const nextIsLabel = (i: number): boolean => {
    const q = body[i + 1];
    if (q === undefined) return false;
    if (q.kind === "labelled") return (textLabels[i + 1] ?? null) !== null && (successors[i + 1] ?? false);
    return q.kind === "label" || (q.kind === "integer" && ctx.integersAreLabels && (successors[i + 1] ?? false));
  };
  // A copy whose headings carry their mark («I. …», «Розділ 2», «Стратегічна ціль 1.», «1. …» over its «1.1.») prints
  // every heading so: there a list of bodies after a row's cells, before the next number, is that row's next executor
  // («Директорат …» / «Юридичний департамент» / «2»), not an unmarked heading. Right after a heading it still may be one.
  const marksHeadings = body.some((q, k) => q.kind !== "note" && spanning(body, k));
  let i = 0;
  let afterTotal = false;
  while (i < body.length) {
    const p = body[i];
    if (p === undefined) break;
    const total = totalRow(ctx, body, i, afterTotal);
    afterTotal = total !== null;
    if (total !== null) {
      rows.push(total.row);
      i = total.next;
      continue;
    }
    if (spanning(body, i)) {
      rows.push({ cells: [[p]], line: p.line, doubt: [], heading: true });
      i++;
      continue;
    }
    let j = i;
    while (j < body.length && !spanning(body, j) && !isTotalText(body[j]?.text ?? "")) j++;
    const block = body.slice(i, j);
    const heads = block.map(
      (q, k) =>
        (q.kind === "text" || q.kind === "executors" || q.kind === "source") &&
        q.text.length <= 300 &&
        nextIsLabel(i + k) &&
        !(marksHeadings && k > 0 && q.kind === "executors"),
    );
    const placed = search(ctx, block, successors.slice(i, j), heads);
    let current: Building | null = null;
    placed.forEach((pl, k) => {
      const q = block[k];
      if (q === undefined) return;
      if (pl.step === "head") {
        rows.push({
          cells: [[q]],
          line: q.line,
          doubt: [{ kind: "heading", line: q.line, note: "заголовок на всю ширину вгадано: за ним йде номер / taken for a heading because a label follows it" }],
          heading: true,
        });
        current = null;
        return;
      }
      if (pl.step === "new" || current === null) {
        current = { cells: Array.from({ length: n }, () => []), line: q.line, doubt: [], heading: false };
        rows.push(current);
      }
      const row: Building = current;
      row.cells[pl.col]?.push(q);
      if (pl.step === "cont" && pl.doubt) {
        row.doubt.push({
          kind: "continued",
          column: pl.col,
          line: q.line,
          note: `абзац додано до клітинки ${pl.col + 1}, хоча він міг бути наступною клітинкою / paragraph joined to cell ${pl.col + 1}, though it could be the next cell`,
        });
      }
    });
    i = j;
  }
  return rows;
};

// "Всього", "Усього за програмою", "Разом": a row of stated totals, not a cell of a measure.
const isTotalText = (t: string): boolean => /^(?:всього|усього|разом)(?!\p{L})/iu.test(t);

/**
 * A row of stated totals: its label ("Всього, обласний центр …", or "- <part>" right under such a row)
 * spans the columns before the money, and the amounts after it fill the money columns in order. Placed
 * apart from the search, because the label is never a cell of the measure above.
 */
const totalRow = (ctx: Context, body: ReadonlyArray<WebParagraph>, i: number, afterTotal: boolean): { row: Building; next: number } | null => {
  const p = body[i];
  if (p === undefined || !(isTotalText(p.text) || (afterTotal && /^[-–—]\s*\p{L}/u.test(p.text)))) return null;
  const money = ctx.columns.flatMap((c, m) => (c.kind === "amount" ? [m] : []));
  if (money.length === 0) return null;
  const cells: WebParagraph[][] = ctx.columns.map(() => []);
  cells[0]?.push(p);
  let next = i + 1;
  for (const m of money) {
    const q = body[next];
    if (q === undefined || !(q.kind === "amount" || q.kind === "integer")) break;
    cells[m]?.push(q);
    next++;
  }
  return { row: { cells, line: p.line, doubt: [], heading: false }, next };
};

const markSkips = (ctx: Context, rows: Building[]): void => {
  for (const r of rows) {
    if (r.heading) continue;
    const filled = r.cells.map((c) => c.length > 0);
    const first = filled.indexOf(true);
    const last = filled.lastIndexOf(true);
    // Some money columns filled and some not: which year was left empty cannot be told from the copy.
    const money = ctx.columns.map((c, m) => (c.kind === "amount" ? m : -1)).filter((m) => m >= 0);
    const partialMoney = money.some((m) => filled[m]) && money.some((m) => !filled[m]);
    for (let m = 0; m < ctx.columns.length; m++) {
      if (filled[m]) continue;
      const kind = ctx.columns[m]?.kind;
      const fill = ctx.profiles[m]?.fill ?? 0;
      const leading = m < first && (kind === "label" || kind === "title" || kind === "text" || kind === "any");
      if (leading || (fill < (m > last ? 0.7 : 0.5) && !(partialMoney && kind === "amount"))) continue;
      r.doubt.push({
        kind: "skipped",
        column: m,
        line: r.line,
        note: `клітинку ${m + 1} вважано порожньою / cell ${m + 1} taken as empty`,
      });
    }
  }
};

const toGridRow = (b: Building, width: number): WebGridRow => {
  const cells: GridCell[] = b.heading
    ? [{ text: b.cells[0]?.[0]?.text ?? "", colSpan: width, place: { line: b.line } }]
    : b.cells.map((ps) => ({ text: ps.flatMap((q) => [q.text, ...(q.notes ?? [])]).join("\n"), colSpan: 1, place: { line: ps[0]?.line ?? b.line } }));
  return b.doubt.length > 0 ? { cells, place: { line: b.line }, doubt: b.doubt } : { cells, place: { line: b.line } };
};

/**
 * The table's body rows rebuilt from its paragraphs. Two passes: the first places paragraphs by the
 * header's expectations alone, the second again with what each column was seen to hold in the first
 * (its kinds of value and how often it is filled).
 *
 * @example rebuildRows(columns, paragraphs)[0]?.cells.map((c) => c.text) // ["1.", "Проведення …", "Департамент …", "до 31.12.2025"]
 */
export const rebuildRows = (columns: ReadonlyArray<WebColumn>, paragraphs: ReadonlyArray<WebParagraph>): WebGridRow[] => {
  let labelColumn = columns.findIndex((c) => c.kind === "label");
  const integersAreLabels = !columns.some((c) => c.kind === "amount");
  // A page's continuation mark («Продовження додатка») over the header's column numbers repeated is no row either.
  let body = foldCellNotes(paragraphs.filter((p, i) => !isRepeatedNumbering(paragraphs, i, columns.length) && !isContinuationMark(p.text)));
  if (labelColumn === -1) {
    // No "№" column: a label printed as a paragraph of its own belongs to the text after it.
    body = joinLabels(body);
    labelColumn = -2;
  }
  const first: Context = { columns, profiles: freshProfiles(columns), labelColumn, integersAreLabels };
  const draft = rebuild(first, body);
  const second: Context = { ...first, profiles: learn(columns, draft) };
  const rows = rebuild(second, body);
  markSkips(second, rows);
  return rows.map((r) => toGridRow(r, columns.length));
};

/**
 * An editors' note inside a row rather than across it stays in its cell: one printed right after a bare
 * label is all that is left of a deleted point ("7." "{Пункт 7 виключено …}"), and one followed by more of
 * the row (not by a label, a heading or the end) was printed in the cell before it ("{Пункт 4 із змінами …}"
 * after the measure's text, its executors after that). The note rides on the paragraph before it, so the
 * table reader removes and reports it as for any cell; a note between rows stays a row of its own.
 */
const foldCellNotes = (ps: ReadonlyArray<WebParagraph>): WebParagraph[] => {
  const out: WebParagraph[] = [];
  ps.forEach((p, i) => {
    const prev = out[out.length - 1];
    const next = ps[i + 1];
    const rowGoesOn =
      next !== undefined && next.kind !== "label" && next.kind !== "labelled" && next.kind !== "note" && !spanning(ps, i + 1) && !isTotalText(next.text);
    if (p.kind === "note" && prev !== undefined && prev.kind !== "note" && !spanning(out, out.length - 1) && (prev.kind === "label" || rowGoesOn)) {
      out[out.length - 1] = { ...prev, notes: [...(prev.notes ?? []), p.text] };
      return;
    }
    out.push(p);
  });
  return out;
};

// The page header "1 2 3 … N" repeated inside the body (a copy of a paged document) is no row.
const isRepeatedNumbering = (ps: ReadonlyArray<WebParagraph>, i: number, width: number): boolean => {
  if (width < 3) return false;
  for (let start = Math.max(0, i - width + 1); start <= i; start++) {
    let ok = true;
    for (let k = 0; k < width && ok; k++) ok = ps[start + k]?.text === String(k + 1);
    if (ok) return true;
  }
  return false;
};

const joinLabels = (ps: ReadonlyArray<WebParagraph>): WebParagraph[] => {
  const out: WebParagraph[] = [];
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i];
    const next = ps[i + 1];
    if (p === undefined) continue;
    if (p.kind === "label" && next !== undefined && (next.kind === "text" || next.kind === "executors" || next.kind === "source")) {
      out.push({ text: `${p.text} ${next.text}`, line: p.line, kind: "labelled", ...(p.fieldGap === undefined ? {} : { fieldGap: p.fieldGap }) });
      i++;
    } else {
      out.push(p);
    }
  }
  return out;
};
