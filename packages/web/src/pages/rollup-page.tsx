/** @jsxRuntime automatic @jsxImportSource hono/jsx */
/**
 * @module The roll-up page for oblast staff: per regional measure its own progress, each linked district
 * measure's progress, the combined figure by the indicator's rule, and each district's freshness; the districts
 * that have not reported the last quarter; charts by section, by quarter and by district, each with its table.
 */
import {
  type ChildContribution,
  type Freshness,
  type MeasureStatus,
  type PlanTree,
  type ReportCalendar,
  type Rollup,
  type RollupMeasure,
  rollupLookups,
} from "@planledger/projections";
import type { FC } from "hono/jsx";
import { Chart } from "../components/chart.js";
import { STATUS_ORDER, statusLabel } from "../components/labels.js";
import { Layout } from "../components/layout.js";
import { StatusBadge } from "../components/status.js";
import { renderSvg } from "../charts/render-svg.js";
import { type StatusCount, statusBars } from "../charts/status-chart.js";
import { formatDateTime, formatNumber, formatPercent, formatQuarter } from "../i18n/format.js";
import type { Lang } from "../i18n/lang.js";
import { exportHref, measureHref, planHref } from "../href.js";
import { type PageContext, tr } from "../page-context.js";
import { DateField } from "../components/date-field.js";

interface ChartView {
  readonly svg: string;
  readonly summary: string;
  readonly title: string;
  readonly rows: ReadonlyArray<StatusCount>;
  readonly axis: string;
}

export interface RollupCharts {
  readonly bySection: ChartView | null;
  readonly byQuarter: ChartView | null;
  readonly byDistrict: ChartView | null;
}

/** Every contribution below a measure, depth first. */
const allChildren = (cs: ReadonlyArray<ChildContribution>): ChildContribution[] =>
  cs.flatMap((c) => [c, ...allChildren(c.children)]);

const add = (map: Map<string, Map<MeasureStatus, number>>, group: string, status: MeasureStatus, n = 1): void => {
  const g = map.get(group) ?? new Map<MeasureStatus, number>();
  g.set(status, (g.get(status) ?? 0) + n);
  map.set(group, g);
};

const rowsOf = (map: Map<string, Map<MeasureStatus, number>>): StatusCount[] =>
  [...map].flatMap(([group, counts]) => [...counts].map(([status, count]) => ({ group, status, count })));

/** The quarter whose report is the latest one due at `at` (`YYYY-MM-DD`): the quarter before the current one. */
export const lastEndedQuarter = (at: string): { year: number; quarter: number } => {
  const year = Number(at.slice(0, 4));
  const current = Math.floor((Number(at.slice(5, 7)) - 1) / 3) + 1;
  return current === 1 ? { year: year - 1, quarter: 4 } : { year, quarter: current - 1 };
};

export const rollupCharts = async (rollup: Rollup, tree: PlanTree, ctx: PageContext): Promise<RollupCharts> => {
  const T = tr(ctx);
  const bySection = new Map<string, Map<MeasureStatus, number>>();
  const byDistrict = new Map<string, Map<MeasureStatus, number>>();
  for (const m of rollup.measures) {
    const section = m.section ?? "—";
    add(bySection, section, m.own.status);
    for (const c of allChildren(m.children)) {
      add(bySection, section, c.own.status);
      add(byDistrict, c.node, c.own.status);
    }
  }
  // By quarter: what the plan's own measures were in each of the last eight quarters it reports on.
  const byQuarter = new Map<string, Map<MeasureStatus, number>>();
  const quarters = [
    ...new Set(tree.sections.flatMap((s) => s.tasks.flatMap((t) => t.measures.flatMap((m) => m.periods.map((p) => p.year * 4 + p.quarter - 1))))),
  ]
    .sort((a, b) => a - b)
    .slice(-8);
  const keep = new Set(quarters);
  for (const s of tree.sections)
    for (const t of s.tasks)
      for (const m of t.measures)
        for (const p of m.periods)
          if (keep.has(p.year * 4 + p.quarter - 1)) add(byQuarter, formatQuarter(p.year, p.quarter, ctx.lang), p.status);
  const quarterOrder = quarters.map((q) => formatQuarter(Math.floor(q / 4), (q % 4) + 1, ctx.lang));
  const make = async (map: Map<string, Map<MeasureStatus, number>>, title: string, axis: string, order?: string[]): Promise<ChartView | null> => {
    let rows = rowsOf(map);
    if (rows.length === 0) return null;
    if (order !== undefined) rows = order.flatMap((g) => rows.filter((r) => r.group === g));
    const chart = statusBars(rows, { lang: ctx.lang, title, axis, sortGroups: order === undefined });
    return { svg: await renderSvg(chart.spec), summary: chart.summary, title, rows, axis };
  };
  return {
    bySection: await make(bySection, T("Стан заходів за розділами (разом із районними)", "Measures by section (with the districts')"), T("Розділ", "Section")),
    byQuarter: await make(byQuarter, T("Стан заходів плану за кварталами", "The plan's measures by quarter"), T("Квартал", "Quarter"), quarterOrder),
    byDistrict: await make(byDistrict, T("Пов'язані заходи за районами", "Linked measures by district"), T("Вузол", "Node")),
  };
};

