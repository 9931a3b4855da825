/** @jsxRuntime automatic @jsxImportSource hono/jsx */
/**
 * @module A plan compared between two moments: measures added, changed and cancelled, with targets, terms,
 * executors and budget lines before and after, each change with the events (and their actors) that made it.
 */
import type { MeasureNode, PlanTree } from "@planledger/projections";
import { kyivDay, parseAsOf } from "@planledger/projections";
import { Either } from "effect";
import type { FC } from "hono/jsx";
import { eventLabel } from "../components/labels.js";
import { Layout } from "../components/layout.js";
import { type HistoryMode, countsFrom } from "../history-filter.js";
import { formatDate, formatDateTime, formatMoment } from "../i18n/format.js";
import type { Lang } from "../i18n/lang.js";
import { compareHref, measureHref, planHref } from "../href.js";
import { type PageContext, tr } from "../page-context.js";
import { BadQuery } from "../page-errors.js";
import type { HistoryEvent, WebSource } from "../web-source.js";
import { DateField, isoDay } from "../components/date-field.js";

export type ChangeKind = "added" | "changed" | "cancelled";
export type FieldName = "title" | "term" | "executors" | "targets" | "budget";

export interface FieldChange {
  readonly field: FieldName;
  readonly before: string;
  readonly after: string;
}

export interface MeasureChange {
  readonly kind: ChangeKind;
  readonly measureId: string;
  readonly label: string;
  readonly title: string;
  readonly fields: ReadonlyArray<FieldChange>;
  readonly events: ReadonlyArray<HistoryEvent>;
}

export interface CompareView {
  readonly planId: string;
  readonly title: string;
  readonly from: string;
  readonly to: string;
  readonly mode: HistoryMode;
  readonly existedAtFrom: boolean;
  readonly changes: ReadonlyArray<MeasureChange>;
  /** Plan-level events in the window (adoption, amendments with their orders). */
  readonly planEvents: ReadonlyArray<HistoryEvent>;
}

const measuresOf = (tree: PlanTree | null): Map<string, MeasureNode> =>
  new Map((tree?.sections ?? []).flatMap((s) => s.tasks.flatMap((t) => t.measures.map((m) => [m.measureId, m] as const))));

const describe = (m: MeasureNode, field: FieldName): string => {
  switch (field) {
    case "title":
      return m.title;
    case "term":
      return m.term.text;
    case "executors":
      return m.executors.map((e) => `${e.name}${e.byConsent ? " (за згодою)" : ""}`).join("; ");
    case "targets":
      return m.indicator.targets.map((t) => `${t.value} ${t.unit}`).join("; ");
    case "budget":
      return m.budget
        .map((b) => `${b.source}, ${b.executor}: ${Object.entries(b.byYear).map(([y, v]) => `${y} — ${v}`).join(", ")}${b.total === null ? "" : ` (усього ${b.total})`}`)
        .join(" | ");
    default: {
      const _: never = field;
      return _;
    }
  }
};

const FIELDS: ReadonlyArray<FieldName> = ["title", "term", "executors", "targets", "budget"];

const dateParam = (params: URLSearchParams, name: string, fallback: string, now: Date): string => {
  // Typed into the form as дд.мм.рррр; a bookmarked URL may carry рррр-мм-дд: the view compares рррр-мм-дд.
  const value = isoDay(params.get(name)?.trim() || fallback);
  if (Either.isLeft(parseAsOf(value)))
    throw new BadQuery({ uk: `Дату «${value}» (${name}) не розпізнано: потрібна дд.мм.рррр.`, en: `The date "${value}" (${name}) is not valid: use dd.mm.yyyy.` });
  // A day is in the future when it has not begun in Kyiv; an instant, when it has not come.
  if (value.length === 10 ? value > kyivDay(now) : Date.parse(value) > now.getTime())
    throw new BadQuery({ uk: `Дата «${value}» (${name}) ще не настала.`, en: `The date "${value}" (${name}) is in the future.` });
  return value;
};

/**
 * @example await compareView(source, "luhanska.852.2021-03-01", new URLSearchParams("from=2021-03-01&to=2024-01-01"), new Date())
 */
export const compareView = async (source: WebSource, planId: string, params: URLSearchParams, now: Date): Promise<CompareView> => {
  const current = await source.planTree(planId);
  const to = dateParam(params, "to", kyivDay(now), now);
  const from = dateParam(params, "from", current.order.date ?? current.lastRecordedAt.slice(0, 10), now);
  if (from > to)
    throw new BadQuery({ uk: `Початкова дата ${formatDate(from)} пізніша за кінцеву ${formatDate(to)}.`, en: `The first date ${formatDate(from)} is after the second ${formatDate(to)}.` });
  const mode: HistoryMode = params.get("mode") === "dated" ? "dated" : "received";
  const byReceipt = mode === "received";
  const before = await source.planTree(planId, { asOf: from, byReceipt }).catch((e: unknown) => {
    if ((e as { _tag?: string })._tag === "PlanNotFound") return null;
    throw e;
  });
  const after = await source.planTree(planId, { asOf: to, byReceipt });
  const fromLimit = Either.getOrThrow(parseAsOf(from)).recordedAt;
  const toLimit = Either.getOrThrow(parseAsOf(to)).recordedAt;
  const window = (await source.history(`plan:${planId}`)).filter((e) => {
    const at = countsFrom(e, mode);
    return at > fromLimit && at <= toLimit;
  });
  const a = measuresOf(before);
  const b = measuresOf(after);
  const changes: MeasureChange[] = [];
  for (const [id, m] of b) {
    const old = a.get(id);
    const events = window.filter((e) => e.data.measureId === id);
    if (old === undefined) {
      changes.push({ kind: "added", measureId: id, label: m.label, title: m.title, fields: [], events });
      continue;
    }
    const fields = FIELDS.map((field) => ({ field, before: describe(old, field), after: describe(m, field) })).filter((f) => f.before !== f.after);
    if (m.cancelled !== null && old.cancelled === null)
      changes.push({ kind: "cancelled", measureId: id, label: m.label, title: m.title, fields, events });
    else if (fields.length > 0) changes.push({ kind: "changed", measureId: id, label: m.label, title: m.title, fields, events });
  }
  return {
    planId,
    title: current.title ?? planId,
    from,
    to,
    mode,
    existedAtFrom: before !== null,
    changes,
    planEvents: window.filter((e) => e.type === "PlanAdopted" || e.type === "PlanAmended" || e.type === "PlanClosed"),
  };
};


