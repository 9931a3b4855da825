/** @jsxRuntime automatic @jsxImportSource hono/jsx */
/**
 * @module A plan's quarterly report as a form: per measure its status, narrative, actuals against targets and
 * money spent by source; field-level validation with an error summary linking to each field; a draft saves and
 * can be continued; submit; a returned report shows the reviewer's reason. Also the list of a plan's quarters.
 */
import type { MeasureNode, PlanTree, ReportCalendar, ReportEntry } from "@planledger/projections";
import type { FC } from "hono/jsx";
import { eventLabel, slotLabel, statusLabel } from "../components/labels.js";
import { Layout } from "../components/layout.js";
import { formatDate, formatDateTime, formatNumber, formatQuarter } from "../i18n/format.js";
import { planHref } from "../href.js";
import { type PageContext, tr } from "../page-context.js";
import { BadQuery } from "../page-errors.js";
import type { ProgressInput, ProgressStatus, QuarterAddress } from "../reporting.js";
import type { HistoryEvent, WebSource } from "../web-source.js";

export const REPORTED_STATUSES: ReadonlyArray<ProgressStatus> = ["done", "inProgress", "notDone", "planned"];

export const quarterHref = (planId: string, year: number, quarter: number): string =>
  `/plans/${encodeURIComponent(planId)}/quarters/${year}-Q${quarter}`;

/** `2026-Q3` from a URL, checked. */
export const quarterOf = (planId: string, period: string): QuarterAddress => {
  const m = /^(\d{4})-Q([1-4])$/.exec(period);
  const year = Number(m?.[1]);
  if (m === null || year < 1991 || year > 2100)
    throw new BadQuery({ uk: `Квартал «${period}» не розпізнано: потрібно РРРР-QN, наприклад 2026-Q3.`, en: `Quarter "${period}" is not valid: use YYYY-QN, e.g. 2026-Q3.` });
  return { planId, year, quarter: Number(m[2]) as 1 | 2 | 3 | 4 };
};

/** One measure of the form, with what is stored for it. */
export interface QuarterMeasure {
  readonly m: MeasureNode;
  readonly where: string;
  /** Funding sources the measure names (one field each); "кошти не передбачено" when none. */
  readonly sources: ReadonlyArray<string>;
  readonly stored: ProgressInput | null;
  readonly storedBy: { readonly actor: string; readonly at: string } | null;
}

export interface QuarterView {
  readonly tree: PlanTree;
  readonly at: QuarterAddress;
  readonly entry: ReportEntry | null;
  /** The report stream's version (0 before a draft exists). */
  readonly version: number;
  readonly events: ReadonlyArray<HistoryEvent>;
  readonly measures: ReadonlyArray<QuarterMeasure>;
}

const NO_SOURCE = "кошти не передбачено";

export const quarterView = async (source: WebSource, at: QuarterAddress): Promise<QuarterView> => {
  const tree = await source.planTree(at.planId);
  const calendar: ReportCalendar = await source.reports(at.planId);
  const events = await source.history(`report:${at.planId}:${at.year}-Q${at.quarter}`);
  const entry = calendar.periods.find((p) => p.year === at.year && p.quarter === at.quarter) ?? null;
  // Each measure's latest recording as the read model holds it; the stream's events only give its envelope.
  const report = entry?.reportId ? await source.report(entry.reportId) : null;
  const byPosition = new Map(events.map((e) => [e.position, e]));
  const stored = new Map((report?.progress ?? []).map((r) => [r.measureId, { entry: r.entry, event: byPosition.get(r.position) }]));
  const measures = tree.sections.flatMap((s) =>
    s.tasks.flatMap((t) =>
      t.measures
        .filter((m) => m.cancelled === null)
        .map((m): QuarterMeasure => {
          const held = stored.get(m.measureId);
          const d = held?.entry;
          const sources = [...new Set(m.budget.map((b) => b.source.trim()).filter((x) => x !== ""))];
          return {
            m,
            where: `${s.label} ${t.label}`.trim(),
            sources: sources.length === 0 ? [NO_SOURCE] : sources,
            stored: d === undefined ? null : { measureId: m.measureId, status: d.status, actuals: d.actuals, spent: d.spent, narrative: d.narrative },
            storedBy: held === undefined ? null : { actor: held.event?.actor ?? "", at: held.entry.recordedAt },
          };
        }),
    ),
  );
  return {
    tree,
    at,
    entry,
    version: events.at(-1)?.version ?? 0,
    events,
    measures,
  };
};

