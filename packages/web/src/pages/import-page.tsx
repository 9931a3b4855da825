/** @jsxRuntime automatic @jsxImportSource hono/jsx */
/**
 * @module Importing a plan document from the browser: the upload form (file, optional parent plan), and the
 * preview of what was read — header, the tree of sections → tasks → measures, counts and every anomaly — with
 * "record" and "cancel"; for a plan already held here, how the document differs from it.
 */
import type { Anomaly, PlanDocument } from "@planledger/domain";
import type { PlanSummary } from "@planledger/projections";
import type { FC } from "hono/jsx";
import { Layout } from "../components/layout.js";
import { formatDate, formatNumber } from "../i18n/format.js";
import type { Lang } from "../i18n/lang.js";
import { planHref } from "../href.js";
import { type PageContext, tr } from "../page-context.js";
import type { FieldDifference, ItemDifference, Placement, ReadingView } from "../plan-writes.js";
import { ColumnForm, type ColumnRow, ReadingSection } from "./import-columns.js";
import { sideOf } from "../i18n/bilingual.js";
import { DateField } from "../components/date-field.js";

export { sideOf };

export const IMPORT_PATH = "/plans/import";
/** The largest upload the import page reads, as the importer's own bound (a Word plan with its scans fits). */
export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;
const ACCEPT = [
  ".docx,.doc,.rtf,.xlsx,.xls,.pdf,.txt,.json,.csv",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/pdf,text/plain,application/json",
].join(",");


export interface ImportForm {
  readonly csrf: string;
  /** Plans held here, any of which a district plan may implement. */
  readonly plans: ReadonlyArray<PlanSummary>;
  readonly parentPlanId: string;
  readonly notice: { readonly kind: "ok" | "bad"; readonly text: string } | null;
  /** Why the last upload was refused, shown in the error summary and beside the file field. */
  readonly error: string | null;
}

const planName = (p: PlanSummary, lang: Lang): string =>
  `${p.title ?? p.id}${p.order.number === null ? "" : ` (№ ${p.order.number})`}${p.replica ? ` — ${lang === "uk" ? "копія з вузла" : "replica from"} ${p.owner}` : ""}`;

export const ImportFormPage: FC<{ ctx: PageContext; form: ImportForm }> = ({ ctx, form }) => {
  const T = tr(ctx);
  return (
    <Layout ctx={ctx} title={T("Імпорт плану", "Import a plan")}>
      <p class="crumbs">
        <a href="/">{T("Головна", "Home")}</a> › {T("Імпорт плану", "Import a plan")}
      </p>
      <h1>{T("Імпортувати план із документа", "Import a plan from a document")}</h1>
      {form.notice !== null && (
        <p class={`notice ${form.notice.kind}`} role="status">
          {form.notice.text}
        </p>
      )}
      {form.error !== null && (
        <div class="notice bad" role="alert" aria-labelledby="error-summary" data-errors="1">
          <h2 id="error-summary" class="small">
            {T("Файл не прийнято", "The file was not accepted")}
          </h2>
          <ul>
            <li>
              <a href="#f-document">{form.error}</a>
            </li>
          </ul>
        </div>
      )}
      <p>
        {T(
          "Завантажте документ плану: нічого не буде записано, доки ви не переглянете прочитане й не підтвердите запис.",
          "Upload the plan's document: nothing is recorded until you have reviewed what was read and confirmed.",
        )}
      </p>
      <form method="post" action={IMPORT_PATH} enctype="multipart/form-data">
        <input type="hidden" name="_csrf" value={form.csrf} />
        <div class="field">
          <label for="f-document">{T("Документ плану (Word, Excel, PDF або текст, до 25 МБ)", "Plan document (Word, Excel, PDF or text, up to 25 MB)")}</label>
          <span class="small muted" id="f-document-hint">
            {T(
              "Документ .docx, .xlsx чи .pdf з таблицею заходів; .doc, .rtf і .xls — якщо на вузлі встановлено LibreOffice; текст, скопійований зі сторінки zakon.rada.gov.ua; JSON обміну. Формат визначається за вмістом файлу, не за назвою.",
              "A .docx, .xlsx or .pdf with the table of measures; .doc, .rtf and .xls when LibreOffice is installed on the node; text copied from a zakon.rada.gov.ua page; the interchange JSON. The format is told from the file's content, not its name.",
            )}
          </span>
          <input
            type="file"
            name="document"
            id="f-document"
            accept={ACCEPT}
            required
            aria-describedby={form.error === null ? "f-document-hint" : "f-document-hint f-document-error"}
            aria-invalid={form.error === null ? undefined : "true"}
          />
          {form.error !== null && (
            <span class="mismatch small" id="f-document-error">
              {form.error}
            </span>
          )}
        </div>
        <div class="field">
          <label for="f-parent">{T("План вищого рівня, який виконує цей план (необов'язково)", "Higher-level plan this plan implements (optional)")}</label>
          <select name="parentPlanId" id="f-parent">
            <option value="">{T("— немає —", "— none —")}</option>
            {form.plans.map((p) => (
              <option value={p.id} selected={p.id === form.parentPlanId}>
                {planName(p, ctx.lang)}
              </option>
            ))}
          </select>
        </div>
        <p>
          <button type="submit">{T("Прочитати й переглянути", "Read and preview")}</button>
        </p>
      </form>
    </Layout>
  );
};