/** A chart's figures as a table: its text alternative for anyone who would rather read. */
const ChartTable: FC<{ chart: ChartView; lang: Lang }> = ({ chart, lang }) => {
  const groups = [...new Set(chart.rows.map((r) => r.group))];
  const statuses = STATUS_ORDER.filter((s) => chart.rows.some((r) => r.status === s));
  return (
    <div class="table-wrap" tabindex={0}>
      <table>
        <caption class="small">{chart.title}</caption>
        <thead>
          <tr>
            <th scope="col">{chart.axis}</th>
            {statuses.map((s) => (
              <th scope="col" class="num">
                {statusLabel(s, lang)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr>
              <th scope="row">{g}</th>
              {statuses.map((s) => (
                <td class="num">{chart.rows.filter((r) => r.group === g && r.status === s).reduce((a, r) => a + r.count, 0)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
};

const ChartBlock: FC<{ chart: ChartView | null; lang: Lang }> = ({ chart, lang }) =>
  chart === null ? null : (
    <div>
      <Chart svg={chart.svg} title={chart.title} summary={chart.summary} />
      <details>
        <summary>{lang === "uk" ? "Таблиця даних" : "Data table"}</summary>
        <ChartTable chart={chart} lang={lang} />
      </details>
    </div>
  );

const Combined: FC<{ m: RollupMeasure; lang: Lang }> = ({ m, lang }) => {
  const T = tr({ lang });
  const rule = { sum: T("сума", "sum"), average: T("середнє", "average"), min: T("мінімум", "minimum"), allDone: T("усі виконали", "all done") }[
    m.combined.aggregation
  ];
  return (
    <p class="small" data-combined={m.measureId}>
      <strong>{T("Разом", "Combined")}</strong> ({rule}):{" "}
      {m.combined.targets.length === 0
        ? m.combined.allDone
          ? T("усі учасники виконали", "every contributor done")
          : T(`виконали не всі (учасників: ${m.combined.contributors})`, `not all done (contributors: ${m.combined.contributors})`)
        : m.combined.targets.map((t, i) => (
            <>
              {i > 0 && "; "}
              <span data-target-unit={t.unit} data-value={t.value ?? ""}>
                {t.value === null ? "—" : formatNumber(t.value, lang)} / {formatNumber(t.target, lang)} {t.unit}
              </span>{" "}
              ({formatPercent(t.ratio, lang)}
              {t.missing.length > 0 && `, ${T("без даних", "no figure")}: ${t.missing.length}`})
            </>
          ))}
    </p>
  );
};

/** A child log's freshness as one line; the roll-up gives it once per origin (`rollupLookups(rollup).freshnessOf`). */
export const freshnessText = (f: Freshness | undefined, lang: Lang): string => {
  if (f === undefined) return "—";
  const at = formatDateTime(f.lastReceivedAt ?? f.lastRecordedAt);
  return lang === "uk"
    ? `дані станом на ${at}${f.checkpoint === null ? "" : `, контрольна точка № ${f.checkpoint.seq}`}`
    : `data as of ${at}${f.checkpoint === null ? "" : `, checkpoint № ${f.checkpoint.seq}`}`;
};

export const RollupPage: FC<{
  ctx: PageContext;
  rollup: Rollup;
  tree: PlanTree;
  charts: RollupCharts;
  childReports: ReadonlyArray<{ node: string; planId: string; reports: ReportCalendar }>;
}> = ({ ctx, rollup, tree, charts, childReports }) => {
  const T = tr(ctx);
  const lang = ctx.lang;
  const { freshnessOf } = rollupLookups(rollup);
  const quarter = lastEndedQuarter(rollup.at);
  const nodes = [...new Set(childReports.map((r) => r.node))].sort();
  const reported = (node: string): boolean =>
    childReports
      .filter((r) => r.node === node)
      .some((r) => r.reports.periods.some((p) => p.year === quarter.year && p.quarter === quarter.quarter && (p.state === "submitted" || p.state === "accepted")));
  const silent = nodes.filter((n) => !reported(n));
  const linked = rollup.measures.filter((m) => m.children.length > 0).length;
  return (
    <Layout ctx={ctx} title={`${T("Зведення", "Roll-up")}: ${rollup.title ?? rollup.planId}`}>
      <p class="crumbs">
        <a href="/">{T("Головна", "Home")}</a> › <a href={planHref(rollup.planId)}>{T("План", "Plan")}</a> › {T("Зведення", "Roll-up")}
      </p>
      <h1>
        {T("Зведення виконання", "Roll-up")}: {rollup.title ?? rollup.planId}
      </h1>
      <p>
        {T("Заходів плану", "Measures of the plan")}: {rollup.measures.length}; {T("з них мають пов'язані заходи районів", "with linked district measures")}:{" "}
        <strong data-linked-measures={linked}>{linked}</strong>. {T("Станом на", "As of")} {rollup.at.split("-").reverse().join(".")}.
      </p>
      <p class="downloads" data-downloads="">
        {T("Завантажити зведення", "Download the roll-up")}: <a href={exportHref(rollup.planId, "rollup.xlsx")}>XLSX</a> ·{" "}
        <a href={exportHref(rollup.planId, "rollup.csv")}>CSV</a>
        {ctx.asOf !== null && <span class="small muted"> ({T("поточний стан, не на обрану дату", "the current state, not as of the chosen date")})</span>}
      </p>
      <form class="filters" method="get" action={`/plans/${encodeURIComponent(rollup.planId)}/rollup`}>
        <label>
          {T("Стан на дату", "As of date")}
          <DateField lang={ctx.lang} name="asOf" value={ctx.asOf} />
        </label>
        <button type="submit">{T("Показати", "Show")}</button>
      </form>

      <h2 id="freshness">{T("Свіжість даних районів", "How fresh each district's data is")}</h2>
      {rollup.freshness.length === 0 ? (
        <p>{T("Жоден район ще не надіслав пов'язаних заходів.", "No district has sent linked measures yet.")}</p>
      ) : (
        <div class="table-wrap" tabindex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{T("Вузол", "Node")}</th>
                <th scope="col">{T("Остання подія", "Last event")}</th>
                <th scope="col">{T("Отримано", "Received")}</th>
                <th scope="col">{T("Контрольна точка", "Checkpoint")}</th>
              </tr>
            </thead>
            <tbody>
              {rollup.freshness.map((f) => (
                <tr data-freshness={f.origin}>
                  <th scope="row">{f.origin}</th>
                  <td>
                    № {f.lastSeq}, {formatDateTime(f.lastRecordedAt)}
                  </td>
                  <td>{formatDateTime(f.lastReceivedAt)}</td>
                  <td data-checkpoint={f.checkpoint?.seq ?? ""}>
                    {f.checkpoint === null ? "—" : `№ ${f.checkpoint.seq}, ${formatDateTime(f.checkpoint.signedAt)}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2 id="not-reported">
        {T("Не звітували за", "Not reported for")} {formatQuarter(quarter.year, quarter.quarter, lang)}
      </h2>
      {nodes.length === 0 ? (
        <p>{T("Пов'язаних районних планів немає.", "No linked district plans.")}</p>
      ) : silent.length === 0 ? (
        <p class="notice ok">{T("Усі райони подали звіт.", "Every district has reported.")}</p>
      ) : (
        <ul class="notice" data-not-reported={silent.join(",")}>
          {silent.map((n) => (
            <li>{n}</li>
          ))}
        </ul>
      )}

      <h2 id="charts">{T("Діаграми", "Charts")}</h2>
      <div class="grid2">
        <ChartBlock chart={charts.bySection} lang={lang} />
        <ChartBlock chart={charts.byQuarter} lang={lang} />
        <ChartBlock chart={charts.byDistrict} lang={lang} />
      </div>

      <h2 id="measures">{T("Заходи", "Measures")}</h2>
      {rollup.measures.map((m) => (
        <article class="measure" id={`m-${m.measureId}`} data-measure={m.measureId}>
          <header>
            <span class="label">
              {m.section ?? ""} {m.task ?? ""} {m.label}
            </span>
            <a class="title" href={measureHref(rollup.planId, m.measureId)}>
              {m.title}
            </a>
            <StatusBadge status={m.own.status} lang={lang} />
          </header>
          <Combined m={m} lang={lang} />
          {m.children.length > 0 && (
            <div class="table-wrap" tabindex={0}>
              <table>
                <caption class="small">{T("Пов'язані заходи районів", "Linked district measures")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{T("Вузол", "Node")}</th>
                    <th scope="col">{T("Захід", "Measure")}</th>
                    <th scope="col">{T("Стан", "Status")}</th>
                    <th scope="col">{T("Показники", "Figures")}</th>
                    <th scope="col">{T("Свіжість", "Freshness")}</th>
                  </tr>
                </thead>
                <tbody>
                  {allChildren(m.children).map((c) => (
                    <tr data-child-measure={c.measureId} data-node={c.node}>
                      <td>{c.node}</td>
                      <td>
                        <a href={measureHref(c.planId, c.measureId)}>
                          {c.label} {c.title.length > 140 ? `${c.title.slice(0, 138)}…` : c.title}
                        </a>
                      </td>
                      <td>
                        <StatusBadge status={c.own.status} lang={lang} />
                      </td>
                      <td>
                        {c.own.actuals.length === 0
                          ? "—"
                          : c.own.actuals.map((a) => `${formatNumber(a.value, lang)} ${a.unit}`).join("; ")}
                        {c.own.period !== null && <span class="muted small"> ({formatQuarter(c.own.period.year, c.own.period.quarter, lang)})</span>}
                      </td>
                      <td class="small">{freshnessText(freshnessOf(c.origin), lang)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </article>
      ))}
      <p class="small muted">
        {T("Статуси", "Statuses")}: {STATUS_ORDER.map((s) => statusLabel(s, lang)).join(", ")}. {T("План", "Plan")}: {tree.id}.
      </p>
    </Layout>
  );
};
