/**
 * @module Texts the importer and the domain write as "українською / in English": the reader's side of them.
 */
import type { Lang } from "./lang.js";

/** The side of an "українською / in English" text for the reader's language. */
export const sideOf = (text: string, lang: Lang): string => {
  const at = text.indexOf(" / ");
  if (at < 0) return text;
  return lang === "uk" ? text.slice(0, at) : text.slice(at + 3);
};
