/** @jsxRuntime automatic @jsxImportSource hono/jsx */
/**
 * @module Node home: who this node is (level, parent, children), its plans with their measures counted by
 * status, overdue reports, and each child's sync state with a warning when it has been silent too long.
 */
import type { PlanSummary, ReportCalendar } from "@planledger/projections";
import type { MeasureStatus } from "@planledger/projections";
import type { FC } from "hono/jsx";
import { levelLabel } from "../components/labels.js";
import { Layout } from "../components/layout.js";
import { HierarchyPanel } from "../components/hierarchy-panel.js";

/** The hierarchy panel's view model (`HierarchyPanel`), when the node can give one. */
export type HierarchyPanelProps = Omit<Parameters<typeof HierarchyPanel>[0], "ctx">;
import { StatusCounts } from "../components/status.js";
import { daysBetween, formatDate, formatDateTime, formatQuarter } from "../i18n/format.js";
import { planHref, rollupHref } from "../href.js";
import { type PageContext, tr } from "../page-context.js";

export interface HomePlan {
  readonly summary: PlanSummary;
  readonly statusCounts: Readonly<Record<MeasureStatus, number>>;
  readonly reports: ReportCalendar;
}

export const HomePage: FC<{ ctx: PageContext; plans: ReadonlyArray<HomePlan>; hierarchy?: HierarchyPanelProps | undefined }> = ({
  ctx,
  plans,
  hierarchy,
}) => {
  const T = tr(ctx);
  const { node } = ctx;
  // One row per plan, not per quarter: a district that has not reported for two years is one line that says so,
  // not two dozen lines repeating the plan's title.
  const overdue = plans
    .map((p) => ({ plan: p.summary, missing: p.reports.periods.filter((r) => r.state === "missing") }))
    .filter((o) => o.missing.length > 0);
  return (
    <Layout ctx={ctx} title={T("Головна", "Home")} nav="home">
      <h1>{node.displayName}</h1>
      <dl class="facts">
        <dt>{T("Вузол", "Node")}</dt>
        <dd>
          {node.nodeId} ({levelLabel(node.level, ctx.lang)})
        </dd>
        <dt>{T("Вищий вузол", "Parent")}</dt>
        <dd>
          {node.parent === null
            ? T("немає (корінь ієрархії)", "none (top of the hierarchy)")
            : `${node.parent.nodeId}${node.parent.url === null ? "" : ` — ${node.parent.url}`}`}
        </dd>
        <dt>{T("Подій у журналі", "Events held")}</dt>
        <dd>{node.events}</dd>
      </dl>

      <h2 id="plans">{T("Плани", "Plans")}</h2>
      {ctx.viewer?.can("plan:write") && <p><a href="/plans/import">{T("Імпортувати план", "Import a plan")}</a></p>}
      {plans.length === 0 ? (
        <p>{T("Вузол ще не має жодного плану.", "This node holds no plan yet.")}</p>
      ) : (
        <div class="cards">
          {plans.map(({ summary: p, statusCounts }) => (
            <article class="card" data-plan={p.id}>
              <h3>
                <a href={planHref(p.id, { asOf: ctx.asOf ?? undefined })}>{p.title ?? p.id}</a>
              </h3>
              <p class="small muted">
                {p.issuer ?? ""} {p.order.number === null ? "" : `№ ${p.order.number}`}{" "}
                {p.order.date === null ? "" : `${T("від", "of")} ${formatDate(p.order.date)}`}
                <br />
                {T("Період", "Period")}: {p.period.from ?? "?"}–{p.period.to ?? "?"} ·{" "}
                {p.replica ? `${T("копія з вузла", "replica from")} ${p.owner}` : T("власний план", "own plan")}
              </p>
              <p class="small">
                {T("Заходів", "Measures")}: <strong>{p.measures}</strong>
              </p>
              <StatusCounts counts={statusCounts} lang={ctx.lang} />
              <p class="small">
                <a href={rollupHref(p.id, { asOf: ctx.asOf ?? undefined })}>{T("Зведення по районах", "Roll-up across districts")}</a> ·{" "}
                <a href={`/plans/${encodeURIComponent(p.id)}/quarters`}>{T("Квартальні звіти", "Quarterly reports")}</a>
              </p>
            </article>
          ))}
        </div>
      )}

      <h2 id="overdue">{T("Прострочені звіти", "Overdue reports")}</h2>
      {overdue.length === 0 ? (
        <p>{T("Прострочених квартальних звітів немає.", "No quarterly report is overdue.")}</p>
      ) : (
        <div class="table-wrap" tabindex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{T("План", "Plan")}</th>
                <th scope="col" class="num">
                  {T("Кварталів без звіту", "Quarters not reported")}
                </th>
                <th scope="col">{T("Найдавніший строк", "Oldest due date")}</th>
                <th scope="col">{T("Квартали", "Quarters")}</th>
              </tr>
            </thead>
            <tbody>
              {overdue.map(({ plan, missing }) => {
                const quarters = missing.map((r) => formatQuarter(r.year, r.quarter, ctx.lang));
                return (
                  <tr data-overdue={plan.id} data-quarters={missing.map((r) => `${r.year}-Q${r.quarter}`).join(" ")}>
                    <td>
                      <a href={planHref(plan.id)}>{plan.title ?? plan.id}</a>
                      {plan.replica ? <span class="small muted"> ({plan.owner})</span> : null}
                    </td>
                    <td class="num">{missing.length}</td>
                    <td>{formatDate(missing[0]?.dueDate ?? null)}</td>
                    <td>
                      {quarters.length <= 3 ? (
                        quarters.join(", ")
                      ) : (
                        <details>
                          <summary>
                            {quarters[0]} – {quarters[quarters.length - 1]}
                          </summary>
                          {quarters.join(", ")}
                        </details>
                      )}{" "}
                      · <a href={`/plans/${encodeURIComponent(plan.id)}/quarters`}>{T("квартальні звіти", "quarterly reports")}</a>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      <h2 id="children">{T("Підпорядковані вузли", "Child nodes")}</h2>
      {node.children.length === 0 ? (
        <p>{T("Підпорядкованих вузлів немає.", "No child nodes.")}</p>
      ) : (
        <div class="table-wrap" tabindex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{T("Вузол", "Node")}</th>
                <th scope="col">{T("Рівень", "Level")}</th>
                <th scope="col" class="num">
                  {T("Подій отримано", "Events held")}
                </th>
                <th scope="col">{T("Остання контрольна точка", "Last checkpoint")}</th>
                <th scope="col">{T("Дані отримано", "Last received")}</th>
                <th scope="col">{T("Стан", "State")}</th>
              </tr>
            </thead>
            <tbody>
              {node.children.map((c) => {
                const silentFor = c.lastReceivedAt === null ? null : daysBetween(c.lastReceivedAt, ctx.now);
                const silent = silentFor === null || silentFor > ctx.silentDays;
                return (
                  <tr data-child={c.nodeId}>
                    <th scope="row">{c.nodeId}</th>
                    <td>{levelLabel(c.level, ctx.lang)}</td>
                    <td class="num">{c.events}</td>
                    <td>
                      {c.lastCheckpoint === null
                        ? "—"
                        : `№ ${c.lastCheckpoint.seq}, ${formatDateTime(c.lastCheckpoint.signedAt)}`}
                    </td>
                    <td>{formatDateTime(c.lastReceivedAt)}</td>
                    <td>
                      {silent ? (
                        <strong class="mismatch" data-silent="true">
                          ⚠{" "}
                          {silentFor === null
                            ? T("дані ще не надходили", "nothing received yet")
                            : T(`мовчить ${silentFor} дн. (поріг ${ctx.silentDays})`, `silent ${silentFor} days (limit ${ctx.silentDays})`)}
                        </strong>
                      ) : (
                        T("на зв'язку", "in touch")
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {/* Below what a reporter comes for (plans, overdue reports, children): the tree over time is for reference. */}
      {hierarchy === undefined ? null : <HierarchyPanel ctx={ctx} {...hierarchy} />}
    </Layout>
  );
};