/** What the person typed, field by field, kept as text so a refused form comes back as it was sent. */
export type FormInput = Readonly<Record<string, string>>;

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** A UTF-16 half without its other half: text that cannot be stored as UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Pairs compared whatever their order. */
const canonical = (pairs: ReadonlyArray<ReadonlyArray<string | number>>): string => JSON.stringify(pairs.map((p) => JSON.stringify(p)).sort());

/** A number as people type it: spaces (thin too) between thousands, a decimal comma or point. */
const numberOf = (text: string): number | null => {
  const cleaned = text.replace(/[\s\u2009\u00a0]/g, "").replace(",", ".");
  if (cleaned === "") return null;
  if (!/^-?\d+(\.\d+)?$/.test(cleaned)) return Number.NaN;
  return Number(cleaned);
};

/**
 * The form's measures read and checked: the inputs to record (only measures whose entry differs from the stored
 * one) or the errors, each naming its field.
 */
export const readQuarterForm = (
  view: QuarterView,
  form: FormInput,
  lang: "uk" | "en",
): { readonly inputs: ReadonlyArray<ProgressInput>; readonly errors: ReadonlyArray<FieldError> } => {
  const T = tr({ lang });
  const inputs: ProgressInput[] = [];
  const errors: FieldError[] = [];
  view.measures.forEach((q, i) => {
    const key = `m${i}`;
    if (form[`${key}.id`] !== q.m.measureId) return;
    const label = `${q.m.label} ${q.m.title.slice(0, 60)}`;
    const status = form[`${key}.status`] ?? "";
    const narrative = (form[`${key}.narrative`] ?? "").normalize("NFC").trim();
    const actuals: { value: number; unit: string }[] = [];
    q.m.indicator.targets.forEach((t, j) => {
      const v = numberOf(form[`${key}.a${j}`] ?? "");
      if (v === null) return;
      if (!Number.isFinite(v) || v < 0 || v > 1e12)
        errors.push({ field: `${key}.a${j}`, message: T(`${label}: факт «${t.unit}» має бути невід'ємним числом`, `${label}: the actual "${t.unit}" must be a non-negative number`) });
      else actuals.push({ value: v, unit: t.unit });
    });
    const spent: { source: string; amount: number }[] = [];
    q.sources.forEach((source, k) => {
      const v = numberOf(form[`${key}.s${k}`] ?? "");
      if (v === null) return;
      if (!Number.isFinite(v) || v < 0 || v > 1e9)
        errors.push({ field: `${key}.s${k}`, message: T(`${label}: витрачено (${source}) має бути невід'ємною сумою в тис. грн`, `${label}: spent (${source}) must be a non-negative amount in thous. UAH`) });
      else spent.push({ source, amount: v });
    });
    if (narrative.length > 4000 || narrative.includes("\u0000") || LONE_SURROGATE.test(narrative))
      errors.push({ field: `${key}.narrative`, message: T(`${label}: пояснення задовге або містить недопустимі символи`, `${label}: the narrative is too long or has invalid characters`) });
    // Figures stored under a unit or source the form has no field for are kept as they were, never dropped.
    const units = new Set(q.m.indicator.targets.map((t) => t.unit));
    for (const a of q.stored?.actuals ?? []) if (!units.has(a.unit)) actuals.push({ value: a.value, unit: a.unit });
    const sources = new Set(q.sources);
    for (const x of q.stored?.spent ?? []) if (!sources.has(x.source)) spent.push({ source: x.source, amount: x.amount });
    if (status === "") {
      if (q.stored === null && (actuals.length > 0 || spent.length > 0 || narrative !== ""))
        errors.push({ field: `${key}.status`, message: T(`${label}: оберіть стан виконання`, `${label}: choose a status`) });
      return;
    }
    if (!(REPORTED_STATUSES as ReadonlyArray<string>).includes(status)) {
      errors.push({ field: `${key}.status`, message: T(`${label}: невідомий стан`, `${label}: unknown status`) });
      return;
    }
    if (status === "notDone" && narrative === "")
      errors.push({ field: `${key}.narrative`, message: T(`${label}: поясніть, чому захід не виконано`, `${label}: explain why the measure was not done`) });
    const input: ProgressInput = { measureId: q.m.measureId, status: status as ProgressStatus, actuals, spent, narrative };
    const same =
      q.stored !== null &&
      q.stored.status === input.status &&
      q.stored.narrative === input.narrative &&
      canonical(q.stored.actuals.map((a) => [a.unit, a.value])) === canonical(input.actuals.map((a) => [a.unit, a.value])) &&
      canonical(q.stored.spent.map((x) => [x.source, x.amount])) === canonical(input.spent.map((x) => [x.source, x.amount]));
    if (!same) inputs.push(input);
  });
  return { inputs, errors };
};

