/** @jsxRuntime automatic @jsxImportSource hono/jsx */
/**
 * @module Status badges and counts by status, coloured as in the charts and always labelled in words.
 */
import type { MeasureStatus } from "@planledger/projections";
import type { FC } from "hono/jsx";
import type { Lang } from "../i18n/lang.js";
import { STATUS_ORDER, statusLabel } from "./labels.js";

export const StatusBadge: FC<{ status: MeasureStatus; lang: Lang }> = ({ status, lang }) => (
  <span class={`badge s-${status}`} data-status={status}>
    {statusLabel(status, lang)}
  </span>
);

/** Only the statuses that occur, in reading order; each count carries `data-status` for tests and scripts. */
export const StatusCounts: FC<{ counts: Readonly<Partial<Record<MeasureStatus, number>>>; lang: Lang }> = ({ counts, lang }) => (
  <ul class="counts">
    {STATUS_ORDER.filter((s) => (counts[s] ?? 0) > 0).map((s) => (
      <li>
        <span class={`badge s-${s}`} data-status={s} data-count={counts[s]}>
          {statusLabel(s, lang)}: {counts[s]}
        </span>
      </li>
    ))}
  </ul>
);
