/**
 * @module What every page knows besides its own view model: language, the node it is on, the clock, its URL.
 */
import type { Lang } from "./i18n/lang.js";
import type { Viewer } from "./people.js";
import type { NodeFacts } from "./web-source.js";

export interface PageContext {
  readonly lang: Lang;
  readonly node: NodeFacts;
  readonly now: Date;
  /** Path and query of the page, without `lang`: the language switch links to it. */
  readonly self: string;
  /** A child silent for longer than this many days is flagged. */
  readonly silentDays: number;
  /** The as-of moment the page shows, when not now. */
  readonly asOf: string | null;
  /** Who is signed in, or null. */
  readonly viewer: Viewer | null;
}

/** Picks the side of a bilingual pair: `tr(ctx)("План", "Plan")`. */
export const tr =
  (ctx: { readonly lang: Lang }) =>
  (uk: string, en: string): string =>
    ctx.lang === "uk" ? uk : en;
