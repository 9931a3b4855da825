/**
 * @module The labels Word prints in front of automatically numbered paragraphs ("1.", "2)", "1.1."),
 * computed from word/numbering.xml the way Word counts them: one counter per list, in document order, a
 * level's counter restarting when a higher level advances. The labels are not in the text of the document,
 * yet measures and tasks are identified by them.
 */
import type { Document, Element, Node } from "@xmldom/xmldom";

const ELEMENT = 1;

const children = (node: Node): Element[] => {
  const out: Element[] = [];
  for (let c = node.firstChild; c !== null; c = c.nextSibling) if (c.nodeType === ELEMENT) out.push(c as Element);
  return out;
};
const child = (node: Node | undefined, local: string): Element | undefined =>
  node === undefined ? undefined : children(node).find((c) => c.localName === local);
const val = (el: Element | undefined): string | undefined => {
  if (el === undefined) return undefined;
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes.item(i);
    if (a !== null && a.localName === "val") return a.value;
  }
  return undefined;
};

/** One level of a list definition. */
export interface Level {
  readonly start: number;
  readonly numFmt: string;
  readonly lvlText: string;
  readonly isLgl: boolean;
}

export interface NumDefinition {
  readonly abstractId: string;
  /** Levels the concrete list overrides: a start (w:startOverride) and/or a whole level. */
  readonly overrides: ReadonlyMap<number, { readonly start?: number; readonly level?: Level }>;
}

export interface NumberingDefinitions {
  readonly nums: ReadonlyMap<string, NumDefinition>;
  readonly abstracts: ReadonlyMap<string, { readonly levels: ReadonlyMap<number, Level>; readonly numStyleLink?: string }>;
}

/** A paragraph style's own numbering (Heading 1 numbered through its style). */
export type StyleNumbering = ReadonlyMap<string, { readonly numId?: string; readonly ilvl?: number }>;

const readLevel = (lvl: Element): Level => ({
  start: Number(val(child(lvl, "start")) ?? 1),
  numFmt: val(child(lvl, "numFmt")) ?? "decimal",
  lvlText: val(child(lvl, "lvlText")) ?? "",
  isLgl: child(lvl, "isLgl") !== undefined,
});

const attrOf = (el: Element, local: string): string | undefined => {
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes.item(i);
    if (a !== null && a.localName === local) return a.value;
  }
  return undefined;
};

/**
 * The list definitions of word/numbering.xml.
 *
 * @example readNumbering(parseXml(numberingXml)).nums.get("1")?.abstractId // "0"
 */
export const readNumbering = (doc: Document | null): NumberingDefinitions => {
  const nums = new Map<string, NumDefinition>();
  const abstracts = new Map<string, { levels: Map<number, Level>; numStyleLink?: string }>();
  const root = doc?.documentElement ?? undefined;
  if (root === undefined || root === null) return { nums, abstracts };
  for (const el of children(root)) {
    if (el.localName === "abstractNum") {
      const id = attrOf(el, "abstractNumId");
      if (id === undefined) continue;
      const levels = new Map<number, Level>();
      for (const lvl of children(el)) if (lvl.localName === "lvl") levels.set(Number(attrOf(lvl, "ilvl") ?? 0), readLevel(lvl));
      const link = val(child(el, "numStyleLink"));
      abstracts.set(id, link === undefined ? { levels } : { levels, numStyleLink: link });
    } else if (el.localName === "num") {
      const id = attrOf(el, "numId");
      const abstractId = val(child(el, "abstractNumId"));
      if (id === undefined || abstractId === undefined) continue;
      const overrides = new Map<number, { start?: number; level?: Level }>();
      for (const o of children(el)) {
        if (o.localName !== "lvlOverride") continue;
        const start = val(child(o, "startOverride"));
        const lvl = child(o, "lvl");
        overrides.set(Number(attrOf(o, "ilvl") ?? 0), {
          ...(start !== undefined ? { start: Number(start) } : {}),
          ...(lvl !== undefined ? { level: readLevel(lvl) } : {}),
        });
      }
      nums.set(id, { abstractId, overrides });
    }
  }
  return { nums, abstracts };
};

/**
 * The numbering each paragraph style carries, its `basedOn` chain followed.
 *
 * @example readStyleNumbering(parseXml(stylesXml)).get("Heading1") // { numId: "3", ilvl: 0 }
 */
export const readStyleNumbering = (doc: Document | null): StyleNumbering => {
  const own = new Map<string, { numId?: string; ilvl?: number; basedOn?: string }>();
  const root = doc?.documentElement ?? undefined;
  if (root === undefined || root === null) return new Map();
  for (const el of children(root)) {
    if (el.localName !== "style") continue;
    const id = attrOf(el, "styleId");
    if (id === undefined) continue;
    const numPr = child(child(el, "pPr"), "numPr");
    const numId = val(child(numPr, "numId"));
    const ilvl = val(child(numPr, "ilvl"));
    const basedOn = val(child(el, "basedOn"));
    own.set(id, {
      ...(numId !== undefined ? { numId } : {}),
      ...(ilvl !== undefined ? { ilvl: Number(ilvl) } : {}),
      ...(basedOn !== undefined ? { basedOn } : {}),
    });
  }
  const resolved = new Map<string, { numId?: string; ilvl?: number }>();
  for (const id of own.keys()) {
    let numId: string | undefined;
    let ilvl: number | undefined;
    const seen = new Set<string>();
    for (let s: string | undefined = id; s !== undefined && !seen.has(s); s = own.get(s)?.basedOn) {
      seen.add(s);
      const o = own.get(s);
      numId ??= o?.numId;
      ilvl ??= o?.ilvl;
    }
    if (numId !== undefined) resolved.set(id, { numId, ...(ilvl !== undefined ? { ilvl } : {}) });
  }
  return resolved;
};

