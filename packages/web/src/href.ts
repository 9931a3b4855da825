/**
 * @module Page URLs: every filter and the as-of moment live in the query, so a page can be bookmarked or mailed.
 */

/** Query values; empty, undefined and false ones are left out. */
export type Query = Readonly<Record<string, string | number | boolean | undefined | null>>;

/**
 * @example href("/plans/luhanska.852.2021-03-01", { status: "done", q: "" }) // "/plans/luhanska.852.2021-03-01?status=done"
 */
export const href = (path: string, query: Query = {}): string => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === "" || v === false) continue;
    params.set(k, v === true ? "1" : String(v));
  }
  const qs = params.toString();
  return qs === "" ? path : `${path}?${qs}`;
};

export const planHref = (planId: string, query: Query = {}): string => href(`/plans/${encodeURIComponent(planId)}`, query);
export const rollupHref = (planId: string, query: Query = {}): string =>
  href(`/plans/${encodeURIComponent(planId)}/rollup`, query);
export const measureHref = (planId: string, measureId: string, query: Query = {}): string =>
  href(`/plans/${encodeURIComponent(planId)}/measures/${encodeURIComponent(measureId)}`, query);
export const compareHref = (planId: string, query: Query = {}): string =>
  href(`/plans/${encodeURIComponent(planId)}/compare`, query);
export const historyHref = (query: Query = {}): string => href("/audit/history", query);
/** A plan's download: `export.xlsx`, `export.csv`, `report.docx`, `rollup.xlsx`, `rollup.csv`. */
export const exportHref = (planId: string, file: string, query: Query = {}): string =>
  href(`/plans/${encodeURIComponent(planId)}/${file}`, query);
