/** @jsxRuntime automatic @jsxImportSource hono/jsx */
/**
 * @module The columns of an imported table, as a person sees and corrects them: on the preview, what the reader
 * took each column for and how sure it was; when it could not map them alone, a form that assigns each column a
 * field and reads the file again. The choice is kept with the upload and recorded with the adoption.
 */
import type { FC } from "hono/jsx";
import { sideOf } from "../i18n/bilingual.js";
import type { Lang } from "../i18n/lang.js";
import { tr } from "../page-context.js";
import { COLUMN_FIELDS, type ColumnChoice, type ColumnField, type ReadingView } from "../plan-writes.js";

export const COLUMNS_PATH = "/plans/import/columns";

const fieldNames: Readonly<Record<ColumnField, { readonly uk: string; readonly en: string }>> = {
  label: { uk: "№ (номер)", en: "№ (number)" },
  task: { uk: "Завдання", en: "Task" },
  title: { uk: "Захід (назва)", en: "Measure (title)" },
  executors: { uk: "Виконавці", en: "Executors" },
  term: { uk: "Строк виконання", en: "Term" },
  indicator: { uk: "Індикатор / очікуваний результат", en: "Indicator / expected result" },
  source: { uk: "Джерело фінансування", en: "Funding source" },
  total: { uk: "Фінансування усього, тис. грн", en: "Funding in total, thous. UAH" },
  year: { uk: "Фінансування за рік, тис. грн", en: "Funding for a year, thous. UAH" },
  ignore: { uk: "Не читати", en: "Do not read" },
};

/** A field's name for the reader's language. */
export const fieldName = (field: ColumnField, lang: Lang): string => fieldNames[field][lang];

const doubtfulField: Readonly<Record<string, { readonly uk: string; readonly en: string }>> = {
  title: { uk: "назва", en: "title" },
  term: { uk: "строк", en: "term" },
  executors: { uk: "виконавці", en: "executors" },
  indicator: { uk: "індикатор", en: "indicator" },
  budget: { uk: "фінансування", en: "funding" },
};

const confidenceNames = {
  high: { uk: "впевнено", en: "sure" },
  medium: { uk: "імовірно", en: "likely" },
  low: { uk: "сумнівно", en: "doubtful" },
} as const;

/**
 * Reads the assignment form: `field-N` (and `year-N` for a year's money) for each column N. Unknown fields and
 * impossible years are refused with the column's number, so nothing half-read is used.
 *
 * @example readColumnChoice({ "field-0": "label", "field-1": "title" }, 2) // { ok: true, columns: [...] }
 */
export const readColumnChoice = (
  form: Readonly<Record<string, string | undefined>>,
  count: number,
): { readonly ok: true; readonly columns: ColumnChoice } | { readonly ok: false; readonly column: number; readonly why: "field" | "year" } => {
  const columns: Array<{ column: number; field: ColumnField; year?: number }> = [];
  for (let column = 0; column < count; column++) {
    const field = form[`field-${column}`] ?? "ignore";
    if (!(COLUMN_FIELDS as ReadonlyArray<string>).includes(field)) return { ok: false, column, why: "field" };
    if (field === "year") {
      const year = Number((form[`year-${column}`] ?? "").trim());
      if (!Number.isInteger(year) || year < 1991 || year > 2100) return { ok: false, column, why: "year" };
      columns.push({ column, field, year });
    } else {
      columns.push({ column, field: field as ColumnField });
    }
  }
  return { ok: true, columns };
};

/** The column form's rows: a header as printed and the field given to it (or proposed). */
export interface ColumnRow {
  readonly column: number;
  readonly header: string;
  readonly field: ColumnField;
  readonly year?: number;
}

