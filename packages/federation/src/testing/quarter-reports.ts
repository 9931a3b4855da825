/**
 * @module Test support: a district's quarter of reporting recorded through a node's API, as its people would —
 * a report drafted, every measure's progress entered and revised through the quarter, the report submitted.
 * The bad-line test sends it over a poor line, and bench/sync/codecs.ts measures compression on it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { api, repoRoot } from "./node-process.js";

/** The district plan the fixtures hold (№ 328 of Novopskovskyi district, 49 measures, 65 events adopted). */
export const DISTRICT_PLAN_FIXTURE = "fixtures/plans/002_d9322476a2055758.txt";

type Endpoint = { readonly url: string; readonly adminToken: string };
type PlanTree = { sections: { tasks: { measures: { measureId: string; title: string }[] }[] }[] };

const phrases = [
  "проведено засідання робочої групи, напрацьовано пропозиції щодо подальших дій",
  "надано соціальні послуги сім'ям у складних життєвих обставинах",
  "здійснено моніторинг стану виконання, відхилень від графіка не виявлено",
  "проведено навчання фахівців із соціальної роботи громад",
  "укладено угоди з надавачами послуг, розпочато фінансування",
  "інформацію розміщено на вебсайті райдержадміністрації та в соціальних мережах",
  "захід виконується відповідно до плану, залучено волонтерів",
  "виконання затримано через відсутність фінансування в поточному кварталі",
];
const months = ["січень", "лютий", "березень", "підсумок кварталу"];
const units = ["сімей", "дітей", "осіб", "заходів", "фахівців"];

/**
 * Adopts the district plan of the fixtures on `node` and returns its id.
 *
 * @example const planId = await adoptDistrictPlan(district)
 */
export const adoptDistrictPlan = async (node: Endpoint, parentPlanId?: string): Promise<string> => {
  const text = readFileSync(join(repoRoot, DISTRICT_PLAN_FIXTURE), "utf8");
  const query = parentPlanId === undefined ? "" : `?parentPlanId=${encodeURIComponent(parentPlanId)}`;
  const adopted = await api<{ planId: string }>(node, "POST", `/api/v1/plans${query}`, text);
  if (adopted.status !== 201) throw new Error(`adopting the district plan answered ${adopted.status}: ${JSON.stringify(adopted.body)}`);
  return adopted.body.planId;
};

/**
 * Drafts the report of `year`/`quarter` for `planId`, records every measure's progress `revisions` times (month
 * by month, then the quarter's summary: each a new event) and submits it: 1 + measures × revisions + 1 events.
 * Returns how many events were recorded.
 *
 * @example await recordQuarter(district, planId, { year: 2025, quarter: 1, revisions: 4 }) // 198 for № 328
 */
export const recordQuarter = async (
  node: Endpoint,
  planId: string,
  options: { readonly year: number; readonly quarter: 1 | 2 | 3 | 4; readonly revisions: number },
): Promise<number> => {
  const tree = await api<PlanTree>(node, "GET", `/api/v1/plans/${encodeURIComponent(planId)}`);
  const measures = tree.body.sections.flatMap((s) => s.tasks.flatMap((t) => t.measures));
  const drafted = await api<{ reportId: string }>(node, "POST", `/api/v1/plans/${encodeURIComponent(planId)}/reports`, {
    year: options.year,
    quarter: options.quarter,
  });
  if (drafted.status !== 201) throw new Error(`drafting the report answered ${drafted.status}: ${JSON.stringify(drafted.body)}`);
  const reportPath = `/api/v1/reports/${encodeURIComponent(drafted.body.reportId)}`;
  let version = drafted.etag;
  let recorded = 1;
  for (let r = 0; r < options.revisions; r++) {
    for (const [i, measure] of measures.entries()) {
      const done = r === options.revisions - 1 && i % 3 === 0;
      const figure = 1 + ((i * 7 + r * 13) % 41);
      const written = await api(
        node,
        "POST",
        `${reportPath}/progress`,
        {
          measureId: measure.measureId,
          status: done ? "done" : "inProgress",
          actuals: [{ value: figure, unit: units[i % units.length] }],
          spent: i % 4 === 0 ? [{ source: "місцевий бюджет", amount: Math.round(figure * 12.5 * (r + 1)) / 10 }] : [],
          narrative: `${months[r % months.length]}: ${phrases[(i + r) % phrases.length]} (${measure.title.slice(0, 60 + (i % 40))}); охоплено ${figure}.`,
        },
        { "if-match": `"${version}"` },
      );
      if (written.status !== 200) throw new Error(`recording progress answered ${written.status}: ${JSON.stringify(written.body)}`);
      version = written.etag;
      recorded++;
    }
  }
  const submitted = await api(node, "POST", `${reportPath}/submit`, undefined, { "if-match": `"${version}"` });
  if (submitted.status !== 200) throw new Error(`submitting the report answered ${submitted.status}: ${JSON.stringify(submitted.body)}`);
  return recorded + 1;
};