/** The stored entry as form text, for a fresh form. */
export const formOfStored = (view: QuarterView): FormInput => {
  const out: Record<string, string> = {};
  view.measures.forEach((q, i) => {
    const key = `m${i}`;
    out[`${key}.id`] = q.m.measureId;
    if (q.stored === null) return;
    out[`${key}.status`] = q.stored.status;
    out[`${key}.narrative`] = q.stored.narrative;
    q.m.indicator.targets.forEach((t, j) => {
      const v = q.stored?.actuals.find((a) => a.unit === t.unit)?.value;
      if (v !== undefined) out[`${key}.a${j}`] = String(v);
    });
    q.sources.forEach((s, k) => {
      const v = q.stored?.spent.find((x) => x.source === s)?.amount;
      if (v !== undefined) out[`${key}.s${k}`] = String(v);
    });
  });
  return out;
};

/** A measure as the form names it: section, task and its label. */
const measureName = (view: QuarterView, measureId: string): string => {
  const q = view.measures.find((x) => x.m.measureId === measureId);
  return q === undefined ? measureId : `${q.where} ${q.m.label}`;
};

const fieldId = (name: string): string => `f-${name.replace(/\./g, "-")}`;

export interface QuarterForm {
  readonly input: FormInput;
  readonly errors: ReadonlyArray<FieldError>;
  /** A notice above the form (saved, submitted, conflict). */
  readonly notice: { readonly kind: "ok" | "bad"; readonly text: string } | null;
  /** Events written by others since the version the person's form was made from. */
  readonly changedSince: ReadonlyArray<HistoryEvent>;
  readonly editable: boolean;
  readonly csrf: string;
}

