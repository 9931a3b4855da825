/**
 * @module The home page's view model: every plan held here with its measures counted by status and its report
 * calendar (for overdue reports).
 */
import type { WebSource } from "../web-source.js";
import type { HomePlan } from "./home-page.js";

export const homeView = async (source: WebSource): Promise<ReadonlyArray<HomePlan>> => {
  const plans = await source.plans();
  return Promise.all(
    plans.map(async (summary) => {
      const [tree, reports] = await Promise.all([source.planTree(summary.id), source.reports(summary.id)]);
      return { summary, statusCounts: tree.statusCounts, reports };
    }),
  );
};
