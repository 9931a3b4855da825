/**
 * @module Test fixtures: a small plan shaped like order № 1003 (two sections, three tasks, four measures).
 * Not exported from the package index.
 */
import { Instant } from "../shared/command-meta.js";
import type { CommandMeta } from "../shared/command-meta.js";
import { makeMeasureId, makePlanId, makeSectionId, makeTaskId, NodeId } from "../shared/ids.js";
import { IsoDate } from "../term/term.model.js";
import { adoptPlanFromDocument } from "./plan.commands.js";
import type { PlanEvent } from "./plan.events.js";
import type { MeasureDoc, PlanDocument } from "./plan.model.js";
import { planDecider } from "./plan.decider.js";
import { Either } from "effect";

export const luhanska = NodeId.make("luhanska");
export const novopskovskyi = NodeId.make("novopskovskyi");

export const meta: CommandMeta = { actor: "operator", node: luhanska, at: Instant.make("2021-06-15T10:00:00Z") };
export const metaOn = (node: NodeId): CommandMeta => ({ ...meta, node });

export const planId = makePlanId({ ownerNode: luhanska, order: { number: "1003", date: "2018-12-12" } });
export const s1 = makeSectionId(planId, 1);
export const s2 = makeSectionId(planId, 2);
export const t11 = makeTaskId(s1, 1);
export const t12 = makeTaskId(s1, 2);
export const t21 = makeTaskId(s2, 1);
export const m111 = makeMeasureId(t11, 1);
export const m112 = makeMeasureId(t11, 2);
export const m121 = makeMeasureId(t12, 1);
export const m211 = makeMeasureId(t21, 1);

export const measureDoc = (ordinal: number, title: string): MeasureDoc => ({
  label: `${ordinal})`,
  ordinal,
  title,
  term: { kind: "deadline", text: "до 31.12.2021", date: IsoDate.make("2021-12-31") },
  executors: [{ name: "Служба у справах дітей облдержадміністрації", byConsent: false }],
  indicator: { text: "створення 115 прийомних сімей", targets: [{ value: 115, unit: "прийомних сімей" }] },
  budget: [{ executor: "ОДА", source: "обласний бюджет", total: 30, byYear: { "2019": 10, "2020": 20 } }],
});

export const planDocument: PlanDocument = {
  plan: {
    title: "План заходів з реформування інституційного догляду",
    issuer: "Луганська обласна державна адміністрація",
    order: { number: "1003", date: IsoDate.make("2018-12-12") },
    period: { from: 2018, to: 2026 },
  },
  sections: [
    {
      label: "I",
      title: "Організаційне забезпечення",
      tasks: [
        { label: "1.", title: "Утворення робочої групи", measures: [measureDoc(1, "Утворити групу"), measureDoc(2, "Затвердити склад")] },
        { label: "2.", title: "Оцінка потреб", measures: [measureDoc(1, "Провести оцінку")] },
      ],
    },
    {
      label: "II",
      title: "Розвиток послуг",
      tasks: [{ label: "1.", title: "Прийомні сім'ї", measures: [measureDoc(1, "Створити прийомні сім'ї")] }],
    },
  ],
  anomalies: [],
};

export const adoptCommand = adoptPlanFromDocument(planDocument, { planId, ownerNode: luhanska, parentPlanId: null, meta });

/** The events of adopting the fixture plan, as the decider produces them. */
export const adoptedEvents: ReadonlyArray<PlanEvent> = Either.getOrThrow(planDecider.decide(adoptCommand, planDecider.initialState));