/** One select (and year input) per column, posted to `COLUMNS_PATH` with the pending upload's id. */
export const ColumnForm: FC<{ lang: Lang; csrf: string; pendingId: string; rows: ReadonlyArray<ColumnRow>; submit: string }> = ({ lang, csrf, pendingId, rows, submit }) => {
  const T = tr({ lang });
  return (
    <form method="post" action={COLUMNS_PATH} data-columns-form="">
      <input type="hidden" name="_csrf" value={csrf} />
      <input type="hidden" name="id" value={pendingId} />
      <div class="table-wrap" tabindex={0}>
        <table>
          <caption class="small">
            {T(
              "Для кожної колонки таблиці документа оберіть, що в ній записано. Колонки, яких немає в плані (примітки, стан виконання), позначте «Не читати».",
              "For each column of the document's table, choose what it holds. Mark columns the plan does not need (notes, progress so far) “Do not read”.",
            )}
          </caption>
          <thead>
            <tr>
              <th scope="col">{T("Колонка", "Column")}</th>
              <th scope="col">{T("Заголовок у документі", "Header in the document")}</th>
              <th scope="col">{T("Що в ній", "What it holds")}</th>
              <th scope="col">{T("Рік (для фінансування за рік)", "Year (for a year's funding)")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr data-column={r.column}>
                <th scope="row">{r.column + 1}</th>
                <td>{r.header === "" ? <span class="muted">{T("(без заголовка)", "(no header)")}</span> : r.header}</td>
                <td>
                  <label class="visually-hidden" for={`field-${r.column}`}>
                    {T(`Що в колонці ${r.column + 1}`, `What column ${r.column + 1} holds`)}
                  </label>
                  <select name={`field-${r.column}`} id={`field-${r.column}`}>
                    {COLUMN_FIELDS.map((f) => (
                      <option value={f} selected={f === r.field}>
                        {fieldName(f, lang)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <label class="visually-hidden" for={`year-${r.column}`}>
                    {T(`Рік колонки ${r.column + 1}`, `Year of column ${r.column + 1}`)}
                  </label>
                  <input id={`year-${r.column}`} name={`year-${r.column}`} inputmode="numeric" size={4} value={r.year === undefined ? "" : String(r.year)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <button type="submit">{submit}</button>
      </p>
    </form>
  );
};

/** On the preview: what each column was taken for, how sure the reader was, and the measures it doubted. */
export const ReadingSection: FC<{ lang: Lang; reading: ReadingView; csrf: string; pendingId: string | null }> = ({ lang, reading, csrf, pendingId }) => {
  const T = tr({ lang });
  const unsure = reading.columns.filter((c) => c.confidence !== "high").length;
  return (
    <section aria-labelledby="reading-heading" data-reading="">
      <h2 id="reading-heading">{T("Як прочитано таблицю", "How the table was read")}</h2>
      <p>
        {reading.assigned
          ? T(`Колонки (${reading.table}) призначено вручну.`, `The columns (${reading.table}) were assigned by hand.`)
          : T(
              `Прочитано: ${reading.table}. Колонки розпізнано за заголовками та вмістом${unsure > 0 ? `; не впевнено щодо ${unsure}` : ""}.`,
              `Read: ${reading.table}. Columns recognised from their headers and content${unsure > 0 ? `; unsure of ${unsure}` : ""}.`,
            )}
      </p>
      <div class="table-wrap" tabindex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">{T("Колонка", "Column")}</th>
              <th scope="col">{T("Заголовок у документі", "Header in the document")}</th>
              <th scope="col">{T("Прочитано як", "Read as")}</th>
              <th scope="col">{T("Певність", "Confidence")}</th>
              <th scope="col">{T("Чому", "Why")}</th>
            </tr>
          </thead>
          <tbody>
            {reading.columns.map((c) => (
              <tr data-column={c.column} data-confidence={c.confidence}>
                <th scope="row">{c.column + 1}</th>
                <td>{c.header === "" ? "—" : c.header}</td>
                <td>
                  {fieldName(c.field, lang)}
                  {c.year === undefined ? "" : ` ${c.year}`}
                </td>
                <td class={c.confidence === "low" ? "mismatch" : undefined}>{confidenceNames[c.confidence][lang]}</td>
                <td class="small">{sideOf(c.because, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {reading.unplaced.length > 0 && (
        <p class="notice bad">
          {T("Заголовки, яким не знайдено місця:", "Headers with no place found:")} {reading.unplaced.map((h) => `«${h}»`).join(", ")}
        </p>
      )}
      {reading.doubtful.length > 0 && (
        <details>
          <summary>
            {T(`Заходи з сумнівними значеннями: ${reading.doubtful.length}`, `Measures with doubtful values: ${reading.doubtful.length}`)}
          </summary>
          <ul class="small">
            {reading.doubtful.map((d) => (
              <li data-doubtful={d.path}>
                {d.path} ({d.where}): {d.fields.map((f) => doubtfulField[f]?.[lang] ?? f).join(", ")}
              </li>
            ))}
          </ul>
        </details>
      )}
      {pendingId !== null && (
        <details data-change-columns="">
          <summary>{T("Змінити колонки й прочитати ще раз", "Change the columns and read again")}</summary>
          <ColumnForm
            lang={lang}
            csrf={csrf}
            pendingId={pendingId}
            rows={reading.columns.map((c) => ({ column: c.column, header: c.header, field: c.field, ...(c.year === undefined ? {} : { year: c.year }) }))}
            submit={T("Прочитати з цими колонками", "Read with these columns")}
          />
        </details>
      )}
    </section>
  );
};
