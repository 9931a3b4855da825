/** @jsxRuntime automatic @jsxImportSource hono/jsx */
/**
 * @module One measure as the plan page shows it: status, term, executors (за згодою marked), indicator and
 * targets with progress, budget by year and source, and the latest progress reported. Takes a view model only.
 */
import type { MeasureNode } from "@planledger/projections";
import type { FC } from "hono/jsx";
import { formatDate, formatMoney, formatNumber, formatPercent, formatQuarter } from "../i18n/format.js";
import type { Lang } from "../i18n/lang.js";
import { measureHref } from "../href.js";
import { statusLabel } from "./labels.js";
import { StatusBadge } from "./status.js";

const T = (lang: Lang) => (uk: string, en: string) => (lang === "uk" ? uk : en);

export const Executors: FC<{ executors: MeasureNode["executors"]; lang: Lang }> = ({ executors, lang }) =>
  executors.length === 0
    ? "—"
    : executors.map((e, i) => (
        <>
          {i > 0 && "; "}
          {e.name}
          {e.byConsent && <em> {T(lang)("(за згодою)", "(by consent)")}</em>}
        </>
      ));

/** Budget lines: one row per line, one column per year that any line names. */
export const BudgetTable: FC<{ budget: MeasureNode["budget"]; lang: Lang; caption: string }> = ({ budget, lang, caption }) => {
  const years = [...new Set(budget.flatMap((b) => Object.keys(b.byYear)))].sort();
  const t = T(lang);
  return (
    <div class="table-wrap" tabindex={0}>
      <table>
        <caption class="small">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("Джерело", "Source")}</th>
            <th scope="col">{t("Виконавець", "Executor")}</th>
            {years.map((y) => (
              <th scope="col" class="num">
                {y}
              </th>
            ))}
            <th scope="col" class="num">
              {t("Усього, тис. грн", "Total, thous. UAH")}
            </th>
          </tr>
        </thead>
        <tbody>
          {budget.map((b) => (
            <tr>
              <td>{b.source}</td>
              <td>{b.executor}</td>
              {years.map((y) => (
                <td class="num">{b.byYear[y] === undefined ? "—" : formatNumber(b.byYear[y] as number, lang)}</td>
              ))}
              <td class="num">{b.total === null ? "—" : formatNumber(b.total, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
};

export const MeasureCard: FC<{ m: MeasureNode; planId: string; lang: Lang; mismatch: boolean }> = ({ m, planId, lang, mismatch }) => {
  const t = T(lang);
  return (
    <article class={`measure${m.cancelled === null ? "" : " cancelled"}`} id={`m-${m.measureId}`} data-measure={m.measureId} data-status={m.status}>
      <header>
        <span class="label">{m.label}</span>
        <a class="title" href={measureHref(planId, m.measureId)}>
          {m.title}
        </a>
        <StatusBadge status={m.status} lang={lang} />
        {m.overdue && m.status !== "overdue" && <span class="badge s-overdue">{statusLabel("overdue", lang)}</span>}
      </header>
      <dl class="facts">
        <dt>{t("Термін", "Term")}</dt>
        <dd>{m.term.text === "" ? "—" : m.term.text}</dd>
        <dt>{t("Виконавці", "Executors")}</dt>
        <dd>
          <Executors executors={m.executors} lang={lang} />
        </dd>
        {m.indicator.text !== "" && (
          <>
            <dt>{t("Індикатор", "Indicator")}</dt>
            <dd>{m.indicator.text}</dd>
          </>
        )}
        {m.progress.length > 0 && (
          <>
            <dt>{t("Цілі", "Targets")}</dt>
            <dd>
              {m.progress.map((p, i) => (
                <>
                  {i > 0 && "; "}
                  {p.actual === null ? "—" : formatNumber(p.actual, lang)} / {p.target === null ? "—" : formatNumber(p.target, lang)}{" "}
                  {p.unit} {p.ratio !== null && `(${formatPercent(p.ratio, lang)})`}
                  {m.actualsPeriod !== null && i === 0 && (
                    <span class="muted small"> — {t("станом на", "as of")} {formatQuarter(m.actualsPeriod.year, m.actualsPeriod.quarter, lang)}</span>
                  )}
                </>
              ))}
            </dd>
          </>
        )}
        {m.spent > 0 && (
          <>
            <dt>{t("Використано", "Spent")}</dt>
            <dd>{formatMoney(m.spent, lang)}</dd>
          </>
        )}
        {m.latest !== null && (
          <>
            <dt>{t("Останній звіт", "Latest report")}</dt>
            <dd>
              {formatQuarter(m.latest.year, m.latest.quarter, lang)}: {statusLabel(m.latest.status, lang)}
              {m.latest.narrative !== "" && <> — {m.latest.narrative}</>}
            </dd>
          </>
        )}
        {m.cancelled !== null && (
          <>
            <dt>{t("Скасовано", "Cancelled")}</dt>
            <dd>
              {formatDate(m.cancelled.effective)}: {m.cancelled.reason}
            </dd>
          </>
        )}
        {m.parent !== null && (
          <>
            <dt>{t("На виконання", "Implements")}</dt>
            <dd>
              <a href={measureHref(m.parent.planId, m.parent.measureId)}>
                {m.parent.node}: {m.parent.measureId}
              </a>
            </dd>
          </>
        )}
      </dl>
      {m.budget.length > 0 && (
        <details>
          <summary>
            {t("Фінансування", "Funding")} {mismatch && <span class="mismatch">⚠ {t("підсумок не збігається", "total does not add up")}</span>}
          </summary>
          <BudgetTable budget={m.budget} lang={lang} caption={t("Обсяги фінансування, тис. грн", "Funding, thous. UAH")} />
        </details>
      )}
    </article>
  );
};
