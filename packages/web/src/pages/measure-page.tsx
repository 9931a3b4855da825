/** @jsxRuntime automatic @jsxImportSource hono/jsx */
/**
 * @module The measure page: the measure now (or as of a moment), every event that touched it (who, when,
 * under which order, what changed), its reports by quarter, the regional measure it implements and the
 * measures of other nodes linked to it.
 */
import { type ChildContribution, type Freshness, type MeasureNode, type PeriodStatus, type PlanTree, rollupLookups } from "@planledger/projections";
import type { FC } from "hono/jsx";
import { EventTable, ordersOf, type OrdersByEvent } from "../components/event-table.js";
import { statusLabel } from "../components/labels.js";
import { Layout } from "../components/layout.js";
import { BudgetTable, Executors } from "../components/measure-card.js";
import { StatusBadge } from "../components/status.js";
import { visibleEvents } from "../history-filter.js";
import { formatDate, formatDateTime, formatMoney, formatNumber, formatPercent, formatQuarter } from "../i18n/format.js";
import { historyHref, measureHref, planHref } from "../href.js";
import { type PageContext, tr } from "../page-context.js";
import { NotOnThisNode } from "../page-errors.js";
import type { HistoryEvent, ViewMoment, WebSource } from "../web-source.js";

export interface QuarterReport {
  readonly period: PeriodStatus;
  /** The measure's latest progress in that quarter's report, with who recorded it. */
  readonly progress: HistoryEvent | null;
}

export interface MeasureView {
  readonly tree: PlanTree;
  readonly measure: MeasureNode;
  readonly section: { readonly label: string; readonly title: string };
  readonly task: { readonly label: string; readonly title: string };
  readonly events: ReadonlyArray<HistoryEvent>;
  readonly orders: OrdersByEvent;
  readonly quarters: ReadonlyArray<QuarterReport>;
  readonly children: ReadonlyArray<ChildContribution>;
  /** The roll-up's freshness of each child's origin (given once per origin, not per child measure). */
  readonly freshnessOf: (origin: string) => Freshness | undefined;
  /** The parent measure's title when this node holds its plan. */
  readonly parentTitle: string | null;
}

export const measureView = async (source: WebSource, planId: string, measureId: string, view: ViewMoment): Promise<MeasureView> => {
  const tree = await source.planTree(planId, view);
  for (const s of tree.sections)
    for (const t of s.tasks)
      for (const m of t.measures) {
        if (m.measureId !== measureId) continue;
        const mode = view.byReceipt === false ? "dated" : "received";
        const planEvents = visibleEvents(await source.history(`plan:${planId}`), view.asOf, mode);
        const events = planEvents.filter((e) => e.data.measureId === measureId);
        const calendar = await source.reports(planId, view);
        const quarters = await Promise.all(
          m.periods.map(async (period): Promise<QuarterReport> => {
            const entry = calendar.periods.find((p) => p.year === period.year && p.quarter === period.quarter);
            if (entry?.reportId === null || entry === undefined) return { period, progress: null };
            // Which recording is the measure's latest is the read model's to say (as of the same moment); the
            // stream's events give that recording's envelope (who, when).
            const report = await source.report(entry.reportId, view);
            const latest = report?.progress.find((r) => r.measureId === measureId);
            if (latest === undefined) return { period, progress: null };
            const reportEvents = await source.history(`report:${planId}:${period.year}-Q${period.quarter}`);
            return { period, progress: reportEvents.find((e) => e.position === latest.position) ?? null };
          }),
        );
        const rollup = await source.rollup(planId, view);
        const children = rollup.measures.find((r) => r.measureId === measureId)?.children ?? [];
        const { freshnessOf } = rollupLookups(rollup);
        let parentTitle: string | null = null;
        if (m.parent !== null) {
          const parentPlan = await source.planTree(m.parent.planId, view).catch(() => null);
          const parentId = m.parent.measureId;
          parentTitle =
            parentPlan?.sections.flatMap((ps) => ps.tasks.flatMap((pt) => pt.measures)).find((pm) => pm.measureId === parentId)?.title ?? null;
        }
        return {
          tree,
          measure: m,
          section: { label: s.label, title: s.title },
          task: { label: t.label, title: t.title },
          events,
          orders: ordersOf(planEvents),
          quarters: quarters.reverse(),
          children,
          freshnessOf,
          parentTitle,
        };
      }
  throw new NotOnThisNode({
    uk: `У плані «${tree.title ?? planId}» немає заходу «${measureId}».`,
    en: `The plan "${tree.title ?? planId}" has no measure "${measureId}".`,
  });
};

const flatten = (cs: ReadonlyArray<ChildContribution>): ChildContribution[] => cs.flatMap((c) => [c, ...flatten(c.children)]);

