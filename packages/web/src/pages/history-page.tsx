/** @jsxRuntime automatic @jsxImportSource hono/jsx */
/**
 * @module The auditor's history of any stream held here, as of a moment, read either "as dated" (when each
 * event was recorded at its origin) or "as this node had received it" at that moment.
 */
import type { FC } from "hono/jsx";
import { EventTable, ordersOf, type OrdersByEvent } from "../components/event-table.js";
import { Layout } from "../components/layout.js";
import { type HistoryMode, visibleEvents } from "../history-filter.js";
import { formatMoment } from "../i18n/format.js";
import { historyHref } from "../href.js";
import { type PageContext, tr } from "../page-context.js";
import { BadQuery, NotOnThisNode } from "../page-errors.js";
import type { HistoryEvent, WebSource } from "../web-source.js";
import { DateField } from "../components/date-field.js";

export interface HistoryView {
  readonly stream: string | null;
  readonly mode: HistoryMode;
  readonly all: number;
  readonly events: ReadonlyArray<HistoryEvent>;
  readonly orders: OrdersByEvent;
  /** Streams to choose from: each plan's, and its reports'. */
  readonly streams: ReadonlyArray<string>;
}

export const historyView = async (source: WebSource, params: URLSearchParams): Promise<HistoryView> => {
  const stream = params.get("stream")?.trim() || null;
  const modeText = params.get("mode") ?? "received";
  if (modeText !== "received" && modeText !== "dated")
    throw new BadQuery({
      uk: `Режим «${modeText}» невідомий: received (як отримав цей вузол) або dated (за датою події).`,
      en: `Unknown mode "${modeText}": received (as this node had it) or dated (as dated).`,
    });
  const plans = await source.plans();
  const streams = plans.map((p) => `plan:${p.id}`);
  if (stream === null) return { stream, mode: modeText, all: 0, events: [], orders: new Map(), streams };
  const all = await source.history(stream);
  if (all.length === 0)
    throw new NotOnThisNode({ uk: `Потоку «${stream}» на цьому вузлі немає.`, en: `This node holds no stream "${stream}".` });
  const events = visibleEvents(all, params.get("asOf"), modeText);
  return { stream, mode: modeText, all: all.length, events, orders: ordersOf(all), streams };
};

export const HistoryPage: FC<{ ctx: PageContext; view: HistoryView }> = ({ ctx, view }) => {
  const T = tr(ctx);
  return (
    <Layout ctx={ctx} title={T("Історія потоку", "Stream history")} nav="audit">
      <p class="crumbs">
        <a href="/audit">{T("Аудит", "Audit")}</a> › {T("Історія", "History")}
      </p>
      <h1>{T("Історія потоку подій", "History of an event stream")}</h1>
      <form class="filters" method="get" action="/audit/history">
        <label>
          {T("Потік", "Stream")}
          <input type="text" name="stream" value={view.stream ?? ""} list="streams" size={40} required />
          <datalist id="streams">
            {view.streams.map((s) => (
              <option value={s} />
            ))}
          </datalist>
        </label>
        <label>
          {T("Стан на дату", "As of date")}
          <DateField lang={ctx.lang} name="asOf" value={ctx.asOf} />
        </label>
        <fieldset>
          <legend class="small">{T("Рахувати подію", "Count an event")}</legend>
          <label class="check">
            <input type="radio" name="mode" value="received" checked={view.mode === "received"} />
            {T("як її отримав цей вузол", "as this node had received it")}
          </label>
          <label class="check">
            <input type="radio" name="mode" value="dated" checked={view.mode === "dated"} />
            {T("за датою запису на вузлі-джерелі", "as dated at its origin")}
          </label>
        </fieldset>
        <button type="submit">{T("Показати", "Show")}</button>
      </form>
      {view.stream === null ? (
        <>
          <p>{T("Оберіть потік: план або квартальний звіт.", "Choose a stream: a plan or a quarterly report.")}</p>
          <ul>
            {view.streams.map((s) => (
              <li>
                <a href={historyHref({ stream: s })}>{s}</a>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <>
          <p data-events-shown={view.events.length}>
            {T("Подій показано", "Events shown")}: {view.events.length} {T("з", "of")} {view.all}
            {ctx.asOf !== null &&
              ` — ${T("станом на", "as of")} ${formatMoment(ctx.asOf)}, ${view.mode === "received" ? T("як отримав цей вузол", "as received here") : T("за датою події", "as dated")}`}
          </p>
          <EventTable events={view.events} orders={view.orders} lang={ctx.lang} caption={view.stream} />
        </>
      )}
    </Layout>
  );
};
