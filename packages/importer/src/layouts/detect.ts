/**
 * @module Which layout a text has. The layouts are tried in order; the first whose signature matches
 * parses. Adding a layout means adding it to `layouts` (see docs/import.md).
 */
import { cellPerLine } from "./cell-per-line.js";
import type { Layout } from "./layout.js";
import { markdownTables } from "./markdown-tables.js";
import type { Source } from "./source.js";
import { tabMarkup } from "./tab-markup.js";
import { tabRows } from "./tab-rows.js";

/** Every known layout, most specific signature first. */
export const layouts: ReadonlyArray<Layout> = [markdownTables, tabMarkup, tabRows, cellPerLine];

/**
 * The layout of a text, or null.
 *
 * @example detectLayout(toSource(text))?.name // "tab-markup"
 */
export const detectLayout = (source: Source): Layout | null => layouts.find((l) => l.sniff(source)) ?? null;