const fieldName = (f: FieldName, lang: Lang): string =>
  ({
    title: { uk: "назва", en: "title" },
    term: { uk: "термін", en: "term" },
    executors: { uk: "виконавці", en: "executors" },
    targets: { uk: "цілі індикатора", en: "indicator targets" },
    budget: { uk: "фінансування", en: "budget lines" },
  })[f][lang];

const kindName = (k: ChangeKind, lang: Lang): string =>
  ({ added: { uk: "додано", en: "added" }, changed: { uk: "змінено", en: "changed" }, cancelled: { uk: "скасовано", en: "cancelled" } })[k][lang];

export const ComparePage: FC<{ ctx: PageContext; view: CompareView }> = ({ ctx, view }) => {
  const T = tr(ctx);
  const lang = ctx.lang;
  const count = (k: ChangeKind) => view.changes.filter((c) => c.kind === k).length;
  return (
    <Layout ctx={ctx} title={`${T("Порівняння", "Comparison")}: ${view.title}`} nav="audit">
      <p class="crumbs">
        <a href="/audit">{T("Аудит", "Audit")}</a> › <a href={planHref(view.planId)}>{view.title}</a> › {T("Порівняння", "Comparison")}
      </p>
      <h1>
        {T("Порівняння плану", "Plan compared")}: {formatMoment(view.from)} → {formatMoment(view.to)}
      </h1>
      <form class="filters" method="get" action={compareHref(view.planId)}>
        <label>
          {T("Перша дата", "First date")}
          <DateField lang={ctx.lang} name="from" value={view.from.slice(0, 10)} required />
        </label>
        <label>
          {T("Друга дата", "Second date")}
          <DateField lang={ctx.lang} name="to" value={view.to.slice(0, 10)} required />
        </label>
        <label>
          {T("Рахувати події", "Count events")}
          <select name="mode">
            <option value="received" selected={view.mode === "received"}>
              {T("як отримав цей вузол", "as this node received them")}
            </option>
            <option value="dated" selected={view.mode === "dated"}>
              {T("за датою запису", "as dated")}
            </option>
          </select>
        </label>
        <button type="submit">{T("Порівняти", "Compare")}</button>
      </form>
      {!view.existedAtFrom && <p class="notice">{T("На першу дату плану на цьому вузлі ще не було: усі заходи нові.", "The plan was not held here on the first date: every measure is new.")}</p>}
      <p data-added={count("added")} data-changed={count("changed")} data-cancelled={count("cancelled")}>
        {T("Додано", "Added")}: <strong>{count("added")}</strong>, {T("змінено", "changed")}: <strong>{count("changed")}</strong>,{" "}
        {T("скасовано", "cancelled")}: <strong>{count("cancelled")}</strong>.
      </p>
      {view.planEvents.length > 0 && (
        <>
          <h2>{T("Рішення щодо плану за цей час", "Decisions on the plan in this time")}</h2>
          <ul data-plan-events={view.planEvents.length}>
            {view.planEvents.map((e) => {
              const order = e.data.order as { number?: string; date?: string } | undefined;
              return (
                <li>
                  {eventLabel(e.type, lang)}
                  {order?.number !== undefined && ` — ${T("розпорядження", "order")} № ${order.number} ${T("від", "of")} ${formatDate(order.date)}`} ({e.actor},{" "}
                  {formatDateTime(e.recordedAt)})
                </li>
              );
            })}
          </ul>
        </>
      )}
      {view.changes.length === 0 ? (
        <p>{T("Між цими датами заходи плану не змінювалися.", "No measure of the plan changed between these dates.")}</p>
      ) : (
        <div class="table-wrap" tabindex={0}>
          <table>
            <caption>{T("Зміни заходів", "Changes to measures")}</caption>
            <thead>
              <tr>
                <th scope="col">{T("Захід", "Measure")}</th>
                <th scope="col">{T("Зміна", "Change")}</th>
                <th scope="col">{T("Було → стало", "Before → after")}</th>
                <th scope="col">{T("Подія, хто, коли", "Event, who, when")}</th>
              </tr>
            </thead>
            <tbody>
              {view.changes.map((c) => (
                <tr data-change={c.kind} data-measure={c.measureId}>
                  <td>
                    <a href={measureHref(view.planId, c.measureId)}>
                      {c.label} {c.title.length > 120 ? `${c.title.slice(0, 118)}…` : c.title}
                    </a>
                  </td>
                  <td>{kindName(c.kind, lang)}</td>
                  <td>
                    {c.fields.length === 0
                      ? "—"
                      : c.fields.map((f) => (
                          <div data-field={f.field}>
                            <strong>{fieldName(f.field, lang)}:</strong> <del>{f.before || "—"}</del> → <ins>{f.after || "—"}</ins>
                          </div>
                        ))}
                  </td>
                  <td class="small">
                    {c.events.map((e) => (
                      <div>
                        {eventLabel(e.type, lang)}, {e.actor}, {formatDateTime(e.recordedAt)}
                      </div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
};
