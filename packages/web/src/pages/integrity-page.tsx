/** @jsxRuntime automatic @jsxImportSource hono/jsx */
/**
 * @module This node's integrity, as `planledger audit verify` checks it (run on opening the page, read-only):
 * each origin log's chain and checkpoints, the witnesses' countersignatures, and the first broken position.
 */
import type { PlanSummary } from "@planledger/projections";
import type { FC } from "hono/jsx";
import { Layout } from "../components/layout.js";
import { formatDateTime } from "../i18n/format.js";
import { compareHref, historyHref } from "../href.js";
import { type PageContext, tr } from "../page-context.js";
import type { IntegrityReport } from "../web-source.js";

export const IntegrityPage: FC<{ ctx: PageContext; report: IntegrityReport; plans: ReadonlyArray<PlanSummary> }> = ({ ctx, report, plans }) => {
  const T = tr(ctx);
  const broken = report.origins.filter((o) => o.broken !== null);
  const intact = report.error === null && broken.length === 0 && report.witnesses.findings.length === 0;
  return (
    <Layout ctx={ctx} title={T("Аудит", "Audit")} nav="audit">
      <h1>{T("Аудит вузла", "Node audit")}</h1>
      <h2 id="integrity">{T("Цілісність журналів", "Integrity of the logs")}</h2>
      <p class={`notice ${intact ? "ok" : "bad"}`} role="status" data-intact={String(intact)}>
        {report.error !== null
          ? `${T("Базу не вдалося перевірити", "The database could not be checked")}: ${report.error}`
          : intact
            ? T(
                `Усі журнали цілі: ${report.origins.length} походжень, ${report.origins.reduce((n, o) => n + o.events, 0)} подій; засвідчень перевірено: ${report.witnesses.checked}.`,
                `All logs intact: ${report.origins.length} origins, ${report.origins.reduce((n, o) => n + o.events, 0)} events; witnesses checked: ${report.witnesses.checked}.`,
              )
            : T(`Виявлено порушення: журналів ${broken.length}, засвідчень ${report.witnesses.findings.length}.`, `Problems found: logs ${broken.length}, witnesses ${report.witnesses.findings.length}.`)}{" "}
        {T("Перевірено", "Checked")} {formatDateTime(report.checkedAt)}.
      </p>
      <p id="logs-caption">
        <strong>{T("Журнали за походженням", "Logs by origin")}</strong>:{" "}
        {T("хеш-ланцюг, неперервність seq, підписи контрольних точок.", "hash chain, gap-free seq, checkpoint signatures.")}
      </p>
      <section class="table-wrap" tabindex={0} aria-labelledby="logs-caption">
        <table aria-labelledby="logs-caption">
          <thead>
            <tr>
              <th scope="col">{T("Походження", "Origin")}</th>
              <th scope="col" class="num">
                {T("Подій", "Events")}
              </th>
              <th scope="col">{T("Остання контрольна точка", "Last checkpoint")}</th>
              <th scope="col">{T("Засвідчено", "Witnessed")}</th>
              <th scope="col">{T("Результат", "Result")}</th>
            </tr>
          </thead>
          <tbody>
            {report.origins.map((o) => (
              <tr data-origin={o.origin} data-broken={o.broken === null ? "" : String(o.broken.position ?? "end")}>
                <th scope="row">{o.origin}</th>
                <td class="num">{o.events}</td>
                <td>
                  {o.lastCheckpoint === null ? (
                    T("немає", "none")
                  ) : (
                    <>
                      seq {o.lastCheckpoint.seq}, {formatDateTime(o.lastCheckpoint.signedAt)}
                      <div class="small muted">hash {o.lastCheckpoint.hash.slice(0, 16)}…</div>
                    </>
                  )}
                </td>
                <td>
                  {o.lastCheckpoint?.witness
                    ? `${o.lastCheckpoint.witness.node}, ${formatDateTime(o.lastCheckpoint.witness.signedAt)}`
                    : T("ні", "no")}
                </td>
                <td>
                  {o.broken === null ? (
                    <span>✓ {T("цілий", "intact")}</span>
                  ) : (
                    <strong class="mismatch">
                      ✗ {T("пошкоджено", "broken")}{" "}
                      {o.broken.position === null ? T("після кінця журналу", "past the end of the log") : `${T("позиція", "position")} ${o.broken.position}`}
                      {o.broken.seq !== null && ` (seq ${o.broken.seq})`}: {o.broken.reason}
                    </strong>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {report.witnesses.findings.length > 0 && (
        <ul class="notice bad">
          {report.witnesses.findings.map((f) => (
            <li>
              {f.origin}: {T("засвідчення", "witness")} {f.witnessNode} (seq {f.seq}, {formatDateTime(f.witnessedAt)}): {f.problem}
            </li>
          ))}
        </ul>
      )}
      <h2 id="tools">{T("Історія та порівняння", "History and comparison")}</h2>
      <ul>
        {plans.map((p) => (
          <li>
            {p.title ?? p.id}: <a href={historyHref({ stream: `plan:${p.id}` })}>{T("історія", "history")}</a> ·{" "}
            <a href={compareHref(p.id)}>{T("порівняти дві дати", "compare two dates")}</a>
          </li>
        ))}
      </ul>
    </Layout>
  );
};