export const QuarterPage: FC<{ ctx: PageContext; view: QuarterView; form: QuarterForm }> = ({ ctx, view, form }) => {
  const T = tr(ctx);
  const lang = ctx.lang;
  const { tree, at, entry } = view;
  const label = formatQuarter(at.year, at.quarter, lang);
  const phase = entry?.state ?? "upcoming";
  const errorOf = (name: string) => form.errors.find((e) => e.field === name);
  const described = (name: string) => (errorOf(name) === undefined ? undefined : `${fieldId(name)}-error`);
  const FieldErr: FC<{ name: string }> = ({ name }) => {
    const e = errorOf(name);
    return e === undefined ? null : (
      <span class="mismatch small" id={`${fieldId(name)}-error`}>
        {e.message}
      </span>
    );
  };
  return (
    <Layout ctx={ctx} title={`${T("Звіт", "Report")} ${label}`}>
      <p class="crumbs">
        <a href="/">{T("Головна", "Home")}</a> › <a href={planHref(tree.id)}>{tree.title ?? tree.id}</a> ›{" "}
        <a href={`/plans/${encodeURIComponent(tree.id)}/quarters`}>{T("Звіти", "Reports")}</a> › {label}
      </p>
      <h1>
        {T("Квартальний звіт", "Quarterly report")}: {label}
      </h1>
      <p data-phase={phase}>
        {T("Стан звіту", "Report state")}: <strong>{slotLabel(phase, lang)}</strong>
        {entry !== null && ` · ${T("строк подання", "due")} ${formatDate(entry.dueDate)}`} · {T("версія", "version")} {view.version}
      </p>
      {entry?.review?.outcome === "returned" && (
        <div class="notice bad" role="alert" data-returned="">
          <strong>{T("Повернуто на доопрацювання", "Returned for rework")}</strong> ({entry.review.reviewerNode}, {formatDateTime(entry.review.recordedAt)}):{" "}
          {entry.review.reason}
        </div>
      )}
      {form.notice !== null && (
        <p class={`notice ${form.notice.kind}`} role="status">
          {form.notice.text}
        </p>
      )}
      {form.changedSince.length > 0 && (
        <div class="notice bad" role="alert" data-conflict="">
          <p>
            <strong>{T("Звіт змінився, поки ви його заповнювали.", "The report changed while you were filling it in.")}</strong>{" "}
            {T("Ваші дані нижче не збережено і не втрачено: перегляньте зміни й збережіть знову.", "Your input below was neither saved nor lost: review the changes and save again.")}
          </p>
          <ul>
            {form.changedSince.map((e) => (
              <li>
                {eventLabel(e.type, lang)}
                {typeof e.data.measureId === "string" && ` — ${measureName(view, e.data.measureId)}`}: {e.actor},{" "}
                {formatDateTime(e.recordedAt)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {form.errors.length > 0 && (
        <div class="notice bad" role="alert" aria-labelledby="error-summary" data-errors={form.errors.length}>
          <h2 id="error-summary" class="small">
            {T("Виправте, будь ласка", "Please correct")}: {form.errors.length}
          </h2>
          <ul>
            {form.errors.map((e) => (
              <li>
                <a href={`#${fieldId(e.field)}`}>{e.message}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
      {!form.editable && (
        <p class="notice">
          {phase === "submitted" || phase === "accepted"
            ? T("Звіт подано: змінити його можна, лише коли його повернуть на доопрацювання.", "The report is submitted: it can change only if it is returned.")
            : T("Заповнювати звіти цього плану може звітувач вузла-власника.", "Only a reporter of the plan's owner node can fill in its reports.")}
        </p>
      )}
      <form method="post" action={quarterHref(tree.id, at.year, at.quarter)}>
        <input type="hidden" name="_csrf" value={form.csrf} />
        <input type="hidden" name="version" value={String(form.changedSince.length > 0 ? view.version : Number(form.input.version ?? view.version))} />
        {view.measures.map((q, i) => {
          const key = `m${i}`;
          const v = (name: string) => form.input[`${key}.${name}`] ?? "";
          return (
            <fieldset class="measure" id={`m-${q.m.measureId}`} data-measure={q.m.measureId} disabled={!form.editable}>
              <legend>
                <span class="label">
                  {q.where} {q.m.label}
                </span>{" "}
                {q.m.title}
              </legend>
              <input type="hidden" name={`${key}.id`} value={q.m.measureId} />
              <div class="form-grid">
                <div class="field">
                  <label for={fieldId(`${key}.status`)}>{T("Стан виконання", "Status")}</label>
                  <select name={`${key}.status`} id={fieldId(`${key}.status`)} aria-describedby={described(`${key}.status`)} aria-invalid={errorOf(`${key}.status`) !== undefined ? "true" : undefined}>
                    <option value="">{T("— не звітовано —", "— not reported —")}</option>
                    {REPORTED_STATUSES.map((s) => (
                      <option value={s} selected={v("status") === s}>
                        {statusLabel(s, lang)}
                      </option>
                    ))}
                  </select>
                  <FieldErr name={`${key}.status`} />
                </div>
                {q.m.indicator.targets.map((t, j) => (
                  <div class="field">
                    <label for={fieldId(`${key}.a${j}`)}>
                      {T("Факт", "Actual")}, {t.unit} ({T("ціль", "target")} {formatNumber(t.value, lang)})
                    </label>
                    <input type="text" inputmode="decimal" name={`${key}.a${j}`} id={fieldId(`${key}.a${j}`)} value={v(`a${j}`)} aria-describedby={described(`${key}.a${j}`)} aria-invalid={errorOf(`${key}.a${j}`) !== undefined ? "true" : undefined} />
                    <FieldErr name={`${key}.a${j}`} />
                  </div>
                ))}
                {q.sources.map((source, k) => (
                  <div class="field">
                    <label for={fieldId(`${key}.s${k}`)}>
                      {T("Витрачено з початку року, тис. грн", "Spent this year, thous. UAH")}: {source}
                    </label>
                    <input type="text" inputmode="decimal" name={`${key}.s${k}`} id={fieldId(`${key}.s${k}`)} value={v(`s${k}`)} aria-describedby={described(`${key}.s${k}`)} aria-invalid={errorOf(`${key}.s${k}`) !== undefined ? "true" : undefined} />
                    <FieldErr name={`${key}.s${k}`} />
                  </div>
                ))}
              </div>
              <div class="field">
                <label for={fieldId(`${key}.narrative`)}>{T("Пояснення (що зроблено, чому не виконано)", "Narrative (what was done, why not)")}</label>
                <textarea name={`${key}.narrative`} id={fieldId(`${key}.narrative`)} rows={2} aria-describedby={described(`${key}.narrative`)} aria-invalid={errorOf(`${key}.narrative`) !== undefined ? "true" : undefined}>
                  {v("narrative")}
                </textarea>
                <FieldErr name={`${key}.narrative`} />
              </div>
              {q.storedBy !== null && (
                <p class="small muted">
                  {T("Збережено", "Saved")}: {q.storedBy.actor}, {formatDateTime(q.storedBy.at)}
                </p>
              )}
            </fieldset>
          );
        })}
        {form.editable && (
          <p>
            <button type="submit">{T("Зберегти чернетку", "Save draft")}</button>
          </p>
        )}
      </form>
      {form.editable && view.version > 0 && (
        <form method="post" action={`${quarterHref(tree.id, at.year, at.quarter)}/submit`}>
          <input type="hidden" name="_csrf" value={form.csrf} />
          <input type="hidden" name="version" value={String(view.version)} />
          <p>
            <button type="submit">{T("Подати звіт", "Submit the report")}</button>{" "}
            <span class="small muted">{T("Після подання звіт змінити не можна, доки його не повернуть.", "Once submitted, the report cannot change unless it is returned.")}</span>
          </p>
        </form>
      )}
    </Layout>
  );
};

/** The plan's quarters and the state of each report, with a link to its form. */
export const QuartersPage: FC<{ ctx: PageContext; tree: PlanTree; calendar: ReportCalendar }> = ({ ctx, tree, calendar }) => {
  const T = tr(ctx);
  return (
    <Layout ctx={ctx} title={`${T("Звіти", "Reports")}: ${tree.title ?? tree.id}`}>
      <p class="crumbs">
        <a href="/">{T("Головна", "Home")}</a> › <a href={planHref(tree.id)}>{tree.title ?? tree.id}</a> › {T("Звіти", "Reports")}
      </p>
      <h1>
        {T("Квартальні звіти", "Quarterly reports")}: {tree.title ?? tree.id}
      </h1>
      <div class="table-wrap" tabindex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">{T("Квартал", "Quarter")}</th>
              <th scope="col">{T("Стан", "State")}</th>
              <th scope="col">{T("Строк", "Due")}</th>
              <th scope="col">{T("Подано", "Submitted")}</th>
              <th scope="col">{T("Заходів у звіті", "Measures reported")}</th>
            </tr>
          </thead>
          <tbody>
            {[...calendar.periods].reverse().map((p) => (
              <tr data-quarter={`${p.year}-Q${p.quarter}`} data-state={p.state}>
                <th scope="row">
                  <a href={quarterHref(tree.id, p.year, p.quarter)}>{formatQuarter(p.year, p.quarter, ctx.lang)}</a>
                </th>
                <td>
                  {slotLabel(p.state, ctx.lang)}
                  {p.late && p.state !== "upcoming" && <span class="mismatch"> ⚠ {T("із запізненням", "late")}</span>}
                </td>
                <td>{formatDate(p.dueDate)}</td>
                <td>{p.submittedAt === null ? "—" : formatDateTime(p.submittedAt)}</td>
                <td class="num">{p.measuresReported}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
};
