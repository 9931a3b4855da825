/**
 * @module Reading an "as of" moment from a query parameter.
 */
import { Either } from "effect";
import { InvalidAsOf } from "../projections.errors.js";
import { kyivInstant } from "./kyiv-time.js";
import type { AsOf } from "./logged-event.js";

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const UA_DAY = /^(\d{2})\.(\d{2})\.(\d{4})$/;

const dayExists = (y: number, m: number, d: number): boolean => {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};

/**
 * A date (`рррр-мм-дд` or `дд.мм.рррр`) means the end of that day **in Kyiv time** (23:59:59.999 Europe/Kyiv):
 * "what did the oblast see on 5 April?" includes all of 5 April as an official in Ukraine lives it, and nothing of
 * 6 April. An ISO-8601 instant is that instant. `byReceipt` (default true) also hides events that had happened
 * elsewhere but had not reached this node yet.
 *
 * @example parseAsOf("2024-04-05") // Either.right({ recordedAt: "2024-04-05T20:59:59.999Z", byReceipt: true }) (UTC+3 in summer)
 */
export const parseAsOf = (text: string, byReceipt = true): Either.Either<AsOf, InvalidAsOf> => {
  const trimmed = text.trim();
  const refuse = () =>
    Either.left(
      new InvalidAsOf({
        asOf: text,
        message: `Некоректна дата asOf «${text}»: очікується РРРР-ММ-ДД, ДД.ММ.РРРР або ISO-8601 / asOf must be YYYY-MM-DD, DD.MM.YYYY or ISO-8601`,
      }),
    );
  const ua = UA_DAY.exec(trimmed);
  const day = ua === null ? DAY.exec(trimmed) : ([trimmed, ua[3], ua[2], ua[1]] as const);
  if (day !== null) {
    const [y, m, d] = [Number(day[1]), Number(day[2]), Number(day[3])];
    // A calendar day must exist: Date.UTC reads 2021-02-30 as 2 March.
    if (!dayExists(y, m, d)) return refuse();
    return Either.right({ recordedAt: new Date(kyivInstant(Date.UTC(y, m - 1, d, 23, 59, 59, 999))).toISOString(), byReceipt });
  }
  const ms = Date.parse(trimmed);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(trimmed) || Number.isNaN(ms)) return refuse();
  return Either.right({ recordedAt: new Date(ms).toISOString(), byReceipt });
};
