/**
 * @module The home page's view model: every plan held here with its measures counted by status and its report
 * calendar (for overdue reports).
 */
import type { ViewMoment, WebSource } from "../web-source.js";
import type { HomePlan } from "./home-page.js";

/** As of `view` when given: the page's footer then says "as of", so the counts must be of that moment too. */
export const homeView = async (source: WebSource, view: ViewMoment = {}): Promise<ReadonlyArray<HomePlan>> => {
  const plans = await source.plans(view);
  return Promise.all(
    plans.map(async (summary) => {
      const [tree, reports] = await Promise.all([source.planTree(summary.id, view), source.reports(summary.id, view)]);
      return { summary, statusCounts: tree.statusCounts, reports };
    }),
  );
};
