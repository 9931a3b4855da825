/**
 * @module A PDF with a text layer read into a `ReadDocument` by pdf.js. Tables are found the "lattice"
 * way: the cell borders Word's PDF export (and our corpus generator) draws are read from each page's
 * operator list, their x and y positions make the grid, a missing border inside the grid is a merged cell,
 * and every piece of text goes into the cell it sits in. A table that runs on across pages with the same
 * columns stays one table. Without borders each printed line is a row, cut into cells at wide gaps.
 */
import { Either } from "effect";
import { UnreadableDocument } from "../errors.js";
import { opensNextBody } from "../facts/executors.js";
import type { GridCell, GridRow, Paragraph, Place, ReadDocument } from "../general/grid.js";

/** The slice of pdf.js this module uses, loaded once on first use: the legacy build is the one for Node. */
type PdfJs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");
let pdfjs: Promise<PdfJs> | null = null;
const loadPdfJs = (): Promise<PdfJs> => {
  pdfjs ??= import("pdfjs-dist/legacy/build/pdf.mjs");
  return pdfjs;
};

/** Positions closer than this (in points, 1/72 inch) are the same border: Word draws double and overlapping borders. */
const TOL = 3;
/** A filled rectangle thinner than this is a drawn line, not a shaded area. */
const THIN = 3;

type Matrix = readonly [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];
const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[1] * n[2],
  m[0] * n[1] + m[1] * n[3],
  m[2] * n[0] + m[3] * n[2],
  m[2] * n[1] + m[3] * n[3],
  m[4] * n[0] + m[5] * n[2] + n[4],
  m[4] * n[1] + m[5] * n[3] + n[5],
];
const apply = (m: Matrix, x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];

interface HSeg {
  y: number;
  x1: number;
  x2: number;
}
interface VSeg {
  x: number;
  y1: number;
  y2: number;
}

/** One piece of text with its box in page space (y grows upwards). */
interface Item {
  readonly str: string;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly size: number;
}

