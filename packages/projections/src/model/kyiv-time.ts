/**
 * @module Kyiv wall-clock time: a date an official gives means that day as it is lived in Ukraine.
 */

const KYIV = (() => {
  // ICU data before 2022 knows the city only by its old spelling.
  for (const zone of ["Europe/Kyiv", "Europe/Kiev"]) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: zone });
      return zone;
    } catch {}
  }
  return "Europe/Kiev";
})();

const kyivParts = new Intl.DateTimeFormat("en-US", {
  timeZone: KYIV,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** How far Kyiv's wall clock is ahead of UTC at the instant `ms` (2 h in winter, 3 h in summer). */
const kyivOffset = (ms: number): number => {
  const parts = Object.fromEntries(kyivParts.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return wall - Math.floor(ms / 1000) * 1000;
};

/** The instant Kyiv's wall clock shows `wall` (given as if it were UTC). Ukraine changes clocks at 03:00/04:00, never near midnight. */
export const kyivInstant = (wall: number): number => {
  const first = wall - kyivOffset(wall);
  return wall - kyivOffset(first);
};


/**
 * The calendar day (`рррр-мм-дд`) Kyiv's wall clock shows at `at`: "today" as an official in Ukraine lives it. Between
 * 22:00 and 24:00 UTC in winter (21:00 in summer) it is already the next day of the UTC calendar.
 *
 * @example kyivDay(new Date("2026-12-06T22:30:00Z")) // "2026-12-07"
 */
export const kyivDay = (at: Date | number): string => {
  const ms = typeof at === "number" ? at : at.getTime();
  return new Date(ms + kyivOffset(ms)).toISOString().slice(0, 10);
};
