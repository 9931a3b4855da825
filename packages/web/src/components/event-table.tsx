/** @jsxRuntime automatic @jsxImportSource hono/jsx */
/**
 * @module Events as an auditor reads them: when, who, on which node, which order, what changed.
 */
import type { FC } from "hono/jsx";
import { formatDate, formatDateTime } from "../i18n/format.js";
import type { Lang } from "../i18n/lang.js";
import { tr } from "../page-context.js";
import type { HistoryEvent } from "../web-source.js";
import { eventLabel } from "./labels.js";

/** The order (розпорядження) each amendment names, by the amendment's event id. */
export type OrdersByEvent = ReadonlyMap<string, { readonly number: string; readonly date: string }>;

export const ordersOf = (events: ReadonlyArray<HistoryEvent>): OrdersByEvent => {
  const map = new Map<string, { number: string; date: string }>();
  for (const e of events) {
    const order = e.data.order as { number?: string | null; date?: string | null } | undefined;
    if ((e.type === "PlanAmended" || e.type === "PlanAdopted") && order !== undefined) {
      const ref = { number: order.number ?? "—", date: order.date ?? "" };
      map.set(e.eventId, ref);
      // The adopted structure is appended with the PlanAdopted, at its instant, under the same order.
      if (e.type === "PlanAdopted") map.set(`@${e.recordedAt}`, ref);
    }
  }
  return map;
};

/** What an event changed, in a few words drawn from its data (the full data is one click away). */
const changeOf = (e: HistoryEvent, lang: Lang): string => {
  const d = e.data;
  const parts: string[] = [];
  const str = (k: string): string | undefined => (typeof d[k] === "string" ? (d[k] as string) : undefined);
  if (str("title") !== undefined) parts.push(`${lang === "uk" ? "назва" : "title"}: «${str("title")}»`);
  if (typeof d.term === "object" && d.term !== null) parts.push(`${lang === "uk" ? "термін" : "term"}: ${(d.term as { text: string }).text}`);
  if (Array.isArray(d.executors))
    parts.push(`${lang === "uk" ? "виконавці" : "executors"}: ${(d.executors as { name: string }[]).map((x) => x.name).join("; ")}`);
  if (typeof d.indicator === "object" && d.indicator !== null) {
    const ind = d.indicator as { text: string; targets: { value: number; unit: string }[] };
    const said = ind.targets.map((x) => `${x.value} ${x.unit}`).join("; ") || ind.text;
    if (said !== "") parts.push(`${lang === "uk" ? "індикатор" : "indicator"}: ${said}`);
  }
  if (Array.isArray(d.budget)) parts.push(`${lang === "uk" ? "рядків фінансування" : "budget lines"}: ${(d.budget as unknown[]).length}`);
  if (str("status") !== undefined) parts.push(`${lang === "uk" ? "стан" : "status"}: ${str("status")}`);
  if (Array.isArray(d.actuals) && d.actuals.length > 0)
    parts.push(`${lang === "uk" ? "факт" : "actuals"}: ${(d.actuals as { value: number; unit: string }[]).map((x) => `${x.value} ${x.unit}`).join("; ")}`);
  if (str("narrative") !== undefined && str("narrative") !== "") parts.push(str("narrative") as string);
  if (str("reason") !== undefined) parts.push(`${lang === "uk" ? "підстава" : "reason"}: ${str("reason")}`);
  if (typeof d.parent === "object" && d.parent !== null) parts.push(`→ ${(d.parent as { planId: string; measureId: string }).measureId}`);
  if (str("note") !== undefined) parts.push(str("note") as string);
  if (d.sample === true) parts.push(lang === "uk" ? "(зразкові дані)" : "(sample data)");
  return parts.join("; ");
};

export const EventTable: FC<{ events: ReadonlyArray<HistoryEvent>; orders: OrdersByEvent; lang: Lang; caption: string }> = ({
  events,
  orders,
  lang,
  caption,
}) => {
  const T = tr({ lang });
  return (
    <div class="table-wrap" tabindex={0}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col" class="num">
              {T("Версія", "Version")}
            </th>
            <th scope="col">{T("Коли", "When")}</th>
            <th scope="col">{T("Хто", "Who")}</th>
            <th scope="col">{T("Подія", "Event")}</th>
            <th scope="col">{T("Розпорядження", "Order")}</th>
            <th scope="col">{T("Що змінено", "What changed")}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => {
            const order =
              orders.get(e.eventId) ?? (e.causationId === null ? orders.get(`@${e.recordedAt}`) : orders.get(e.causationId));
            return (
              <tr data-event={e.eventId} data-type={e.type}>
                <td class="num">{e.version}</td>
                <td>
                  {formatDateTime(e.recordedAt)}
                  {e.receivedAt !== null && e.receivedAt !== e.recordedAt && (
                    <div class="small muted">
                      {T("отримано", "received")} {formatDateTime(e.receivedAt)}
                    </div>
                  )}
                </td>
                <td>
                  {e.actor}
                  <div class="small muted">
                    {T("вузол", "node")} {e.origin}, seq {e.seq}
                  </div>
                </td>
                <td>{eventLabel(e.type, lang)}</td>
                <td>{order === undefined ? "—" : `№ ${order.number} ${T("від", "of")} ${formatDate(order.date)}`}</td>
                <td>
                  {changeOf(e, lang)}
                  <details>
                    <summary class="small">{T("дані події", "event data")}</summary>
                    <pre>{JSON.stringify(e.data, null, 1)}</pre>
                    <p class="small muted">hash {e.hash}</p>
                  </details>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
};
