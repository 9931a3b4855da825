/**
 * @module What a layout is: a name, a cheap test whether a text looks like it, and a parser.
 */
import type { PlanDocument } from "@planledger/domain";
import type { Source } from "./source.js";

/** A layout parser either reads the document or says why it cannot. */
export type LayoutResult = { readonly ok: true; readonly document: PlanDocument } | { readonly ok: false; readonly reason: string };

export interface Layout {
  readonly name: "tab-rows" | "cell-per-line" | "markdown-tables" | "tab-markup";
  /** True when the text has this layout's signature; detection tries layouts in order. */
  readonly sniff: (source: Source) => boolean;
  readonly parse: (source: Source) => LayoutResult;
}
