/**
 * @module One cell holding a measure's term and its bodies («Строк виконання, виконавці»): the term's lines, then the
 * bodies one a line (or the bodies first and the term last, as the column's header names them).
 */
import { opensNextBody } from "../facts/executors.js";
import { squash } from "../text/clean.js";
import { isAgencyShortName, isRelativeTerm, isTermText } from "./vocabulary.js";

// «КНП «…»», «ДУ «…»»: a legal form's abbreviation before a quoted name opens a body, whatever line ends above it.
const legalForm = /^\p{Lu}{2,5}\s*[«"“]/u;

const opensBodyAfter = (before: string, line: string): boolean =>
  opensNextBody(before, line) || legalForm.test(line) || isAgencyShortName(line.split(/[\s,;]/)[0] ?? "");

const readsAsTerm = (text: string): boolean => isTermText(text) || isRelativeTerm(text);

/**
 * Splits such a cell into the term and the bodies. With the term first, the term is every line up to the first that opens a
 * body (a term may wrap over lines: «щотижня, по понеділках, з 01.10.2026» / «до 31.03.2027»); with the term last, the
 * longest run of last lines that reads as a term. A cell with one line and the term first is all term.
 *
 * @example termAndBodies("жовтень 2026 р.\nУправління охорони здоров’я\nКНП «Лікарня»", "first") // { term: "жовтень 2026 р.", bodies: "Управління охорони здоров’я\nКНП «Лікарня»" }
 */
export const termAndBodies = (cell: string, order: "first" | "last"): { term: string; bodies: string } => {
  const lines = cell.split("\n").map(squash).filter((l) => l !== "");
  if (order === "first") {
    const k = lines.findIndex((line, i) => i > 0 && opensBodyAfter(lines.slice(0, i).join(" "), line));
    const cut = k === -1 ? lines.length : k;
    return { term: lines.slice(0, cut).join(" "), bodies: lines.slice(cut).join("\n") };
  }
  for (let k = 1; k < lines.length; k++) {
    const term = lines.slice(k).join(" ");
    if (readsAsTerm(term)) return { term, bodies: lines.slice(0, k).join("\n") };
  }
  return { term: "", bodies: lines.join("\n") };
};
