/** @jsxRuntime automatic @jsxImportSource hono/jsx */
/**
 * @module The reviewer's side of the quarter: a queue of submitted reports (this node's own and its districts'
 * replicated ones), oldest first; and one report judged — the exact submission shown (origin, seq, hash), accepted
 * or returned with a reason, the verdict naming that submission.
 */
import type { PlanSummary, ReportEntry } from "@planledger/projections";
import type { FC } from "hono/jsx";
import { slotLabel, statusLabel } from "../components/labels.js";
import { Layout } from "../components/layout.js";
import { formatDateTime, formatMoney, formatNumber, formatQuarter } from "../i18n/format.js";
import { planHref } from "../href.js";
import { type PageContext, tr } from "../page-context.js";
import type { QuarterAddress, SubmissionRef } from "../reporting.js";
import type { WebSource } from "../web-source.js";
import { type QuarterView, quarterView } from "./quarter-page.js";

export const reviewHref = (planId: string, year: number, quarter: number): string =>
  `/reviews/${encodeURIComponent(planId)}/${year}-Q${quarter}`;

export interface QueuedReport {
  readonly plan: PlanSummary;
  readonly entry: ReportEntry;
}

/** Every submitted report held here, not yet judged, oldest submission first. */
export const reviewQueue = async (source: WebSource): Promise<ReadonlyArray<QueuedReport>> => {
  const plans = await source.plans();
  const queued = await Promise.all(
    plans.map(async (plan) => (await source.reports(plan.id)).periods.filter((p) => p.state === "submitted").map((entry) => ({ plan, entry }))),
  );
  return queued.flat().sort((a, b) => (a.entry.submittedAt ?? "").localeCompare(b.entry.submittedAt ?? ""));
};

export interface ReviewView {
  readonly quarter: QuarterView;
  /** The latest submission held here; null when the report was never submitted. */
  readonly submission: (SubmissionRef & { readonly actor: string; readonly at: string }) | null;
}

export const reviewView = async (source: WebSource, at: QuarterAddress): Promise<ReviewView> => {
  const quarter = await quarterView(source, at);
  const submitted = quarter.events.findLast((e) => e.type === "ReportSubmitted");
  return {
    quarter,
    submission: submitted === undefined ? null : { origin: submitted.origin, seq: submitted.seq, hash: submitted.hash, actor: submitted.actor, at: submitted.recordedAt },
  };
};

