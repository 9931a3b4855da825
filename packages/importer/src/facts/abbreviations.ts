/**
 * @module A key of abbreviations printed above or under a plan («Умовні скорочення: ВОЗ – відділ охорони здоров’я РДА;
 * ЦПМСД – КНП «…»»): the table names its executors by the short names, the plan by the full ones.
 */
import type { PlanDocument } from "@planledger/domain";
import { squash } from "../text/clean.js";

// «Умовні скорочення:», «Скорочення:», «Перелік скорочень:», «Список умовних скорочень:» opening the key's paragraph.
const keyTitle = /^(?:(?:перелік|список)\s+(?:\p{L}+\s+)?(?:скорочень|абревіатур)|(?:умовні\s+)?скорочення)\s*:\s*/iu;
// «ВОЗ – відділ охорони здоров’я РДА»: a short name in capitals, a dash, its full wording.
const entry = /^((?=.*\p{Lu}.*\p{Lu})[\p{Lu}\d№'’ʼ.\s-]{2,30}?)\s+[–—-]\s+(\S.*)$/u;

/**
 * The short names a plan's key explains and their full wording, first letter capitalised: the key as one paragraph
 * («Умовні скорочення: ВОЗ – відділ …; ЦПМСД – КНП «…»»), or its title alone followed by one entry a paragraph.
 *
 * @example abbreviationKey(["Умовні скорочення: ВОЗ – відділ охорони здоров’я РДА; ВО – відділ освіти РДА."]).get("ВО") // "Відділ освіти РДА"
 */
export const abbreviationKey = (paragraphs: ReadonlyArray<string>): Map<string, string> => {
  const key = new Map<string, string>();
  const add = (text: string): boolean => {
    const m = entry.exec(squash(text).replace(/[;.]$/u, ""));
    if (m === null) return false;
    const full = (m[2] ?? "").trim();
    key.set(squash(m[1] ?? ""), full.charAt(0).toLocaleUpperCase("uk") + full.slice(1));
    return true;
  };
  paragraphs.forEach((p, i) => {
    const t = squash(p);
    const title = keyTitle.exec(t);
    if (title === null) return;
    const rest = t.slice(title[0].length);
    if (rest !== "") for (const part of rest.split(/;\s*/u)) add(part);
    else for (let k = i + 1; k < paragraphs.length && add(paragraphs[k] ?? ""); k++);
  });
  return key;
};

/**
 * The plan with every executor the key explains named by its full wording («ЦКПХ (за згодою)» keeps its consent,
 * already read apart); names the key does not hold stay as printed.
 *
 * @example withFullNames(document, new Map([["ВОЗ", "Відділ охорони здоров’я РДА"]])).sections[0]?.tasks[0]?.measures[0]?.executors[0]?.name
 */
export const withFullNames = (document: PlanDocument, key: ReadonlyMap<string, string>): PlanDocument => {
  if (key.size === 0) return document;
  const full = (name: string): string => key.get(squash(name)) ?? name;
  const fullList = (names: string): string => names.split(/;\s*/u).map(full).join("; ");
  return {
    ...document,
    sections: document.sections.map((s) => ({
      ...s,
      tasks: s.tasks.map((t) => ({
        ...t,
        measures: t.measures.map((m) => ({
          ...m,
          executors: m.executors.map((e) => ({ ...e, name: full(e.name) })),
          budget: m.budget.map((l) => ({ ...l, executor: fullList(l.executor) })),
        })),
      })),
    })),
  };
};