/** The axis-aligned lines a page draws, from its operator list: stroked paths and thin filled rectangles. */
const rulingLines = (ops: { fnArray: number[]; argsArray: unknown[] }, OPS: PdfJs["OPS"]): { h: HSeg[]; v: VSeg[] } => {
  const h: HSeg[] = [];
  const v: VSeg[] = [];
  const stack: Matrix[] = [];
  let ctm: Matrix = IDENTITY;
  const STROKES = new Set<number>([OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  const FILLS = new Set<number>([OPS.fill, OPS.eoFill]);
  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i];
    const args = ops.argsArray[i] as unknown[];
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? IDENTITY;
    else if (fn === OPS.transform) ctm = multiply(args as unknown as Matrix, ctm);
    else if (fn === OPS.paintFormXObjectBegin) {
      stack.push(ctm);
      const m = args[0] as Matrix | null;
      if (Array.isArray(m) || ArrayBuffer.isView(m)) ctm = multiply(Array.from(m as ArrayLike<number>) as unknown as Matrix, ctm);
    } else if (fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? IDENTITY;
    else if (fn === OPS.constructPath) {
      const paint = args[0] as number;
      const buffer = (args[1] as Array<Float32Array | null>)[0];
      if (!buffer || !(STROKES.has(paint) || FILLS.has(paint))) continue;
      // Subpaths as point lists in page space; curves end a straight run (rounded corners are not borders).
      const subpaths: Array<Array<[number, number]>> = [];
      let current: Array<[number, number]> = [];
      for (let k = 0; k < buffer.length; ) {
        const op = buffer[k++];
        if (op === 0) {
          if (current.length > 1) subpaths.push(current);
          current = [apply(ctm, buffer[k]!, buffer[k + 1]!)];
          k += 2;
        } else if (op === 1) {
          current.push(apply(ctm, buffer[k]!, buffer[k + 1]!));
          k += 2;
        } else if (op === 2) {
          if (current.length > 1) subpaths.push(current);
          current = [apply(ctm, buffer[k + 4]!, buffer[k + 5]!)];
          k += 6;
        } else if (op === 3) {
          if (current.length > 1) subpaths.push(current);
          current = [apply(ctm, buffer[k + 2]!, buffer[k + 3]!)];
          k += 4;
        } else if (op === 4) {
          if (current.length > 1) current.push(current[0]!);
        }
      }
      if (current.length > 1) subpaths.push(current);
      for (const pts of subpaths) {
        if (FILLS.has(paint)) {
          const xs = pts.map((p) => p[0]);
          const ys = pts.map((p) => p[1]);
          const [x1, x2, y1, y2] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
          if (y2 - y1 < THIN && x2 - x1 >= THIN) h.push({ y: (y1 + y2) / 2, x1, x2 });
          else if (x2 - x1 < THIN && y2 - y1 >= THIN) v.push({ x: (x1 + x2) / 2, y1, y2 });
          continue;
        }
        for (let j = 1; j < pts.length; j++) {
          const [ax, ay] = pts[j - 1]!;
          const [bx, by] = pts[j]!;
          if (Math.abs(ay - by) < 0.5 && Math.abs(ax - bx) >= THIN) h.push({ y: ay, x1: Math.min(ax, bx), x2: Math.max(ax, bx) });
          else if (Math.abs(ax - bx) < 0.5 && Math.abs(ay - by) >= THIN) v.push({ x: ax, y1: Math.min(ay, by), y2: Math.max(ay, by) });
        }
      }
    }
  }
  return { h, v };
};

/** Values within TOL of each other, as their means, ascending. */
const cluster = (values: number[]): number[] => {
  const sorted = [...values].sort((a, b) => a - b);
  const groups: number[][] = [];
  for (const x of sorted) {
    const last = groups[groups.length - 1];
    if (last !== undefined && x - last[last.length - 1]! <= TOL) last.push(x);
    else groups.push([x]);
  }
  return groups.map((g) => g.reduce((a, b) => a + b, 0) / g.length);
};

/** A table found on one page: its grid and its bounding box. */
interface PageGrid {
  readonly xs: number[];
  /** Descending: the top border first. */
  readonly ys: number[];
  readonly h: HSeg[];
  readonly v: VSeg[];
  readonly box: { x1: number; x2: number; y1: number; y2: number };
}

/** Groups crossing lines into tables (connected components), each with at least a 1×1 grid. */
const gridsOf = (h: HSeg[], v: VSeg[]): PageGrid[] => {
  const n = h.length + v.length;
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r]!;
    parent[i] = r;
    return r;
  };
  h.forEach((a, i) => {
    v.forEach((b, j) => {
      if (b.x >= a.x1 - TOL && b.x <= a.x2 + TOL && a.y >= b.y1 - TOL && a.y <= b.y2 + TOL) parent[find(i)] = find(h.length + j);
    });
  });
  const groups = new Map<number, { h: HSeg[]; v: VSeg[] }>();
  for (let i = 0; i < n; i++) {
    const g = groups.get(find(i)) ?? { h: [], v: [] };
    if (i < h.length) g.h.push(h[i]!);
    else g.v.push(v[i - h.length]!);
    groups.set(find(i), g);
  }
  const grids: PageGrid[] = [];
  for (const g of groups.values()) {
    const xs = cluster(g.v.map((s) => s.x));
    const ys = cluster(g.h.map((s) => s.y)).reverse();
    if (xs.length < 2 || ys.length < 2) continue;
    grids.push({ xs, ys, h: g.h, v: g.v, box: { x1: xs[0]!, x2: xs[xs.length - 1]!, y1: ys[ys.length - 1]!, y2: ys[0]! } });
  }
  // Top to bottom, as a person reads the page.
  return grids.sort((a, b) => b.box.y2 - a.box.y2);
};

