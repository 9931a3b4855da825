/** @jsxRuntime automatic @jsxImportSource hono/jsx */
/**
 * @module A date typed as people here write it, дд.мм.рррр, whatever the browser's language: a text field (a
 * `type="date"` field shows mm/dd/yyyy in an English-language browser). The server reads дд.мм.рррр, рррр-мм-дд and,
 * for `asOf`, an ISO-8601 instant; a day held as рррр-мм-дд is shown as дд.мм.рррр, anything else as it was typed.
 */
import type { FC } from "hono/jsx";
import { formatDate } from "../i18n/format.js";
import type { Lang } from "../i18n/lang.js";

/**
 * @example <DateField lang="uk" name="asOf" value="2020-07-01" /> // <input … value="01.07.2020" placeholder="дд.мм.рррр">
 */
export const DateField: FC<{ lang: Lang; name: string; value: string | null | undefined; id?: string; required?: boolean }> = ({
  lang,
  name,
  value,
  id,
  required,
}) => (
  <input
    id={id}
    name={name}
    type="text"
    inputmode="numeric"
    autocomplete="off"
    size={10}
    placeholder={lang === "en" ? "dd.mm.yyyy" : "дд.мм.рррр"}
    value={value === null || value === undefined ? "" : /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(value) : value}
    required={required}
  />
);

/**
 * A day typed дд.мм.рррр as рррр-мм-дд, the form the views take; any other text unchanged (their parsers judge it).
 *
 * @example isoDay("01.07.2020") // "2020-07-01"
 */
export const isoDay = (text: string): string => {
  const m = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(text.trim());
  return m === null ? text.trim() : `${m[3]}-${m[2]}-${m[1]}`;
};
