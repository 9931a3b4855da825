/** @jsxRuntime automatic @jsxImportSource hono/jsx */
/**
 * @module This node's integrity, as `planledger audit verify` checks it (run on opening the page, read-only):
 * each origin log's chain and checkpoints, the witnesses' countersignatures, and the first broken position; k of n
 * over the node's own log, and the split views it recorded (an origin refused until an admin lifts it).
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
  const splits = report.witnesses.splitViews ?? [];
  const openSplits = splits.filter((s) => s.liftedAt === null);
  // As `planledger audit verify`: only an open conclusive split view (the origin refused) is a problem; an inconclusive
  // one rests on a consistency proof that did not verify, so it is shown to be checked, not counted as a failure.
  const openConclusive = openSplits.filter((s) => s.conclusive !== false);
  const toCheck = openSplits.length - openConclusive.length;
  const refusedOrigins = [...new Set(openConclusive.map((s) => s.origin))];
  const quorum = report.witnesses.quorum;
  const intact = report.error === null && broken.length === 0 && report.witnesses.findings.length === 0 && openConclusive.length === 0;
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
            : T(
                `Виявлено порушення: журналів ${broken.length}, засвідчень ${report.witnesses.findings.length}, розбіжних бачень ${openConclusive.length}.`,
                `Problems found: logs ${broken.length}, witnesses ${report.witnesses.findings.length}, split views ${openConclusive.length}.`,
              )}{" "}
        {toCheck > 0 &&
          T(
            `Розбіжних бачень без доказу до перевірки: ${toCheck} (не порушення).`,
            `Inconclusive split views to be checked: ${toCheck} (not a failure).`,
          )}{" "}
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
                {quorum !== undefined && quorum.origin === o.origin ? (
                  // The node's own log is witnessed by C2SP cosignatures, k of n (below), not by the JSON countersignature
                  // its checkpoint row would carry: the same count as `audit verify` gives.
                  <td data-witnessed={`${quorum.witnessedSize > 0 ? quorum.cosignedBy.length : 0}/${quorum.witnesses.length}`}>
                    {quorum.witnessedSize > 0
                      ? T(
                          `${quorum.cosignedBy.length} з ${quorum.witnesses.length} (${quorum.cosignedBy.join(", ")}), до розміру ${quorum.witnessedSize}`,
                          `${quorum.cosignedBy.length} of ${quorum.witnesses.length} (${quorum.cosignedBy.join(", ")}), up to size ${quorum.witnessedSize}`,
                        )
                      : T(
                          `ні: потрібно ${quorum.quorum} з ${quorum.witnesses.length}`,
                          `no: ${quorum.quorum} of ${quorum.witnesses.length} needed`,
                        )}
                  </td>
                ) : (
                  <td data-witnessed={o.lastCheckpoint?.witness ? "1/1" : "0/1"}>
                    {o.lastCheckpoint?.witness
                      ? `${o.lastCheckpoint.witness.node}, ${formatDateTime(o.lastCheckpoint.witness.signedAt)}`
                      : T("ні", "no")}
                  </td>
                )}
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
      <h2 id="witnesses">{T("Свідки та контрпідписи", "Witnesses and cosignatures")}</h2>
      {quorum === undefined ? (
        <p>{T("Свідків журналу цього вузла не названо (вузол не має батьківського).", "No witnesses are named for this node's log (it has no parent).")}</p>
      ) : (
        <p data-quorum={quorum.quorum} data-witnessed-size={quorum.witnessedSize}>
          {T(
            `Журнал ${quorum.origin} засвідчено, коли його контрольну точку контрпідписали ${quorum.quorum} з ${quorum.witnesses.length} свідків (${quorum.witnesses.join(", ")}). `,
            `The log of ${quorum.origin} counts as witnessed when ${quorum.quorum} of its ${quorum.witnesses.length} witnesses (${quorum.witnesses.join(", ")}) cosigned its checkpoint. `,
          )}
          {quorum.witnessedSize > 0
            ? T(
                `Засвідчено до розміру ${quorum.witnessedSize} (${quorum.cosignedBy.join(", ")}).`,
                `Witnessed up to size ${quorum.witnessedSize} (${quorum.cosignedBy.join(", ")}).`,
              )
            : T("Жодної контрольної точки ще не засвідчено кворумом.", "No checkpoint has been cosigned by the quorum yet.")}
          {quorum.latestCosignedSize > quorum.witnessedSize &&
            T(
              ` Останній контрпідпис — розмір ${quorum.latestCosignedSize}, кворуму ще немає.`,
              ` Latest cosignature: size ${quorum.latestCosignedSize}, short of the quorum.`,
            )}
        </p>
      )}
      <h3 id="split-views">{T("Розбіжні бачення журналів", "Split views")}</h3>
      {splits.length === 0 ? (
        <p class="notice ok" data-split-views="0">
          {T("Розбіжних бачень не виявлено.", "No split view has been seen.")}
        </p>
      ) : (
        <>
          <p
            id="split-caption"
            class={`notice ${openConclusive.length > 0 ? "bad" : toCheck > 0 ? "" : "ok"}`}
            role="status"
            data-split-views={String(openConclusive.length)}
            data-split-to-check={String(toCheck)}
          >
            {openSplits.length === 0
              ? T("Усі розбіжні бачення розглянуто адміністратором.", "Every split view has been dealt with by an admin.")
              : refusedOrigins.length > 0
                ? T(
                    `Джерело показало дві несумісні історії; прийом від ${refusedOrigins.join(", ")} зупинено, доки адміністратор не зніме блокування (POST /federation/v1/split-views/lift).`,
                    `An origin showed two histories that cannot both be true; ${refusedOrigins.join(", ")} is refused until an admin lifts it (POST /federation/v1/split-views/lift).`,
                  )
                : T(
                    "Контрольну точку, не узгоджену з уже контрпідписаною, не контрпідписано (доказ узгодженості не перевіряється); прийом не зупинено — перевірте.",
                    "A checkpoint not consistent with one cosigned before was not cosigned (its consistency proof does not verify); the origin is not stopped — to be checked.",
                  )}
          </p>
          <section class="table-wrap" tabindex={0} aria-labelledby="split-caption">
            <table aria-labelledby="split-caption">
              <thead>
                <tr>
                  <th scope="col">{T("Походження", "Origin")}</th>
                  <th scope="col">{T("Виявлено", "Seen")}</th>
                  <th scope="col">{T("Як", "How")}</th>
                  <th scope="col">{T("Тут: розмір, корінь", "Held: size, root")}</th>
                  <th scope="col">{T("Показано: розмір, корінь", "Presented: size, root")}</th>
                  <th scope="col">{T("Стан", "State")}</th>
                </tr>
              </thead>
              <tbody>
                {splits.map((s) => (
                  <tr data-split-origin={s.origin} data-lifted={String(s.liftedAt !== null)} data-conclusive={String(s.conclusive !== false)}>
                    <th scope="row">{s.origin}</th>
                    <td>{formatDateTime(s.detectedAt)}</td>
                    <td>{s.source === "push" ? T("пакет від дочірнього вузла", "a pushed batch") : T("запит до свідка", "a witness request")}</td>
                    <td>
                      {s.heldSize}, <span class="small muted">{s.heldRoot === "" ? "?" : `${s.heldRoot.slice(0, 16)}…`}</span>
                    </td>
                    <td>
                      {s.presentedSize}, <span class="small muted">{s.presentedRoot === "" ? "?" : `${s.presentedRoot.slice(0, 16)}…`}</span>
                    </td>
                    <td>
                      {s.liftedAt === null ? (
                        s.conclusive === false ? (
                          <strong>! {T("перевірити: не контрпідписано, прийом не зупинено", "to be checked: not cosigned, not refused")}</strong>
                        ) : (
                          <strong class="mismatch">✗ {T("прийом зупинено", "refused")}</strong>
                        )
                      ) : (
                        `${T("знято", "lifted")} ${formatDateTime(s.liftedAt)}${s.liftedBy === null ? "" : `, ${s.liftedBy}`}`
                      )}
                      {s.eventId !== null && <div class="small muted">{T("подія", "event")} {s.eventId}</div>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
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