const hasVertical = (g: PageGrid, x: number, yLow: number, yHigh: number): boolean => {
  const mid = (yLow + yHigh) / 2;
  return g.v.some((s) => Math.abs(s.x - x) <= TOL && s.y1 - TOL <= mid && s.y2 + TOL >= mid);
};
const hasHorizontal = (g: PageGrid, y: number, xLow: number, xHigh: number): boolean => {
  const mid = (xLow + xHigh) / 2;
  return g.h.some((s) => Math.abs(s.y - y) <= TOL && s.x1 - TOL <= mid && s.x2 + TOL >= mid);
};

/** Text pieces in reading order joined into lines: a space where the gap between pieces shows one. */
const linesOf = (items: ReadonlyArray<Item>): Array<{ text: string; y: number; items: Item[] }> => {
  const sorted = [...items].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: Array<{ y: number; size: number; items: Item[] }> = [];
  for (const it of sorted) {
    const line = lines.find((l) => Math.abs(l.y - it.y) <= Math.max(2, Math.min(l.size, it.size) * 0.5));
    if (line) line.items.push(it);
    else lines.push({ y: it.y, size: it.size, items: [it] });
  }
  lines.sort((a, b) => b.y - a.y);
  return lines.map((l) => {
    const parts = [...l.items].sort((a, b) => a.x - b.x);
    let text = "";
    let end = Number.NEGATIVE_INFINITY;
    for (const p of parts) {
      const gap = p.x - end;
      if (text !== "" && gap > p.size * 0.2 && !text.endsWith(" ") && !p.str.startsWith(" ")) text += " ";
      text += p.str;
      end = p.x + p.w;
    }
    return { text: text.replace(/\s+$/, ""), y: l.y, items: parts };
  });
};

const cellText = (items: ReadonlyArray<Item>): string =>
  linesOf(items)
    .map((l) => l.text.trim())
    .filter((t) => t !== "")
    .join("\n");