const roman = (n: number): string => {
  const table: ReadonlyArray<[number, string]> = [
    [1000, "M"], [900, "CM"], [500, "D"], [400, "CD"], [100, "C"], [90, "XC"],
    [50, "L"], [40, "XL"], [10, "X"], [9, "IX"], [5, "V"], [4, "IV"], [1, "I"],
  ];
  let out = "";
  let rest = n;
  for (const [v, s] of table) {
    while (rest >= v) {
      out += s;
      rest -= v;
    }
  }
  return out;
};

/** Word's letter numbering repeats the letter past the alphabet: a … z, aa … zz. */
const letters = (n: number, alphabet: string): string => {
  if (n < 1) return String(n);
  const i = (n - 1) % alphabet.length;
  return alphabet[i]!.repeat(Math.floor((n - 1) / alphabet.length) + 1);
};

// Word's "russianLower" list: the letters it skips (ё, й, ъ, ы, ь) are the ones a list never uses.
const RUSSIAN = "абвгдежзиклмнопрстуфхцчшщэюя";

/**
 * A counter as a level prints it.
 *
 * @example formatNumber(4, "upperRoman") // "IV"
 */
export const formatNumber = (n: number, numFmt: string): string => {
  switch (numFmt) {
    case "upperRoman":
      return roman(n);
    case "lowerRoman":
      return roman(n).toLowerCase();
    case "upperLetter":
      return letters(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    case "lowerLetter":
      return letters(n, "abcdefghijklmnopqrstuvwxyz");
    case "russianLower":
      return letters(n, RUSSIAN);
    case "russianUpper":
      return letters(n, RUSSIAN.toUpperCase());
    case "decimalZero":
      return n < 10 ? `0${n}` : String(n);
    case "none":
      return "";
    default:
      // decimal and the many decorated decimals (enclosed, full-width) print as plain digits here.
      return String(n);
  }
};

/** The running counters of a document's lists, advanced paragraph by paragraph in document order. */
export class NumberingState {
  private readonly counters = new Map<string, Array<number | undefined>>();

  constructor(
    private readonly definitions: NumberingDefinitions,
    private readonly styles: StyleNumbering,
  ) {}

  private levelsOf(numId: string): { key: string; level: (ilvl: number) => Level | undefined } | null {
    const num = this.definitions.nums.get(numId);
    if (num === undefined) return null;
    let abstract = this.definitions.abstracts.get(num.abstractId);
    // A list defined through a numbering style points to the style, whose list holds the levels.
    if (abstract?.numStyleLink !== undefined) {
      const viaStyle = this.styles.get(abstract.numStyleLink)?.numId;
      const linked = viaStyle === undefined ? undefined : this.definitions.nums.get(viaStyle);
      if (linked !== undefined) abstract = this.definitions.abstracts.get(linked.abstractId) ?? abstract;
    }
    const levels = abstract?.levels;
    // Lists sharing a definition share counters in Word, unless the concrete list restarts them.
    const restarts = [...num.overrides.values()].some((o) => o.start !== undefined || o.level !== undefined);
    return {
      key: restarts ? `num:${numId}` : `abstract:${num.abstractId}`,
      level: (ilvl) => {
        const o = num.overrides.get(ilvl);
        const base = o?.level ?? levels?.get(ilvl);
        if (base === undefined) return undefined;
        return o?.start !== undefined ? { ...base, start: o.start } : base;
      },
    };
  }

  /**
   * The label Word prints before this paragraph (advancing the counters), or null when it is not numbered
   * or is a bullet.
   */
  labelFor(p: Element): string | null {
    const pPr = child(p, "pPr");
    const numPr = child(pPr, "numPr");
    const style = val(child(pPr, "pStyle"));
    const fromStyle = style === undefined ? undefined : this.styles.get(style);
    const numId = val(child(numPr, "numId")) ?? fromStyle?.numId;
    const ilvlText = val(child(numPr, "ilvl"));
    const ilvl = ilvlText !== undefined ? Number(ilvlText) : (fromStyle?.ilvl ?? 0);
    if (numId === undefined || numId === "0" || !Number.isInteger(ilvl) || ilvl < 0 || ilvl > 8) return null;
    const list = this.levelsOf(numId);
    if (list === null) return null;
    const level = list.level(ilvl);
    if (level === undefined || level.numFmt === "bullet" || level.lvlText === "") return null;
    const counters = this.counters.get(list.key) ?? [];
    counters[ilvl] = (counters[ilvl] ?? level.start - 1) + 1;
    for (let deeper = ilvl + 1; deeper < counters.length; deeper++) counters[deeper] = undefined;
    this.counters.set(list.key, counters);
    return level.lvlText.replace(/%([1-9])/g, (_, d: string) => {
      const at = Number(d) - 1;
      const of = list.level(at);
      const n = counters[at] ?? of?.start ?? 1;
      return formatNumber(n, level.isLgl ? "decimal" : (of?.numFmt ?? "decimal"));
    });
  }
}