/** Anomaly kinds a person must check against the paper: figures or facts the document states twice, differently. */
const MISMATCH_KINDS: ReadonlySet<string> = new Set(["budget-total-mismatch", "budget-line-mismatch", "conflicting-fact"]);

const anomalyKinds: Readonly<Record<string, { readonly uk: string; readonly en: string }>> = {
  "missing-fact": { uk: "немає відомостей", en: "fact missing" },
  "conflicting-fact": { uk: "суперечливі відомості", en: "conflicting facts" },
  "missing-label": { uk: "без номера", en: "no number" },
  "skipped-label": { uk: "пропущений номер", en: "number skipped" },
  "duplicate-label": { uk: "повторений номер", en: "number repeated" },
  "ocr-label": { uk: "номер схожий на помилку розпізнавання", en: "number looks mis-read" },
  "repeated-row": { uk: "повторений рядок", en: "row repeated" },
  truncated: { uk: "файл обірвано", en: "file cut short" },
  "budget-total-mismatch": { uk: "«Всього» не дорівнює сумі", en: "stated total differs" },
  "budget-line-mismatch": { uk: "підсумок рядка не дорівнює сумі років", en: "line total differs" },
  "budget-unreadable": { uk: "сума не прочитана", en: "amount unreadable" },
  "misspelled-issuer": { uk: "назва органу з помилкою", en: "issuer misspelled" },
  "stray-consent": { uk: "«(за згодою)» без органу", en: "stray \"by consent\"" },
  "unparsed-term": { uk: "термін не прочитано", en: "term unread" },
  "term-from-period": { uk: "термін за періодом програми", en: "term from the period" },
  "header-inferred": { uk: "заголовка таблиці не надруковано", en: "no header row printed" },
  "label-in-title": { uk: "номер у назві", en: "number in the title" },
  doubtful: { uk: "сумнівне значення", en: "doubtful value" },
  "editors-note": { uk: "примітка редакції", en: "editors' note" },
  ditto: { uk: "«те саме»", en: "ditto mark" },
};

const kindLabel = (kind: string, lang: Lang): string => anomalyKinds[kind]?.[lang] ?? kind;

/** An anomaly's item path (`I. / 1. / б)`), without the source line. */
const pathOfAnomaly = (a: Anomaly): string => a.where.split(" · ")[0] ?? "";
const pathOf = (...labels: ReadonlyArray<string>): string => labels.filter((l) => l !== "").join(" / ");

export interface DocumentCounts {
  readonly sections: number;
  readonly tasks: number;
  readonly measures: number;
  readonly budgetLines: number;
  readonly anomalies: number;
  readonly mismatches: number;
}

export const countsOf = (doc: PlanDocument): DocumentCounts => {
  const tasks = doc.sections.flatMap((s) => s.tasks);
  const measures = tasks.flatMap((t) => t.measures);
  return {
    sections: doc.sections.length,
    tasks: tasks.length,
    measures: measures.length,
    budgetLines: measures.reduce((n, m) => n + m.budget.length, 0),
    anomalies: doc.anomalies.length,
    mismatches: doc.anomalies.filter((a) => MISMATCH_KINDS.has(a.kind)).length,
  };
};

