/** @jsxRuntime automatic @jsxImportSource hono/jsx */
/**
 * @module The plan page: header (issuer, order, period, amendments), the tree of sections → tasks → measures
 * with filters (status, executor, section, overdue, words in titles), money per section against the document's
 * stated totals, and measures by status per section as a chart with its table.
 */
import type { MeasureNode, MeasureStatus, PlanTree, SectionNode } from "@planledger/projections";
import { kyivDay } from "@planledger/projections";
import type { FC } from "hono/jsx";
import { Chart } from "../components/chart.js";
import { STATUS_ORDER, statusLabel } from "../components/labels.js";
import { Layout } from "../components/layout.js";
import { MeasureCard } from "../components/measure-card.js";
import { StatusCounts } from "../components/status.js";
import { renderSvg } from "../charts/render-svg.js";
import { type StatusCount, statusBars } from "../charts/status-chart.js";
import { formatDate, formatDateTime, formatMoney, formatQuarter } from "../i18n/format.js";
import { compareHref, exportHref, historyHref, planHref, rollupHref } from "../href.js";
import { type PageContext, tr } from "../page-context.js";
import { BadQuery } from "../page-errors.js";
import { lastEndedQuarter } from "./rollup-page.js";
import { DateField } from "../components/date-field.js";

export interface PlanFilter {
  readonly status: MeasureStatus | null;
  readonly executor: string | null;
  readonly section: string | null;
  readonly overdue: boolean;
  readonly q: string;
}

const STATUSES = new Set<string>(STATUS_ORDER);

/** The filter a plan page's query asks for; an unknown status is a 400. */
export const planFilterOf = (params: URLSearchParams): PlanFilter => {
  const status = params.get("status") ?? "";
  if (status !== "" && !STATUSES.has(status))
    throw new BadQuery({
      uk: `Стану «${status}» немає: оберіть один зі списку фільтра.`,
      en: `There is no status "${status}": choose one from the filter's list.`,
    });
  return {
    status: status === "" ? null : (status as MeasureStatus),
    executor: params.get("executor") || null,
    section: params.get("section") || null,
    overdue: params.get("overdue") === "1" || params.get("overdue") === "true" || params.get("overdue") === "on",
    q: (params.get("q") ?? "").trim(),
  };
};

const matches = (m: MeasureNode, f: PlanFilter, taskTitle: string): boolean => {
  if (f.status !== null && m.status !== f.status) return false;
  if (f.overdue && !m.overdue) return false;
  if (f.executor !== null && !m.executors.some((e) => e.name === f.executor)) return false;
  if (f.q !== "") {
    const q = f.q.toLocaleLowerCase("uk");
    if (!m.title.toLocaleLowerCase("uk").includes(q) && !taskTitle.toLocaleLowerCase("uk").includes(q)) return false;
  }
  return true;
};

const isFiltered = (f: PlanFilter): boolean => f.status !== null || f.executor !== null || f.section !== null || f.overdue || f.q !== "";

/** Planned money of a section (its measures' yearly amounts) and the sum of the totals the document states. */
const sectionMoney = (s: SectionNode): { planned: number; stated: number; statedComputed: number; lines: number } => {
  let planned = 0;
  let stated = 0;
  let statedComputed = 0;
  let lines = 0;
  for (const t of s.tasks)
    for (const m of t.measures) {
      if (m.cancelled !== null) continue;
      for (const b of m.budget) {
        const years = Object.values(b.byYear).reduce((a, v) => a + v, 0);
        planned += years;
        if (b.total !== null) {
          stated += b.total;
          statedComputed += years;
          lines += 1;
        }
      }
    }
  const r = (n: number): number => Math.round(n * 1000) / 1000;
  return { planned: r(planned), stated: r(stated), statedComputed: r(statedComputed), lines };
};

/** Measures by status per section, as chart rows. */
const sectionRows = (tree: PlanTree): StatusCount[] =>
  tree.sections.flatMap((s) => {
    const counts = new Map<MeasureStatus, number>();
    for (const t of s.tasks) for (const m of t.measures) counts.set(m.status, (counts.get(m.status) ?? 0) + 1);
    return [...counts].map(([status, count]) => ({ group: `${s.label}`.trim() || String(s.ordinal), status, count }));
  });

export interface PlanCharts {
  readonly bySection: { readonly svg: string; readonly summary: string; readonly title: string } | null;
}

export const planCharts = async (tree: PlanTree, ctx: PageContext): Promise<PlanCharts> => {
  const T = tr(ctx);
  const rows = sectionRows(tree);
  if (rows.length === 0) return { bySection: null };
  const title = T("Заходи за станом у розділах", "Measures by status in each section");
  const chart = statusBars(rows, { lang: ctx.lang, title, axis: T("Розділ", "Section"), sortGroups: false });
  return { bySection: { svg: await renderSvg(chart.spec), summary: chart.summary, title } };
};

