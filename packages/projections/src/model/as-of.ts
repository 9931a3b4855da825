/**
 * @module Reading an "as of" moment from a query parameter.
 */
import { Either } from "effect";
import { InvalidAsOf } from "../projections.errors.js";
import type { AsOf } from "./logged-event.js";

/**
 * A date means the end of that day (UTC): "what did the oblast see on 5 April?" includes all of 5 April.
 * `byReceipt` (default true) also hides events that had happened elsewhere but had not reached this node yet.
 *
 * @example parseAsOf("2024-04-05") // Either.right({ recordedAt: "2024-04-05T23:59:59.999Z", byReceipt: true })
 */
export const parseAsOf = (text: string, byReceipt = true): Either.Either<AsOf, InvalidAsOf> => {
  const trimmed = text.trim();
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? `${trimmed}T23:59:59.999Z` : trimmed;
  const ms = Date.parse(iso);
  // A calendar day must exist: Date.parse reads 2021-02-30 as 2 March.
  const dayExists = !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === trimmed.slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed) || Number.isNaN(ms) || (trimmed.length === 10 && !dayExists))
    return Either.left(
      new InvalidAsOf({
        asOf: text,
        message: `Некоректна дата asOf «${text}»: очікується РРРР-ММ-ДД або ISO-8601 / asOf must be YYYY-MM-DD or ISO-8601`,
      }),
    );
  return Either.right({ recordedAt: new Date(ms).toISOString(), byReceipt });
};