export interface ImportPreview {
  readonly csrf: string;
  /** The id of the document kept on the server for "record"; null when there is nothing to record here. */
  readonly pendingId: string | null;
  readonly fileName: string;
  readonly layout: string;
  readonly document: PlanDocument;
  readonly placement: Placement;
  readonly parent: PlanSummary | null;
  /** The document is a newer version of a plan held here: `pendingId` records it as an amendment. */
  readonly amendable?: boolean;
  /** Why the amending order was refused, when it was. */
  readonly amendError?: string | null;
  /** How the general table reader read the file's table, when it did. */
  readonly reading?: ReadingView | null;
  /** The id under which the upload is kept for reading again with other columns. */
  readonly columnsId?: string | null;
}

const formats: Readonly<Record<string, { readonly uk: string; readonly en: string }>> = {
  docx: { uk: "документ Word (.docx)", en: "Word document (.docx)" },
  doc: { uk: "документ Word 97–2003 (.doc), перетворений LibreOffice", en: "Word 97–2003 document (.doc), converted by LibreOffice" },
  rtf: { uk: "документ RTF, перетворений LibreOffice", en: "RTF document, converted by LibreOffice" },
  xlsx: { uk: "книга Excel (.xlsx)", en: "Excel workbook (.xlsx)" },
  xls: { uk: "книга Excel 97–2003 (.xls), перетворена LibreOffice", en: "Excel 97–2003 workbook (.xls), converted by LibreOffice" },
  pdf: { uk: "PDF з текстовим шаром", en: "PDF with a text layer" },
  "web-text": { uk: "текст, скопійований з вебсторінки", en: "text copied from a web page" },
  "interchange-json": { uk: "JSON обміну", en: "interchange JSON" },
  "interchange-csv": { uk: "CSV обміну", en: "interchange CSV" },
  "interchange-xlsx": { uk: "XLSX, вивантажена з вузла", en: "XLSX exported by a node" },
};

/** The format as the node read it: a container format, an exchange format, or a seed layout's name. */
const formatLabel = (layout: string, lang: Lang): string =>
  formats[layout]?.[lang] ?? (lang === "uk" ? `текст (макет «${layout}»)` : `text (layout “${layout}”)`);

