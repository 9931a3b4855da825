/**
 * @module The home page's hierarchy panel view model: the day asked for (`?on=дд.мм.рррр`, today when absent or not a
 * date) and the tree on it, when the source can give one.
 */
import { kyivDay } from "@planledger/projections";
import type { WebSource } from "../web-source.js";
import type { HierarchyPanelProps } from "./home-page.js";

/**
 * @example await hierarchyPanel(source, "01.07.2020") // { tree, on: "2020-07-01", invalid: null }
 */
export const hierarchyPanel = async (source: WebSource, asked: string | undefined): Promise<HierarchyPanelProps | undefined> => {
  if (source.hierarchy === undefined) return undefined;
  const today = kyivDay(new Date());
  const m = asked === undefined ? null : /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(asked.trim()) ?? /^(\d{4})-(\d{2})-(\d{2})$/.exec(asked.trim());
  const iso = m === null ? null : m[1]?.length === 4 ? `${m[1]}-${m[2]}-${m[3]}` : `${m[3]}-${m[2]}-${m[1]}`;
  const valid = iso !== null && !Number.isNaN(Date.parse(`${iso}T00:00:00Z`));
  const on = valid ? iso : today;
  const invalid = asked === undefined || asked === "" || valid ? null : asked;
  return { tree: await source.hierarchy(on), on, invalid };
};
