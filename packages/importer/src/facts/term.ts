/**
 * @module The term of a measure, read by the domain's term parser; the importer only cleans the cell.
 */
import { parseTerm, type Term, type TermContext } from "@planledger/domain";
import { squash } from "../text/clean.js";

/**
 * Reads a printed term cell.
 *
 * @example readTerm("II-IV кв. 2019 року").kind // "quarterRange"
 */
export const readTerm = (cell: string, context?: TermContext): Term => parseTerm(squash(cell), context);

/**
 * A term printed as its start and its end on two labelled lines — «початок: травень 2026 р.» / «закінчення: серпень
 * 2026 р.» — written as the range it is, «травень 2026 р. – серпень 2026 р.»; any other text as it is.
 *
 * @example startToEnd("початок: травень 2026 р. закінчення: серпень 2026 р.") // "травень 2026 р. – серпень 2026 р."
 */
export const startToEnd = (text: string): string => {
  const m = /^початок\s*:\s*(\S.*?)[\s;,]+(?:закінчення|кінець)\s*:\s*(\S.*)$/iu.exec(text);
  return m === null ? text : `${m[1]} – ${m[2]}`;
};
