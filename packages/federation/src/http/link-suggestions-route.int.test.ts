import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { PlanTreeLike } from "../links/linkable-from-tree.js";
import { openTestNode, type TestNode, tempDir } from "../testing/test-nodes.js";
import { federationHandler } from "./federation-handler.js";

const tree = (id: string, measures: ReadonlyArray<readonly [string, string, unknown]>): PlanTreeLike => ({
  sections: [
    {
      label: "III.",
      title: "Розвиток сімейних форм виховання",
      tasks: [
        {
          label: "1.",
          title: "Створення системи альтернативного догляду",
          measures: measures.map(([title, indicator, parent], i) => ({
            measureId: `${id}.s1.t1.m${i + 1}`,
            label: `${i + 1})`,
            title,
            indicator: { text: indicator },
            parent,
          })),
        },
      ],
    },
  ],
});

const trees: Record<string, PlanTreeLike> = {
  oblast: tree("oblast", [
    ["забезпечення розвитку мережі прийомних сімей", "створення 115 прийомних сімей", null],
    ["створення мережі сімей патронатних вихователів", "створення 29 сімей патронатного виховання", null],
  ]),
  district: tree("district", [
    ["створення мережі сімей патронатних вихователів", "створення сімей патронатних вихователів", null],
    ["розвиток мережі прийомних сімей", "створення прийомних сімей", { node: "luhanska", planId: "oblast", measureId: "oblast.s1.t1.m1" }],
  ]),
};

let temp: ReturnType<typeof tempDir>;
let node: TestNode;
beforeEach(async () => {
  temp = tempDir();
  node = await openTestNode(temp.dir, "novopskovskyi", "district");
});
afterEach(async () => {
  await node.close();
  temp.remove();
});

describe("GET /federation/v1/links/suggestions", () => {
  it("proposes a parent measure for each measure not linked yet, with a score and runners-up", async () => {
    const handler = federationHandler(node.node, { planTree: async (id) => trees[id] ?? null });
    const res = await handler(new Request("http://n/federation/v1/links/suggestions?plan=district&parent=oblast"));
    const body = (await res.json()) as { suggestions: { measureId: string; best: { measureId: string; score: number }; runnersUp: unknown[] }[] };
    expect(res.status).toBe(200);
    expect(body.suggestions.map((s) => [s.measureId, s.best.measureId, s.runnersUp.length])).toEqual([
      ["district.s1.t1.m1", "oblast.s1.t1.m2", 1],
    ]);
    expect(body.suggestions[0]?.best.score).toBeGreaterThan(0.5);
  });

  it("answers 404 naming the plan it does not hold", async () => {
    const handler = federationHandler(node.node, { planTree: async (id) => trees[id] ?? null });
    const res = await handler(new Request("http://n/federation/v1/links/suggestions?plan=district&parent=nowhere"));
    expect([res.status, ((await res.json()) as { plan: string }).plan]).toEqual([404, "nowhere"]);
  });
});