const DocumentTree: FC<{ doc: PlanDocument; lang: Lang }> = ({ doc, lang }) => {
  const T = tr({ lang });
  const unsure = new Map<string, Anomaly[]>();
  for (const a of doc.anomalies) unsure.set(pathOfAnomaly(a), [...(unsure.get(pathOfAnomaly(a)) ?? []), a]);
  return (
    <>
      {doc.sections.map((s) => (
        <details open data-preview-section={s.label}>
          <summary>
            <strong>
              {s.label} {s.title}
            </strong>{" "}
            <span class="small muted">
              ({T("завдань", "tasks")} {s.tasks.length}, {T("заходів", "measures")} {s.tasks.reduce((n, t) => n + t.measures.length, 0)})
            </span>
          </summary>
          {s.tasks.map((t) => (
            <div class="table-wrap" tabindex={0}>
              <table data-preview-task={pathOf(s.label, t.label)}>
                <caption class="small">
                  {t.label} {t.title}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">№</th>
                    <th scope="col">{T("Захід", "Measure")}</th>
                    <th scope="col">{T("Термін", "Term")}</th>
                    <th scope="col">{T("Виконавці", "Executors")}</th>
                    <th scope="col">{T("Цілі індикатора", "Targets")}</th>
                    <th scope="col" class="num">
                      {T("Фінансування, тис. грн", "Budget, thous. UAH")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {t.measures.map((m) => {
                    const noted = unsure.get(pathOf(s.label, t.label, m.label)) ?? [];
                    const total = m.budget.reduce((n, b) => n + (b.total ?? 0), 0);
                    return (
                      <tr data-preview-measure={pathOf(s.label, t.label, m.label)} data-anomalies={noted.length > 0 ? noted.length : undefined}>
                        <th scope="row">
                          {m.label}
                          {noted.length > 0 && (
                            <span class="mismatch" title={noted.map((a) => sideOf(a.message, lang)).join("; ")}>
                              {" "}
                              ⚠<span class="visually-hidden">{T("є зауваження", "noted")}</span>
                            </span>
                          )}
                        </th>
                        <td>{m.title}</td>
                        <td>{m.term.text === "" ? "—" : m.term.text}</td>
                        <td class="small">
                          {m.executors.length === 0 ? "—" : m.executors.map((e) => `${e.name}${e.byConsent ? ` (${T("за згодою", "by consent")})` : ""}`).join("; ")}
                        </td>
                        <td class="small">{m.indicator.targets.length === 0 ? "—" : m.indicator.targets.map((x) => `${formatNumber(x.value, lang)} ${x.unit}`).join("; ")}</td>
                        <td class="num">{m.budget.length === 0 ? "—" : formatNumber(total, lang)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          ))}
        </details>
      ))}
    </>
  );
};

const AnomalyTable: FC<{ anomalies: ReadonlyArray<Anomaly>; lang: Lang }> = ({ anomalies, lang }) => {
  const T = tr({ lang });
  return (
    <div class="table-wrap" tabindex={0}>
      <table>
        <caption class="small">
          {T(
            "Що програма помітила в документі. Нічого з цього не виправлено мовчки: звірте з паперовим документом. Розбіжності сум і відомостей позначено ⚠.",
            "What the reader noticed in the document. None of it was silently fixed: check it against the paper. Differing totals and facts are marked ⚠.",
          )}
        </caption>
        <thead>
          <tr>
            <th scope="col">{T("Вид", "Kind")}</th>
            <th scope="col">{T("Де", "Where")}</th>
            <th scope="col">{T("Що помічено", "What was noticed")}</th>
          </tr>
        </thead>
        <tbody>
          {anomalies.map((a) => {
            const mismatch = MISMATCH_KINDS.has(a.kind);
            return (
              <tr data-anomaly={a.kind} data-mismatch={mismatch ? "" : undefined}>
                <td class={mismatch ? "mismatch" : undefined}>
                  {mismatch && "⚠ "}
                  {kindLabel(a.kind, lang)}
                </td>
                <td>{a.where}</td>
                <td class={mismatch ? "mismatch" : undefined}>{sideOf(a.message, lang)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
};

const fieldLabel = (f: FieldDifference["field"], lang: Lang): string =>
  ({
    label: { uk: "номер", en: "number" },
    title: { uk: "назва", en: "title" },
    term: { uk: "термін", en: "term" },
    executors: { uk: "виконавці", en: "executors" },
    indicator: { uk: "індикатор", en: "indicator" },
    budget: { uk: "фінансування", en: "budget" },
  })[f][lang];

/** A field's value before or after, in words. */
const describeField = (d: FieldDifference, side: "before" | "after", lang: Lang): string => {
  switch (d.field) {
    case "label":
    case "title":
      return d[side];
    case "term":
      return d[side].text;
    case "executors":
      return d[side].map((e) => `${e.name}${e.byConsent ? ` (${lang === "uk" ? "за згодою" : "by consent"})` : ""}`).join("; ");
    case "indicator": {
      const i = d[side];
      const targets = i.targets.map((t) => `${formatNumber(t.value, lang)} ${t.unit}`).join("; ");
      return targets === "" ? i.text : `${i.text} (${targets})`;
    }
    case "budget":
      return d[side]
        .map((b) => `${b.source}, ${b.executor}: ${Object.entries(b.byYear).map(([y, v]) => `${y} — ${formatNumber(v, lang)}`).join(", ")}${b.total === null ? "" : ` (${lang === "uk" ? "усього" : "total"} ${formatNumber(b.total, lang)})`}`)
        .join(" | ");
    default: {
      const _: never = d;
      return _;
    }
  }
};

const changeLabel = (d: ItemDifference, lang: Lang): string => {
  const what = { section: { uk: "розділ", en: "section" }, task: { uk: "завдання", en: "task" }, measure: { uk: "захід", en: "measure" } }[d.level][lang];
  const how = { added: { uk: "додано", en: "added" }, changed: { uk: "змінено", en: "changed" }, cancelled: { uk: "немає в документі — буде скасовано", en: "not in the document — to be cancelled" } }[d.change][lang];
  return `${what}: ${how}`;
};

/** The amending order's fields and "record the changes": the whole document's difference, as one amendment. */
const AmendForm: FC<{ doc: PlanDocument; lang: Lang; csrf: string; pendingId: string; error: string | null }> = ({ doc, lang, csrf, pendingId, error }) => {
  const T = tr({ lang });
  return (
    <form method="post" action={`${IMPORT_PATH}/amend`} class="filters" data-amend-form="">
      <input type="hidden" name="_csrf" value={csrf} />
      <input type="hidden" name="id" value={pendingId} />
      {error !== null && (
        <p class="notice bad" role="alert">
          <a href="#amend-number">{error}</a>
        </p>
      )}
      <div class="field">
        <label for="amend-number">{T("Розпорядження про внесення змін, №", "Amending order, №")}</label>
        <input id="amend-number" name="number" required value={doc.plan.order.number ?? ""} />
      </div>
      <div class="field">
        <label for="amend-date">{T("від (дата)", "of (date)")}</label>
        <DateField lang={lang} id="amend-date" name="date" required value={doc.plan.order.date} />
      </div>
      <button type="submit">{T("Записати зміни", "Record the changes")}</button>
    </form>
  );
};

const Differences: FC<{ placement: Placement; doc: PlanDocument; lang: Lang; amend?: { csrf: string; pendingId: string; error: string | null } }> = ({
  placement,
  doc,
  lang,
  amend,
}) => {
  const T = tr({ lang });
  const recorded = placement.recorded;
  if (recorded === null) return null;
  const same = recorded.items.length === 0 && recorded.titleChange === null && recorded.periodChange === null;
  const period = (p: { from: number | null; to: number | null }) => `${p.from ?? "?"}–${p.to ?? "?"}`;
  return (
    <section aria-labelledby="difference" data-difference={recorded.items.length}>
      <h2 id="difference">{T("Відмінності від записаного плану", "Differences from the recorded plan")}</h2>
      <p>
        {T("План", "The plan")} <a href={planHref(placement.planId)}>{recorded.title ?? placement.planId}</a>{" "}
        {T("уже записано на цьому вузлі", "is already recorded on this node")} (
        {recorded.order.number === null ? "" : `№ ${recorded.order.number} `}
        {recorded.order.date === null ? "" : `${T("від", "of")} ${formatDate(recorded.order.date)}`}
        {recorded.amendments.length > 0 && `; ${T("змін", "amendments")}: ${recorded.amendments.map((a) => `№ ${a.number} ${T("від", "of")} ${formatDate(a.date)}`).join(", ")}`}
        ). {T("Цей документ можна записати лише як зміни до нього.", "This document can be recorded only as an amendment to it.")}
      </p>
      {same ? (
        <p class="notice ok" data-same="">
          {T("Документ збігається із записаним планом: змін немає, записувати нічого.", "The document matches the recorded plan: there is nothing to record.")}
        </p>
      ) : (
        <>
          <ul>
            {recorded.titleChange !== null && (
              <li>
                {T("Назва плану", "Plan title")}: <del>{recorded.titleChange.before ?? "—"}</del> → <ins>{recorded.titleChange.after}</ins>
              </li>
            )}
            {recorded.periodChange !== null && (
              <li>
                {T("Період", "Period")}: <del>{period(recorded.periodChange.before)}</del> → <ins>{period(recorded.periodChange.after)}</ins>
              </li>
            )}
          </ul>
          <div class="table-wrap" tabindex={0}>
            <table>
              <caption class="small">
                {T("Зміни, які внесла б ця редакція документа", "The changes this version of the document would make")}: {recorded.items.length}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{T("Зміна", "Change")}</th>
                  <th scope="col">№</th>
                  <th scope="col">{T("Назва", "Title")}</th>
                  <th scope="col">{T("Було → стало", "Before → after")}</th>
                </tr>
              </thead>
              <tbody>
                {recorded.items.map((d) => (
                  <tr data-change={d.change} data-level={d.level} data-id={d.id}>
                    <td>{changeLabel(d, lang)}</td>
                    <td>{d.label}</td>
                    <td>{d.title}</td>
                    <td class="small">
                      {d.fields.map((f) => (
                        <p>
                          <strong>{fieldLabel(f.field, lang)}</strong>: <del>{describeField(f, "before", lang) || "—"}</del> → <ins>{describeField(f, "after", lang) || "—"}</ins>
                        </p>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {amend !== undefined && <AmendForm doc={doc} lang={lang} csrf={amend.csrf} pendingId={amend.pendingId} error={amend.error} />}
        </>
      )}
    </section>
  );
};

export const ImportPreviewPage: FC<{ ctx: PageContext; preview: ImportPreview }> = ({ ctx, preview }) => {
  const T = tr(ctx);
  const lang = ctx.lang;
  const { document: doc, placement } = preview;
  const counts = countsOf(doc);
  const header = doc.plan;
  return (
    <Layout ctx={ctx} title={T("Перегляд імпорту", "Import preview")}>
      <p class="crumbs">
        <a href="/">{T("Головна", "Home")}</a> › <a href={IMPORT_PATH}>{T("Імпорт плану", "Import a plan")}</a> › {T("Перегляд", "Preview")}
      </p>
      <h1>{T("Перегляд прочитаного документа", "Preview of the document as read")}</h1>
      <p class="notice" role="status" data-nothing-recorded="">
        {T("Ще нічого не записано.", "Nothing is recorded yet.")}{" "}
        {preview.pendingId !== null &&
          (preview.amendable === true
            ? T(
                "Перевірте відмінності, вкажіть розпорядження про внесення змін і натисніть «Записати зміни». Перегляд діє 30 хвилин.",
                "Check the differences, give the amending order and press \"Record the changes\". The preview is kept for 30 minutes.",
              )
            : T(
                "Перевірте прочитане й натисніть «Записати план» — або «Скасувати». Перегляд діє 30 хвилин.",
                "Check what was read and press \"Record the plan\" — or \"Cancel\". The preview is kept for 30 minutes.",
              ))}
      </p>
      <dl class="facts" data-preview-plan={placement.planId}>
        <dt>{T("Файл", "File")}</dt>
        <dd>
          {preview.fileName} — {formatLabel(preview.layout, lang)}
        </dd>
        <dt>{T("Назва", "Title")}</dt>
        <dd>{header.title ?? <span class="mismatch">{T("не прочитано", "not read")}</span>}</dd>
        <dt>{T("Орган", "Issuer")}</dt>
        <dd>{header.issuer ?? <span class="mismatch">{T("не прочитано", "not read")}</span>}</dd>
        <dt>{T("Розпорядження", "Order")}</dt>
        <dd>
          {header.order.number === null ? <span class="mismatch">{T("номер не прочитано", "number not read")}</span> : `№ ${header.order.number}`}{" "}
          {header.order.date === null ? <span class="mismatch">{T("дату не прочитано", "date not read")}</span> : `${T("від", "of")} ${formatDate(header.order.date)}`}
        </dd>
        <dt>{T("Період", "Period")}</dt>
        <dd>{header.period.from !== null && header.period.from === header.period.to ? header.period.from : `${header.period.from ?? "?"}–${header.period.to ?? "?"}`}</dd>
        {header.implements !== undefined && header.implements !== null && (
          <>
            <dt>{T("На виконання", "Implements")}</dt>
            <dd>
              {header.implements.number === null ? "" : `№ ${header.implements.number} `}
              {header.implements.date === null ? "" : `${T("від", "of")} ${formatDate(header.implements.date)}`}
              {header.implements.title === null ? "" : ` ${header.implements.title}`}
            </dd>
          </>
        )}
        <dt>{T("Ідентифікатор плану", "Plan id")}</dt>
        <dd>{placement.planId}</dd>
        <dt>{T("План вищого рівня", "Higher-level plan")}</dt>
        <dd>{preview.parent === null ? T("немає", "none") : planName(preview.parent, lang)}</dd>
      </dl>

      <h2 id="counts">{T("Обсяг", "Counts")}</h2>
      <ul data-counts="">
        <li>
          {T("Розділів", "Sections")}: <strong data-count="sections">{counts.sections}</strong>
        </li>
        <li>
          {T("Завдань", "Tasks")}: <strong data-count="tasks">{counts.tasks}</strong>
        </li>
        <li>
          {T("Заходів", "Measures")}: <strong data-count="measures">{counts.measures}</strong>
        </li>
        <li>
          {T("Рядків фінансування", "Budget lines")}: <strong data-count="budgetLines">{counts.budgetLines}</strong>
        </li>
        <li>
          {T("Зауважень", "Anomalies")}: <strong data-count="anomalies">{counts.anomalies}</strong>
          {counts.mismatches > 0 && (
            <span class="mismatch">
              {" "}
              ⚠ {T("з них розбіжностей сум і відомостей", "of which differing totals and facts")}: {counts.mismatches}
            </span>
          )}
        </li>
      </ul>

      {preview.reading !== undefined && preview.reading !== null && (
        <ReadingSection lang={lang} reading={preview.reading} csrf={preview.csrf} pendingId={preview.columnsId ?? null} />
      )}

      <Differences
        placement={placement}
        doc={doc}
        lang={lang}
        {...(preview.amendable === true && preview.pendingId !== null
          ? { amend: { csrf: preview.csrf, pendingId: preview.pendingId, error: preview.amendError ?? null } }
          : {})}
      />

      {placement.refusal !== null && (
        <p class="notice bad" role="alert" data-refusal="">
          {T("Вузол не прийме цей план", "The node would not accept this plan")}: {sideOf(placement.refusal, lang)}
        </p>
      )}

      {preview.pendingId !== null && !preview.amendable && (
        <div class="import-actions">
          <form method="post" action={`${IMPORT_PATH}/confirm`} class="inline-form">
            <input type="hidden" name="_csrf" value={preview.csrf} />
            <input type="hidden" name="id" value={preview.pendingId} />
            <button type="submit">{T("Записати план", "Record the plan")}</button>
          </form>
          <form method="post" action={`${IMPORT_PATH}/cancel`} class="inline-form">
            <input type="hidden" name="_csrf" value={preview.csrf} />
            <input type="hidden" name="id" value={preview.pendingId} />
            <button type="submit">{T("Скасувати", "Cancel")}</button>
          </form>
        </div>
      )}
      {preview.pendingId === null && (
        <p>
          <a href={IMPORT_PATH}>{T("Завантажити інший документ", "Upload another document")}</a>
        </p>
      )}

      <h2 id="anomalies">
        {T("Зауваження до документа", "Anomalies in the document")}: {counts.anomalies}
      </h2>
      {doc.anomalies.length === 0 ? (
        <p>{T("Програма нічого не помітила.", "The reader noticed nothing.")}</p>
      ) : (
        <AnomalyTable anomalies={doc.anomalies} lang={lang} />
      )}

      <h2 id="tree">{T("Розділи, завдання, заходи", "Sections, tasks, measures")}</h2>
      <DocumentTree doc={doc} lang={lang} />
    </Layout>
  );
};

/** The upload whose table could not be mapped alone: its headers, and a form to say what each column holds. */
export interface ImportColumns {
  readonly csrf: string;
  readonly pendingId: string;
  readonly fileName: string;
  /** Why the reader stopped ("українською / in English"). */
  readonly reason: string;
  readonly rows: ReadonlyArray<ColumnRow>;
  /** Why the last assignment was refused, when it was. */
  readonly error: string | null;
}

export const ImportColumnsPage: FC<{ ctx: PageContext; columns: ImportColumns }> = ({ ctx, columns }) => {
  const T = tr(ctx);
  return (
    <Layout ctx={ctx} title={T("Колонки таблиці", "The table's columns")}>
      <p class="crumbs">
        <a href="/">{T("Головна", "Home")}</a> › <a href={IMPORT_PATH}>{T("Імпорт плану", "Import a plan")}</a> › {T("Колонки", "Columns")}
      </p>
      <h1>{T("Скажіть, що в колонках таблиці", "Say what the table's columns hold")}</h1>
      {columns.error !== null && (
        <div class="notice bad" role="alert" aria-labelledby="error-summary" data-errors="1">
          <h2 id="error-summary" class="small">
            {T("Колонки не прийнято", "The columns were not accepted")}
          </h2>
          <ul>
            <li>
              <a href="#field-0">{columns.error}</a>
            </li>
          </ul>
        </div>
      )}
      <p class="notice" role="status" data-nothing-recorded="">
        {`«${columns.fileName}»: ${sideOf(columns.reason, ctx.lang)}.`} {T("Нічого не записано.", "Nothing is recorded.")}
      </p>
      <ColumnForm lang={ctx.lang} csrf={columns.csrf} pendingId={columns.pendingId} rows={columns.rows} submit={T("Прочитати з цими колонками", "Read with these columns")} />
      <p>
        <a href={IMPORT_PATH}>{T("Завантажити інший документ", "Upload another document")}</a>
      </p>
    </Layout>
  );
};
