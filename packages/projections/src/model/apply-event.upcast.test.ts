import { describe, expect, it, vi } from "vitest";
import { LogBuilder, deadline } from "../testing/log-builder.js";
import { projectEvents } from "./project-events.js";
import { progressOf } from "./report/progress.js";

// Shapes that changed: a measure once named one executor as text, a recording once called its status `state`.
vi.mock("@planledger/domain", async (importOriginal) => {
  const domain = await importOriginal<typeof import("@planledger/domain")>();
  const upcasters: Record<string, ReadonlyArray<(data: unknown) => unknown>> = {
    MeasureAdded: [
      (data) => {
        const { executor, ...rest } = data as { executor?: string };
        return executor === undefined ? data : { ...rest, executors: [{ name: executor, byConsent: false }] };
      },
    ],
    ProgressRecorded: [
      (data) => {
        const { state, ...rest } = data as { state?: string };
        return state === undefined ? data : { ...rest, status: state };
      },
    ],
  };
  return {
    ...domain,
    upcasters,
    upcast: (type: string, data: unknown) => (upcasters[type] ?? []).reduce((d, up) => up(d), data),
  };
});

const P = "novopskovskyi.328.2019-10-16";
const at = "2024-04-02T00:00:00.000Z";

describe("an old shape, upcast", () => {
  it("folds as the current one", () => {
    const b = new LogBuilder().plan("novopskovskyi", P, { orderDate: "2019-10-16", period: { from: 2019, to: 2026 } }, [], at);
    const measure = { measureId: `${P}.s1.t1.m1`, taskId: `${P}.s1.t1`, label: "1)", ordinal: 1, title: "Захід",
      term: deadline("2026-12-31"), indicator: { text: "показник", targets: [] }, budget: [] };
    b.add("novopskovskyi", `plan:${P}`, "MeasureAdded", { ...measure, executor: "Служба у справах дітей" }, at);
    const R = `${P}.2024-q1`;
    const stream = `report:${P}:2024-Q1`;
    b.add("novopskovskyi", stream, "ReportDrafted", { reportId: R, planId: P, year: 2024, quarter: 1 }, at);
    b.add("novopskovskyi", stream, "ProgressRecorded", { reportId: R, measureId: measure.measureId, state: "done", actuals: [], spent: [], narrative: "" }, at);
    // Given as the store's text, and as ids only (the text read back from the log): upcast on every path.
    const text = b.events.map((e) => ({ ...e, data: undefined, dataJson: JSON.stringify(e.data) }));
    const byPosition = new Map(text.map((e) => [e.position, e.dataJson]));
    const ids = text.map((e) =>
      e.type === "ProgressRecorded" ? { ...e, dataJson: undefined, picked: { reportId: R, measureId: measure.measureId } } : e,
    );
    for (const state of [projectEvents(b.events), projectEvents(text), projectEvents(ids, undefined, (p) => byPosition.get(p))]) {
      expect(state.plans.get(P)?.measures[measure.measureId]?.executors).toEqual([{ name: "Служба у справах дітей", byConsent: false }]);
      const recorded = state.reports.get(R)?.progress[measure.measureId];
      if (recorded === undefined) throw new Error("not filed");
      expect(progressOf(state, recorded)?.status).toBe("done");
    }
  });
});