export const ReviewQueuePage: FC<{ ctx: PageContext; queue: ReadonlyArray<QueuedReport> }> = ({ ctx, queue }) => {
  const T = tr(ctx);
  return (
    <Layout ctx={ctx} title={T("Розгляд звітів", "Reports to review")} nav="reviews">
      <h1>{T("Звіти на розгляд", "Reports to review")}</h1>
      {queue.length === 0 ? (
        <p>{T("Поданих звітів, що чекають рішення, немає.", "No submitted report is waiting for a verdict.")}</p>
      ) : (
        <div class="table-wrap" tabindex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{T("Подано", "Submitted")}</th>
                <th scope="col">{T("Вузол", "Node")}</th>
                <th scope="col">{T("План", "Plan")}</th>
                <th scope="col">{T("Квартал", "Quarter")}</th>
                <th scope="col" class="num">
                  {T("Заходів", "Measures")}
                </th>
              </tr>
            </thead>
            <tbody>
              {queue.map(({ plan, entry }) => (
                <tr data-queued={`${plan.id}:${entry.year}-Q${entry.quarter}`}>
                  <td>{formatDateTime(entry.submittedAt)}</td>
                  <td>{plan.owner}</td>
                  <td>{plan.title ?? plan.id}</td>
                  <th scope="row">
                    <a href={reviewHref(plan.id, entry.year, entry.quarter)}>{formatQuarter(entry.year, entry.quarter, ctx.lang)}</a>
                  </th>
                  <td class="num">{entry.measuresReported}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
};

export interface ReviewForm {
  readonly csrf: string;
  readonly editable: boolean;
  readonly reason: string;
  readonly error: string | null;
  readonly notice: { readonly kind: "ok" | "bad"; readonly text: string } | null;
}

export const ReviewPage: FC<{ ctx: PageContext; view: ReviewView; form: ReviewForm }> = ({ ctx, view, form }) => {
  const T = tr(ctx);
  const lang = ctx.lang;
  const { quarter, submission } = view;
  const { tree, at, entry } = quarter;
  const label = formatQuarter(at.year, at.quarter, lang);
  const Ref: FC = () =>
    submission === null ? null : (
      <>
        <input type="hidden" name="_csrf" value={form.csrf} />
        <input type="hidden" name="origin" value={submission.origin} />
        <input type="hidden" name="seq" value={String(submission.seq)} />
        <input type="hidden" name="hash" value={submission.hash} />
      </>
    );
  return (
    <Layout ctx={ctx} title={`${T("Розгляд", "Review")}: ${label}`} nav="reviews">
      <p class="crumbs">
        <a href="/reviews">{T("Звіти на розгляд", "Reports to review")}</a> › {tree.title ?? tree.id} › {label}
      </p>
      <h1>
        {T("Розгляд звіту", "Review of the report")}: {label}
      </h1>
      <p>
        <a href={planHref(tree.id)}>{tree.title ?? tree.id}</a> · {T("вузол", "node")} {tree.owner} ·{" "}
        <span data-phase={entry?.state ?? "upcoming"}>{slotLabel(entry?.state ?? "upcoming", lang)}</span>
      </p>
      {submission !== null && (
        <p class="notice" data-submission={`${submission.origin}:${submission.seq}`}>
          {T("Розглядається подання", "Judging the submission")}: {T("вузол", "node")} {submission.origin}, {T("подія", "event")} № {submission.seq},{" "}
          {T("хеш", "hash")} <code>{submission.hash.slice(0, 16)}…</code> ({submission.actor}, {formatDateTime(submission.at)}).{" "}
          {T("Рішення називатиме саме це подання.", "The verdict will name exactly this submission.")}
        </p>
      )}
      {form.notice !== null && (
        <p class={`notice ${form.notice.kind}`} role={form.notice.kind === "bad" ? "alert" : "status"}>
          {form.notice.text}
        </p>
      )}
      {entry?.review !== null && entry?.review !== undefined && (
        <p class="notice">
          {T("Попереднє рішення", "Earlier verdict")}: {entry.review.outcome === "accepted" ? T("прийнято", "accepted") : T("повернуто", "returned")} (
          {entry.review.reviewerNode}, {formatDateTime(entry.review.recordedAt)}){entry.review.reason === null ? "" : `: ${entry.review.reason}`}
        </p>
      )}
      <div class="table-wrap" tabindex={0}>
        <table>
          <caption>{T("Що подано за кожним заходом", "What was reported for each measure")}</caption>
          <thead>
            <tr>
              <th scope="col">{T("Захід", "Measure")}</th>
              <th scope="col">{T("Стан", "Status")}</th>
              <th scope="col">{T("Факт", "Actuals")}</th>
              <th scope="col">{T("Витрачено", "Spent")}</th>
              <th scope="col">{T("Пояснення", "Narrative")}</th>
            </tr>
          </thead>
          <tbody>
            {quarter.measures
              .filter((q) => q.stored !== null)
              .map((q) => (
                <tr data-measure={q.m.measureId}>
                  <td>
                    {q.where} {q.m.label} {q.m.title.length > 120 ? `${q.m.title.slice(0, 118)}…` : q.m.title}
                  </td>
                  <td>{q.stored === null ? "—" : statusLabel(q.stored.status, lang)}</td>
                  <td>{q.stored?.actuals.map((a) => `${formatNumber(a.value, lang)} ${a.unit}`).join("; ") || "—"}</td>
                  <td>{q.stored?.spent.map((x) => `${formatMoney(x.amount, lang)} (${x.source})`).join("; ") || "—"}</td>
                  <td>{q.stored?.narrative || "—"}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
      {form.editable && submission !== null ? (
        <div class="grid2">
          <form method="post" action={`${reviewHref(tree.id, at.year, at.quarter)}/accept`}>
            <Ref />
            <p>
              <button type="submit">{T("Прийняти звіт", "Accept the report")}</button>
            </p>
          </form>
          <form method="post" action={`${reviewHref(tree.id, at.year, at.quarter)}/return`}>
            <Ref />
            {form.error !== null && (
              <div class="notice bad" role="alert">
                <a href="#reason">{form.error}</a>
              </div>
            )}
            <div class="field">
              <label for="reason">{T("Причина повернення (побачить звітувач)", "Why it is returned (the reporter sees it)")}</label>
              <textarea id="reason" name="reason" rows={3} aria-invalid={form.error === null ? undefined : "true"}>
                {form.reason}
              </textarea>
            </div>
            <p>
              <button type="submit">{T("Повернути на доопрацювання", "Return for rework")}</button>
            </p>
          </form>
        </div>
      ) : (
        <p class="notice">
          {entry?.state === "submitted"
            ? T("Розглядати звіти може перевіряльник або адміністратор.", "A reviewer or an administrator can judge reports.")
            : T("Цей звіт зараз не чекає рішення.", "This report is not waiting for a verdict now.")}
        </p>
      )}
    </Layout>
  );
};