export const PlanPage: FC<{ ctx: PageContext; tree: PlanTree; filter: PlanFilter; charts: PlanCharts }> = ({ ctx, tree, filter, charts }) => {
  const T = tr(ctx);
  const lang = ctx.lang;
  const executors = [
    ...new Set(tree.sections.flatMap((s) => s.tasks.flatMap((t) => t.measures.flatMap((m) => m.executors.map((e) => e.name))))),
  ].sort((a, b) => a.localeCompare(b, "uk"));
  const mismatched = new Set(tree.money.mismatches.map((m) => m.measureId));
  const sections = tree.sections
    .filter((s) => filter.section === null || s.sectionId === filter.section)
    .map((s) => ({
      s,
      tasks: s.tasks
        .map((t) => ({ t, measures: t.measures.filter((m) => matches(m, filter, t.title)) }))
        .filter((x) => x.measures.length > 0 || !isFiltered(filter)),
    }))
    .filter((x) => x.tasks.length > 0 || !isFiltered(filter));
  const shown = sections.reduce((n, x) => n + x.tasks.reduce((k, t) => k + t.measures.length, 0), 0);
  const asOfQuery = { asOf: ctx.asOf ?? undefined };
  const reportQuarter = lastEndedQuarter(kyivDay(ctx.now));
  return (
    <Layout ctx={ctx} title={tree.title ?? tree.id}>
      <p class="crumbs">
        <a href="/">{T("Головна", "Home")}</a> › {T("План", "Plan")}
      </p>
      <h1>{tree.title ?? tree.id}</h1>
      <dl class="facts">
        <dt>{T("Видав", "Issued by")}</dt>
        <dd>{tree.issuer ?? "—"}</dd>
        <dt>{T("Розпорядження", "Order")}</dt>
        <dd>
          {tree.order.number === null ? "—" : `№ ${tree.order.number}`}
          {tree.order.date !== null && ` ${T("від", "of")} ${formatDate(tree.order.date)}`}
        </dd>
        <dt>{T("Період", "Period")}</dt>
        <dd>{tree.period.from !== null && tree.period.from === tree.period.to ? tree.period.from : `${tree.period.from ?? "?"}–${tree.period.to ?? "?"}`}</dd>
        <dt>{T("Власник", "Owner")}</dt>
        <dd>
          {tree.owner}
          {tree.replica && ` (${T("копія, отримана від вузла-власника", "a replica received from its owner")})`}
        </dd>
        {tree.freshness !== null && tree.replica && (
          <>
            <dt>{T("Дані станом на", "Data as of")}</dt>
            <dd>
              {formatDateTime(tree.freshness.lastRecordedAt)} ({T("подія", "event")} № {tree.freshness.lastSeq};{" "}
              {T("отримано", "received")} {formatDateTime(tree.freshness.lastReceivedAt)})
            </dd>
          </>
        )}
        {tree.source !== null && (
          <>
            <dt>{T("Прочитано з файлу", "Read from the file")}</dt>
            <dd data-source={tree.source.format}>
              {tree.source.fileName === null ? "" : `«${tree.source.fileName}» `}({tree.source.format}){" "}
              <span class="small muted">SHA-256 {tree.source.sha256}</span>
              {tree.source.columnsAssigned && ` — ${T("колонки таблиці призначено вручну", "the table's columns were assigned by hand")}`}
            </dd>
          </>
        )}
        <dt>{T("Зміни", "Amendments")}</dt>
        <dd data-amendments={tree.amendments.length}>
          {tree.amendments.length === 0 ? (
            T("немає", "none")
          ) : (
            <ul>
              {tree.amendments.map((a) => (
                <li>
                  {T("розпорядження", "order")} № {a.order.number ?? "—"} {T("від", "of")} {formatDate(a.order.date)}
                  {a.note !== null && a.note !== "" && ` — ${a.note}`}
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>{T("Стан заходів", "Measures by status")}</dt>
        <dd>
          <StatusCounts counts={tree.statusCounts} lang={lang} />
        </dd>
        <dt>{T("Фінансування", "Funding")}</dt>
        <dd>
          {T("заплановано", "planned")} {formatMoney(tree.money.total.planned, lang)}, {T("використано", "spent")}{" "}
          {formatMoney(tree.money.total.spent, lang)}
          {tree.money.mismatches.length > 0 && (
            <strong class="mismatch">
              {" "}
              ⚠ {T("підсумки не збігаються в рядках:", "totals that do not add up, lines:")} {tree.money.mismatches.length}
            </strong>
          )}
        </dd>
      </dl>
      <p>
        <a href={rollupHref(tree.id, asOfQuery)}>{T("Зведення по районах", "Roll-up across districts")}</a> ·{" "}
        <a href={compareHref(tree.id)}>{T("Порівняти дві дати", "Compare two dates")}</a> ·{" "}
        <a href={historyHref({ stream: `plan:${tree.id}`, asOf: ctx.asOf ?? undefined })}>{T("Історія змін", "Change history")}</a> ·{" "}
        <a href={`/plans/${encodeURIComponent(tree.id)}/quarters`}>{T("Квартальні звіти", "Quarterly reports")}</a>
        {tree.parentPlanId !== null && (
          <>
            {" "}
            · <a href={`/plans/${encodeURIComponent(tree.id)}/links`}>{T("Зв'язки з регіональним планом", "Links to the regional plan")}</a>
          </>
        )}
      </p>
      <p class="downloads" data-downloads="">
        {T("Завантажити", "Download")}: <a href={exportHref(tree.id, "export.xlsx")}>XLSX</a> ·{" "}
        <a href={exportHref(tree.id, "export.csv")}>CSV</a> ·{" "}
        <a href={exportHref(tree.id, "report.docx", reportQuarter)}>
          {T("звіт DOCX за", "DOCX report for")} {formatQuarter(reportQuarter.year, reportQuarter.quarter, lang)}
        </a>
        {ctx.asOf !== null && <span class="small muted"> ({T("поточний стан, не на обрану дату", "the current state, not as of the chosen date")})</span>}
      </p>

      {charts.bySection !== null && <Chart svg={charts.bySection.svg} title={charts.bySection.title} summary={charts.bySection.summary} />}

      <h2 id="measures">{T("Заходи", "Measures")}</h2>
      <form class="filters" method="get" action={planHref(tree.id)} aria-label={T("Фільтр заходів", "Filter measures")}>
        <div class="field">
          <label for="f-status">{T("Стан", "Status")}</label>
          <select name="status" id="f-status">
            <option value="">{T("усі", "all")}</option>
            {STATUS_ORDER.map((s) => (
              <option value={s} selected={filter.status === s}>
                {statusLabel(s, lang)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-executor">{T("Виконавець", "Executor")}</label>
          <select name="executor" id="f-executor">
            <option value="">{T("усі", "all")}</option>
            {executors.map((e) => (
              <option value={e} selected={filter.executor === e}>
                {e.length > 70 ? `${e.slice(0, 68)}…` : e}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-section">{T("Розділ", "Section")}</label>
          <select name="section" id="f-section">
            <option value="">{T("усі", "all")}</option>
            {tree.sections.map((s) => (
              <option value={s.sectionId} selected={filter.section === s.sectionId}>
                {s.label} {s.title.length > 50 ? `${s.title.slice(0, 48)}…` : s.title}
              </option>
            ))}
          </select>
        </div>
        <label>
          {T("Слова в назві", "Words in title")}
          <input type="search" name="q" value={filter.q} />
        </label>
        <label class="check">
          <input type="checkbox" name="overdue" value="1" checked={filter.overdue} />
          {T("лише прострочені", "overdue only")}
        </label>
        <label>
          {T("Стан на дату", "As of date")}
          <DateField lang={ctx.lang} name="asOf" value={ctx.asOf} />
        </label>
        <button type="submit">{T("Показати", "Show")}</button>
        {(isFiltered(filter) || ctx.asOf !== null) && <a href={planHref(tree.id)}>{T("Скинути", "Reset")}</a>}
      </form>
      <p class="small" aria-live="polite" data-shown={shown}>
        {T("Показано заходів", "Measures shown")}: {shown} {T("з", "of")} {tree.measures}
      </p>

      {sections.map(({ s, tasks }) => {
        const money = sectionMoney(s);
        const sectionMismatch = s.tasks.some((t) => t.measures.some((m) => mismatched.has(m.measureId)));
        return (
          <section aria-labelledby={`s-${s.sectionId}`} data-section={s.sectionId}>
            <h2 class="section-head" id={`s-${s.sectionId}`}>
              {s.label} {s.title}
              {s.cancelled !== null && <span class="badge s-cancelled"> {statusLabel("cancelled", lang)}</span>}
            </h2>
            {money.planned > 0 || money.lines > 0 ? (
              <p class="small" data-section-money={money.planned}>
                {T("Фінансування розділу", "Section funding")}: {formatMoney(money.planned, lang)}
                {money.lines > 0 && (
                  <>
                    {" "}
                    · {T("підсумки рядків за документом", "line totals as the document states")}: {formatMoney(money.stated, lang)}
                    {money.statedComputed !== money.planned && (
                      <>
                        {" "}
                        ({T("за роками цих рядків", "by year on those lines")}: {formatMoney(money.statedComputed, lang)})
                      </>
                    )}
                  </>
                )}
                {(sectionMismatch || (money.lines > 0 && Math.abs(money.statedComputed - money.stated) > 0.0015)) && (
                  <strong class="mismatch"> ⚠ {T("підсумки не збігаються", "totals do not add up")}</strong>
                )}
              </p>
            ) : null}
            {tasks.map(({ t, measures }) => (
              <div data-task={t.taskId}>
                <h3>
                  {t.label} {t.title}
                </h3>
                {measures.map((m) => (
                  <MeasureCard m={m} planId={tree.id} lang={lang} mismatch={mismatched.has(m.measureId)} />
                ))}
              </div>
            ))}
          </section>
        );
      })}
    </Layout>
  );
};
