/**
 * @module Which language a page speaks: `?lang=` first, then the `lang` cookie, then Ukrainian.
 */
export type Lang = "uk" | "en";

export const LANGS: ReadonlyArray<Lang> = ["uk", "en"];

export const isLang = (value: string | undefined): value is Lang => value === "uk" || value === "en";

/** A bilingual text; pages pick one side with `t`. */
export interface Text {
  readonly uk: string;
  readonly en: string;
}

/** @example t({ uk: "План", en: "Plan" }, "en") // "Plan" */
export const t = (text: Text, lang: Lang): string => text[lang];