export const MeasurePage: FC<{ ctx: PageContext; view: MeasureView }> = ({ ctx, view }) => {
  const T = tr(ctx);
  const lang = ctx.lang;
  const { tree, measure: m } = view;
  return (
    <Layout ctx={ctx} title={`${m.label} ${m.title.slice(0, 80)}`}>
      <p class="crumbs">
        <a href="/">{T("Головна", "Home")}</a> › <a href={planHref(tree.id, { asOf: ctx.asOf ?? undefined })}>{tree.title ?? tree.id}</a> ›{" "}
        {T("Захід", "Measure")}
      </p>
      <h1>
        {m.label} {m.title}
      </h1>
      <p>
        <StatusBadge status={m.status} lang={lang} /> {view.section.label} {view.section.title} › {view.task.label} {view.task.title}
      </p>
      <dl class="facts">
        <dt>{T("Ідентифікатор", "Id")}</dt>
        <dd>{m.measureId}</dd>
        <dt>{T("Термін", "Term")}</dt>
        <dd>{m.term.text || "—"}</dd>
        <dt>{T("Виконавці", "Executors")}</dt>
        <dd>
          <Executors executors={m.executors} lang={lang} />
        </dd>
        <dt>{T("Індикатор", "Indicator")}</dt>
        <dd>{m.indicator.text || "—"}</dd>
        {m.progress.length > 0 && (
          <>
            <dt>{T("Цілі", "Targets")}</dt>
            <dd>
              {m.progress
                .map((p) => `${p.actual === null ? "—" : formatNumber(p.actual, lang)} / ${p.target === null ? "—" : formatNumber(p.target, lang)} ${p.unit} (${formatPercent(p.ratio, lang)})`)
                .join("; ")}
            </dd>
          </>
        )}
        <dt>{T("Використано", "Spent")}</dt>
        <dd>{formatMoney(m.spent, lang)}</dd>
        <dt>{T("На виконання", "Implements")}</dt>
        <dd>
          {m.parent === null ? (
            "—"
          ) : (
            <a href={measureHref(m.parent.planId, m.parent.measureId)} data-parent={m.parent.measureId}>
              {m.parent.node}: {view.parentTitle ?? m.parent.measureId}
            </a>
          )}
        </dd>
        {m.cancelled !== null && (
          <>
            <dt>{T("Скасовано", "Cancelled")}</dt>
            <dd>
              {formatDate(m.cancelled.effective)}: {m.cancelled.reason}
            </dd>
          </>
        )}
      </dl>
      {m.budget.length > 0 && <BudgetTable budget={m.budget} lang={lang} caption={T("Обсяги фінансування, тис. грн", "Funding, thous. UAH")} />}

      <h2 id="reports">{T("Звіти за кварталами", "Reports by quarter")}</h2>
      {view.quarters.length === 0 ? (
        <p>{T("Звітних кварталів ще не було.", "No reporting quarter yet.")}</p>
      ) : (
        <div class="table-wrap" tabindex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{T("Квартал", "Quarter")}</th>
                <th scope="col">{T("Стан", "Status")}</th>
                <th scope="col">{T("Факт", "Actuals")}</th>
                <th scope="col">{T("Витрачено", "Spent")}</th>
                <th scope="col">{T("Пояснення", "Narrative")}</th>
                <th scope="col">{T("Хто і коли", "By whom, when")}</th>
              </tr>
            </thead>
            <tbody>
              {view.quarters.map(({ period, progress }) => {
                const d = progress?.data as
                  | { actuals?: { value: number; unit: string }[]; spent?: { amount: number; source: string }[]; narrative?: string; sample?: boolean }
                  | undefined;
                return (
                  <tr data-quarter={`${period.year}-Q${period.quarter}`} data-status={period.status}>
                    <th scope="row">{formatQuarter(period.year, period.quarter, lang)}</th>
                    <td>
                      <StatusBadge status={period.status} lang={lang} />
                    </td>
                    <td>{d?.actuals?.map((a) => `${formatNumber(a.value, lang)} ${a.unit}`).join("; ") || "—"}</td>
                    <td>{d?.spent?.map((s) => `${formatMoney(s.amount, lang)} (${s.source})`).join("; ") || "—"}</td>
                    <td>
                      {d?.narrative || "—"}
                      {d?.sample === true && <span class="muted small"> {T("(зразкові дані)", "(sample data)")}</span>}
                    </td>
                    <td class="small">{progress === null ? `${T("строк", "due")} ${formatDate(period.dueDate)}` : `${progress.actor}, ${formatDateTime(progress.recordedAt)}`}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      <h2 id="linked">{T("Пов'язані заходи інших вузлів", "Linked measures of other nodes")}</h2>
      {view.children.length === 0 ? (
        <p>{T("Жоден захід інших вузлів не пов'язано з цим.", "No measure of another node is linked to this one.")}</p>
      ) : (
        <ul>
          {flatten(view.children).map((c) => {
            const checkpoint = view.freshnessOf(c.origin)?.checkpoint ?? null;
            return (
              <li data-child-measure={c.measureId}>
                {c.node}: <a href={measureHref(c.planId, c.measureId)}>{c.label} {c.title}</a> — {statusLabel(c.own.status, lang)}
                {checkpoint !== null && (
                  <span class="small muted">
                    {" "}
                    ({T("контрольна точка", "checkpoint")} № {checkpoint.seq})
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}

      <h2 id="history">{T("Історія змін заходу", "The measure's history")}</h2>
      {ctx.viewer?.can("history:read") ? (
        <>
          <EventTable events={view.events} orders={view.orders} lang={lang} caption={T("Кожна подія, що стосується заходу", "Every event that touched the measure")} />
          <p>
            <a href={historyHref({ stream: `plan:${tree.id}` })}>{T("Уся історія плану", "The plan's whole history")}</a>
          </p>
        </>
      ) : (
        <p class="notice" data-history-hidden="">
          {T("Хто і коли змінював захід, бачать аудитори та адміністратори: ", "Who changed the measure and when is shown to auditors and administrators: ")}
          <a href={`/sign-in?next=${encodeURIComponent(ctx.self)}`}>{T("увійдіть", "sign in")}</a>.
        </p>
      )}
    </Layout>
  );
};
