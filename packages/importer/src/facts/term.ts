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