// No Ukrainian word starts with a soft sign or an apostrophe: a line opening with one is the rest of a word
// the line above had to break where the cell ended ("вересен" + "ь").
const wordRest = /^[ьЬ'’ʼ]/u;

// «-ого», the genitive of adjectives («житлово-комунального», «районного»), cut before its last letter ends in «ог»,
// as no Ukrainian word does but the few that end in «-лог», «-гог», «-бог», «-рог» («діалог», «педагог»).
const cutGenitive = /(?<![лгбр])ог$/iu;

// The Ukrainian words of one or two letters (and the units printed so): a line opening with any other piece that
// short, standing alone («ня» under «фінансуван», «е»), opens with the rest of a word broken at the border.
const shortWords = new Set(
  ("а б в ж з й і о у я є " +
    "аж ах ба би бо ви во до ех же за зі із їй їм їх її ми на не ні ну ой он от ох по та те ти ті то ух це ці цю ця чи ще що як " +
    "га гр кг км мг мл мм см шт")
    .split(" ")
    .filter((w) => w !== ""),
);

/**
 * A word that ends as a whole Ukrainian word form does — a vowel, «й», «ь», a vowel and one consonant
 * («територіальних», «громад»), or a final cluster words end in («документ», «міст») — may simply fill its
 * line; «роз’яснювальн» cannot end a word, so the line broke inside it. A rest that no word opens with
 * (`opensNoWord`: «и», «ь», a doubled consonant — «фінансува» + «ння») is a broken word's whatever the line before.
 * An adjective's «-ого» cut to «-ог» («житлово-комунальног» + «о») does not end a word.
 *
 * @example endsLikeAWord("територіальних") // true
 * @example endsLikeAWord("роз’яснювальн") // false
 * @example endsLikeAWord("житлово-комунальног") // false
 */
export const endsLikeAWord = (word: string): boolean =>
  /(?:[аеєиіїоуюяйь'’ʼ»”")]|[аеєиіїоуюя][^аеєиіїоуюяйь\s]|(?:ст|нт|кт|рт|зд|нк|вк|ськ|цьк|зьк|тв))$/iu.test(word.trim()) && !cutGenitive.test(word.trim());

// Endings of three or four letters that no Ukrainian word is: the rest of a word broken at a narrow cell's border.
const endingsOnly = new Set(
  "ції ція цію цією ний ного ному ної ною ними ому ого ими ості ість ами ями ання ення ують юють ться ськ ська ське ські ького ької ських"
    .split(" ")
    .filter((w) => w !== ""),
);

/**
 * A line opening as no Ukrainian word does: «и», «ь», a doubled consonant («ння», «ття»), or a piece of one or two
 * letters standing alone that is no Ukrainian word («ня» under «фінансуван») — the rest of a word.
 *
 * @example opensNoWord("ння, тис.") // true
 * @example opensNoWord("ня") // true
 * @example opensNoWord("ції") // true
 * @example opensNoWord("на р. Полтва") // false
 */
export const opensNoWord = (line: string): boolean => {
  const t = line.trim();
  if (/^(?:[иь]|([бвгґджзклмнпрстфхцчшщ])\1)/u.test(t)) return true;
  // A piece of one or two letters ending where the line does or before a space (not an abbreviation «с.», «м.»).
  const piece = /^(\p{Ll}{1,2})(?=[\s,;:)]|$)/u.exec(t)?.[1];
  if (piece !== undefined && !shortWords.has(piece)) return true;
  // An ending that stands as no word, standing alone: «ції» under «райдержадміністра», «ний» under «Навчально-методич».
  const ending = /^(\p{Ll}{3,4})(?=[\s,;:)]|$)/u.exec(t)?.[1];
  return ending !== undefined && endingsOnly.has(ending);
};

/**
 * A line opening with one letter that reads as a preposition («у», «в», «з», «о») where no preposition can
 * stand: before another preposition or a conjunction, or before a punctuation mark. Such a letter is the last of
 * a word the line above had to break at the border («щоквартал» + «у до 25 числа» is «щокварталу до 25 числа»).
 *
 * @example opensWithStrandedLetter("у до 25 числа") // true
 * @example opensWithStrandedLetter("у громаді") // false
 */
export const opensWithStrandedLetter = (line: string): boolean =>
  /^[увзо](?:[,.;:]|\s+(?:до|від|з|із|зі|на|за|по|при|про|для|через|після|протягом|щодо|у|в|і|й|та|а|але|або|чи)(?=[\s,.;:]|$))/u.test(line.trim());

// What a compound's first part looks like where it breaks at its own hyphen: an adjective's stem with its linking vowel
// («житлово-», «медико-», «інформаційно-», «осінньо-», «еколого-», «дитячо-»), a plural genitive of a noun
// («дітей-сиріт», «учнів-медіаторів»), a noun used as a prefix («бізнес-», «онлайн-», «прес-»), or an abbreviation
// («ВІЛ-»). Any other piece before a hyphen at a line's end is a word the typesetting (or the recognised scan) hyphenated.
const compoundHead = /(?:\p{L}{3}(?:[вкнгчж]о|ьо)|\p{L}{2}(?:[іїе]в|ей)|^(?:бізнес|онлайн|офлайн|інтернет|веб|прес|віце|екс|міні|арт|шоу|кол|медіа|фан|топ))$/iu;
const abbreviationHead = /^\p{Lu}{2,}$/u;

/**
 * Joins a line ending in a hyphen to the next line's start: a compound's own hyphen stays («житлово-» + «комунального»
 * → «житлово-комунального»), a word hyphenated at the line's end is one word again («забезпе-» + «чення» →
 * «забезпечення», «Во-» + «линський» → «Волинський»).
 *
 * @example joinAtHyphen("Організація та забезпе-", "чення роботи") // "Організація та забезпечення роботи"
 * @example joinAtHyphen("Управління житлово-", "комунального господарства") // "Управління житлово-комунального господарства"
 */
export const joinAtHyphen = (text: string, next: string): string => {
  const head = /(\p{L}+)-$/u.exec(text)?.[1] ?? "";
  return compoundHead.test(head) || abbreviationHead.test(head) ? `${text}${next}` : `${text.slice(0, -1)}${next}`;
};

/**
 * The text of a bordered cell. A PDF keeps no paragraphs, only lines: a line that ended because the next
 * word would not fit before the cell's border is wrapped text (joined with a space, a word cut at the border
 * joined whole), and a line that ended short of it is a paragraph break ("\n"), which is what tells one body
 * of an executors cell from the next. The cell's padding is read from how far its text starts from the left
 * border.
 */
const wrappedCellText = (items: ReadonlyArray<Item>, left: number, right: number): string => {
  const lines = linesOf(items).filter((l) => l.text.trim() !== "");
  if (lines.length === 0) return "";
  const start = Math.min(...lines.flatMap((l) => l.items.map((it) => it.x)));
  const usable = right - Math.max(0, start - left);
  let text = lines[0]?.text.trim() ?? "";
  for (let i = 1; i < lines.length; i++) {
    const prev = lines[i - 1];
    const line = lines[i];
    if (prev === undefined || line === undefined) continue;
    const next = line.text.trim();
    const end = Math.max(...prev.items.map((it) => it.x + it.w));
    const first = line.items[0];
    const charW = first === undefined || first.str.length === 0 ? 0 : first.w / first.str.length;
    // Capitals are wider than the line's average letter: «ДСНС» after «управління ГУ» did not fit where four average
    // letters would have.
    const firstWord = [...(next.split(/\s/)[0] ?? "")].reduce((n, ch) => n + (/\p{Lu}/u.test(ch) ? 1.4 : 1), 0);
    const wrapped = end + charW * (firstWord + 1) > usable - 0.5;
    // A line that is one word filling the cell so that not one more letter would fit is a word too long
    // for it, broken where the border came ("інформаційно-роз’яснювальн" + "их кампаній"): the next line
    // opens with the word's rest. A whole word that merely ends near the border leaves a letter's room.
    const last = prev.items[prev.items.length - 1];
    const lastCharW = last === undefined || last.str.length === 0 ? charW : last.w / last.str.length;
    // A quoted name's one word broken at the border the same way, after words before it on the line: «КП «Краснопільводока»
    // filling the line to its last letter, «нал» (за згодою)» under it.
    // The rest is a few letters, no word of its own: «Світло» / «надії»» are two words that met the border.
    const brokenQuoted = usable - end < lastCharW && /«[^»\s]+$/u.test(prev.text.trim()) && /^\p{Ll}{1,3}»/u.test(next);
    const brokenWord = !/\s/u.test(prev.text.trim()) && usable - end < lastCharW && /\p{L}$/u.test(text) && /^\p{Ll}/u.test(next) && !(endsLikeAWord(prev.text) && !opensNoWord(next) && !opensWithStrandedLetter(next));
    // A paragraph that happened to end near the border: told by what the next line opens with (the name of
    // a body or office, in a cell of executors printed one a paragraph).
    // A line that ends in a hyphen after a letter, the next opening in lower case, is one text broken there, however
    // much room the line left (a hyphenated word's rest may be short).
    const hyphenated = /\p{L}-$/u.test(text) && /^\p{Ll}/u.test(next);
    if (hyphenated) text = joinAtHyphen(text, next);
    else if (!wrapped || opensNextBody(text.slice(text.lastIndexOf("\n") + 1), next)) text = `${text}\n${next}`;
    else if (wordRest.test(next) || /\p{L}-$/u.test(text) || brokenWord || brokenQuoted) text = `${text}${next}`;
    else text = `${text} ${next}`;
  }
  return text;
};

/** The rows of one page's grid, with merges: a missing inner border joins two cells. */
const gridRows = (g: PageGrid, items: Item[], table: number, page: number, firstRow: number): GridRow[] => {
  const rowsN = g.ys.length - 1;
  const colsN = g.xs.length - 1;
  // Which master owns each grid slot, so text anywhere in a merged region goes to its master.
  const owner: Array<Array<{ r: number; c: number } | null>> = Array.from({ length: rowsN }, () => Array(colsN).fill(null));
  const spans: Array<Array<number>> = Array.from({ length: rowsN }, () => Array(colsN).fill(0));
  for (let r = 0; r < rowsN; r++) {
    const yHigh = g.ys[r]!;
    const yLow = g.ys[r + 1]!;
    for (let c = 0; c < colsN; ) {
      let span = 1;
      while (c + span < colsN && !hasVertical(g, g.xs[c + span]!, yLow, yHigh)) span++;
      const above = r > 0 && !hasHorizontal(g, yHigh, g.xs[c]!, g.xs[c + 1]!) ? owner[r - 1]![c] : null;
      // A cell merged down from above keeps the columns it had there: a border left out between two cells
      // that both run on (a table carried over to a new page, «№» and the task beside it) joins nothing.
      if (above !== null && above !== undefined) {
        let same = 1;
        while (same < span && owner[r - 1]![c + same] === above) same++;
        span = same;
      }
      spans[r]![c] = span;
      const master = above ?? { r, c };
      for (let k = 0; k < span; k++) owner[r]![c + k] = master;
      c += span;
    }
  }
  const texts = new Map<string, Item[]>();
  for (const it of items) {
    const cx = it.x + it.w / 2;
    const cy = it.y + it.size * 0.3;
    const c = g.xs.findIndex((x, i) => i < colsN && cx >= x && cx < g.xs[i + 1]!);
    const r = g.ys.findIndex((y, i) => i < rowsN && cy <= y && cy > g.ys[i + 1]!);
    if (c < 0 || r < 0) continue;
    const m = owner[r]![c]!;
    const key = `${m.r}:${m.c}`;
    texts.set(key, [...(texts.get(key) ?? []), it]);
  }
  const rows: GridRow[] = [];
  for (let r = 0; r < rowsN; r++) {
    const rowNo = firstRow + r;
    const cells: GridCell[] = [];
    for (let c = 0, n = 1; c < colsN; n++) {
      const span = spans[r]![c]!;
      const m = owner[r]![c]!;
      const place: Place = { table, row: rowNo, cell: n, page };
      if (m.r !== r) cells.push({ text: "", colSpan: span, continuesAbove: true, place });
      else cells.push({ text: wrappedCellText(texts.get(`${r}:${c}`) ?? [], g.xs[c]!, g.xs[c + span]!), colSpan: span, place });
      c += span;
    }
    rows.push({ cells, place: { table, row: rowNo, page } });
  }
  return rows;
};

const sameColumns = (a: PageGrid, b: PageGrid): boolean =>
  a.xs.length === b.xs.length && a.xs.every((x, i) => Math.abs(x - b.xs[i]!) <= TOL);

/** Without borders: lines cut into cells where the gap is wider than a character or so. */
const splitLine = (items: ReadonlyArray<Item>): Array<{ x: number; items: Item[] }> => {
  const cells: Array<{ x: number; end: number; items: Item[] }> = [];
  for (const it of [...items].sort((a, b) => a.x - b.x)) {
    const last = cells[cells.length - 1];
    if (last !== undefined && it.x - last.end < Math.max(6, it.size * 1.2)) {
      last.items.push(it);
      last.end = Math.max(last.end, it.x + it.w);
    } else cells.push({ x: it.x, end: it.x + it.w, items: [it] });
  }
  return cells;
};

const unreadable = (reason: string): UnreadableDocument => new UnreadableDocument({ reason });

interface PageText {
  readonly page: number;
  readonly items: Item[];
  readonly grids: PageGrid[];
}

const lattice = (pages: PageText[]): ReadDocument => {
  const paragraphs: Paragraph[] = [];
  const tables: Array<{ rows: GridRow[]; place: Place; last: PageGrid; lastPage: number }> = [];
  let preamble: Paragraph[] | null = null;
  let lastWasTable = false;
  for (const { page, items, grids } of pages) {
    const inGrid = (it: Item, g: PageGrid): boolean => {
      const cx = it.x + it.w / 2;
      const cy = it.y + it.size * 0.3;
      return cx >= g.box.x1 - TOL && cx <= g.box.x2 + TOL && cy >= g.box.y1 - TOL && cy <= g.box.y2 + TOL;
    };
    const outside = items.filter((it) => !grids.some((g) => inGrid(it, g)));
    const lines = linesOf(outside).filter((l) => l.text.trim() !== "");
    // Page furniture (a page number, a running header) between two parts of one table does not break it.
    const events: Array<{ y: number; line?: string; grid?: PageGrid }> = [
      ...lines.map((l) => ({ y: l.y, line: l.text.trim() })),
      ...grids.map((g) => ({ y: g.box.y2, grid: g })),
    ].sort((a, b) => b.y - a.y);
    let lineNo = 0;
    let firstOnPage = true;
    for (const e of events) {
      if (e.line !== undefined) {
        lineNo++;
        paragraphs.push({ text: e.line, place: { page, line: lineNo } });
        if (!/^[-–—\s]*\d+[-–—\s]*$/.test(e.line)) lastWasTable = false;
        continue;
      }
      const g = e.grid!;
      const prev = tables[tables.length - 1];
      const continues = firstOnPage && lastWasTable && prev !== undefined && prev.lastPage === page - 1 && sameColumns(prev.last, g);
      firstOnPage = false;
      if (preamble === null) preamble = [...paragraphs];
      if (continues) {
        prev.rows.push(...gridRows(g, items.filter((it) => inGrid(it, g)), tables.length, page, prev.rows.length + 1));
        prev.last = g;
        prev.lastPage = page;
      } else {
        const table = tables.length + 1;
        tables.push({ rows: gridRows(g, items.filter((it) => inGrid(it, g)), table, page, 1), place: { table, page }, last: g, lastPage: page });
      }
      lastWasTable = true;
    }
  }
  return {
    format: "pdf",
    paragraphs,
    tables: tables.map((t) => ({ rows: t.rows, rowsAreLines: false, mergesLost: true, bordered: true, place: t.place })),
    preamble: preamble ?? [...paragraphs],
  };
};

/**
 * A line that is only its page's number («2», «- 2 -», «– 2 –»), the first or last on its page: page furniture, not a row.
 *
 * @example isPageNumber("- 2 -", 2) // true
 */
export const isPageNumber = (text: string, page: number): boolean => {
  const m = /^[-–—\s]*(\d{1,4})[-–—\s]*$/u.exec(text);
  return m !== null && Number(m[1]) === page;
};

/**
 * A line's cells cut once more where a piece starts at a column's left edge after a gap wider than a space: without
 * borders, a cell whose text runs to its right edge («… у діяльності районної») leaves less than the usual gap before the
 * next column's text («головний спеціаліст …»), which still starts at that column's edge. Words of one cell (a heading
 * across the table) are a space apart and stay together.
 */
const atColumnStarts = (cells: ReadonlyArray<{ x: number; items: Item[] }>, columns: ReadonlyArray<number>): Array<{ x: number; items: Item[] }> =>
  cells.flatMap((cell) => {
    const out: Array<{ x: number; items: Item[] }> = [];
    let end = Number.NEGATIVE_INFINITY;
    for (const it of [...cell.items].sort((a, b) => a.x - b.x)) {
      const last = out[out.length - 1];
      const atEdge = columns.some((x) => Math.abs(it.x - x) <= TOL * 2 && x > (last?.x ?? Number.NEGATIVE_INFINITY) + TOL * 2);
      if (last === undefined || (atEdge && it.x - end >= it.size * 0.5)) out.push({ x: it.x, items: [it] });
      else last.items.push(it);
      end = Math.max(end, it.x + it.w);
    }
    return out;
  });

const lineTable = (pages: PageText[]): ReadDocument => {
  const paragraphs: Paragraph[] = [];
  const rows: Array<{ cells: Array<{ x: number; text: string; items: Item[] }>; place: Place }> = [];
  for (const { page, items } of pages) {
    const lines = linesOf(items);
    lines.forEach((line, i) => {
      const place = { page, line: i + 1 };
      const cells = splitLine(line.items).map((c) => ({ x: c.x, text: cellText(c.items), items: c.items }));
      if (cells.every((c) => c.text === "")) return;
      // The page's number printed above or below the table on a later page is no part of a row.
      if (rows.length > 0 && (i === 0 || i === lines.length - 1) && isPageNumber(line.text.trim(), page)) return;
      if (rows.length === 0 && cells.length < 2) paragraphs.push({ text: line.text.trim(), place });
      else rows.push({ cells, place });
    });
  }
  if (rows.length === 0) return { format: "pdf", paragraphs, tables: [], preamble: [...paragraphs] };
  // Columns are the left edges most lines share; a cell belongs to the last column starting at or before it.
  const starts = cluster(rows.flatMap((r) => r.cells.map((c) => c.x)));
  const counts = starts.map((s) => rows.filter((r) => r.cells.some((c) => Math.abs(c.x - s) <= TOL * 2)).length);
  const columns = starts.filter((_, i) => counts[i]! >= Math.max(2, rows.length * 0.1));
  const grid: GridRow[] = rows.map((r) => {
    if (columns.length < 2) return { cells: r.cells.map((c, k) => ({ text: c.text, colSpan: 1, place: { ...r.place, cell: k + 1 } })), place: r.place };
    const texts: string[] = columns.map(() => "");
    for (const c of atColumnStarts(r.cells, columns).map((p) => ({ x: p.x, text: cellText(p.items) }))) {
      let k = 0;
      for (let j = 0; j < columns.length; j++) if (columns[j]! <= c.x + TOL * 2) k = j;
      texts[k] = texts[k] === "" ? c.text : `${texts[k]} ${c.text}`;
    }
    return { cells: texts.map((text, k) => ({ text, colSpan: 1, place: { ...r.place, cell: k + 1 } })), place: r.place };
  });
  return {
    format: "pdf",
    paragraphs,
    tables: [{ rows: grid, rowsAreLines: true, mergesLost: true, place: { table: 1, ...(rows[0] ? { page: rows[0].place.page } : {}) } }],
    preamble: [...paragraphs],
  };
};

/**
 * Reads a PDF's text layer.
 *
 * @example (await readPdf(bytes)).pipe(Either.getOrThrow).tables[0]?.rows[0]?.cells[1]?.text // "Найменування заходу"
 */
export const readPdf = async (bytes: Uint8Array): Promise<Either.Either<ReadDocument, UnreadableDocument>> => {
  const { getDocument, OPS } = await loadPdfJs();
  // pdf.js takes ownership of the buffer it is given; a copy leaves the caller's bytes intact. A plain
  // Uint8Array, because pdf.js refuses Node's Buffer (which `readFile` gives) and Buffer#slice is a view.
  const task = getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (e) {
    const name = (e as { name?: string }).name;
    if (name === "PasswordException") return Either.left(unreadable("PDF захищений паролем / the PDF is password-protected"));
    const why = (e instanceof Error ? e.message : String(e)).split("\n")[0];
    return Either.left(unreadable(`пошкоджений PDF: ${why} / corrupt PDF: ${why}`));
  }
  try {
    const pages: PageText[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const items: Item[] = [];
      for (const raw of content.items) {
        if (!("str" in raw) || raw.str.trim() === "") continue;
        const [a, b, , , e, f] = raw.transform as number[];
        items.push({ str: raw.str, x: e!, y: f!, w: raw.width, size: Math.hypot(a!, b!) || raw.height || 10 });
      }
      const { h, v } = rulingLines(await page.getOperatorList(), OPS);
      pages.push({ page: n, items, grids: gridsOf(h, v) });
      page.cleanup();
    }
    if (pages.every((p) => p.items.length === 0)) {
      return Either.left(unreadable("PDF без текстового шару: потрібне розпізнавання тексту (OCR) / PDF has no text layer: needs OCR"));
    }
    return Either.right(pages.some((p) => p.grids.length > 0) ? lattice(pages) : lineTable(pages));
  } catch (e) {
    const why = (e instanceof Error ? e.message : String(e)).split("\n")[0];
    return Either.left(unreadable(`пошкоджений PDF: ${why} / corrupt PDF: ${why}`));
  } finally {
    await doc.destroy();
  }
};
