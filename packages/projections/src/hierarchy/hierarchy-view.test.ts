import { type HierarchyEvent, IsoDate, NodeCreated, NodeId, NodeMerged, NodeMoved, SuccessorNamed } from "@planledger/domain";
import { describe, expect, it } from "vitest";
import { projectEvents } from "../model/project-events.js";
import { deadline, LogBuilder } from "../testing/log-builder.js";
import { rollup } from "../views/rollup.js";
import { hierarchyView, type Register, successorOf, territoryView, withinTerritory } from "./hierarchy-view.js";

const on = (d: string) => IsoDate.make(d);
const n = (id: string) => NodeId.make(id);
const koatuu = { kind: "order" as const, issuer: "Держстандарту України", number: "659", date: on("1997-10-31") };
const reform = { kind: "resolution" as const, issuer: "Верховної Ради України", number: "807-IX", date: on("2020-07-17") };
const events: HierarchyEvent[] = [
  new NodeCreated({ nodeId: n("luhanska"), name: "Луганська область", level: "oblast", parentId: null, basis: koatuu, effective: on("1997-10-31") }),
  new NodeCreated({ nodeId: n("novopskovskyi"), name: "Новопсковський район", level: "district", parentId: n("luhanska"), basis: koatuu, effective: on("1997-10-31") }),
  new NodeCreated({ nodeId: n("bilovodskyi"), name: "Біловодський район", level: "district", parentId: n("luhanska"), basis: koatuu, effective: on("1997-10-31") }),
  new NodeCreated({ nodeId: n("starobilskyi"), name: "Старобільський район", level: "district", parentId: n("luhanska"), basis: reform, effective: on("2020-07-17") }),
  new NodeMerged({ nodeId: n("novopskovskyi"), into: n("starobilskyi"), basis: reform, effective: on("2020-07-17") }),
  new NodeMerged({ nodeId: n("bilovodskyi"), into: n("starobilskyi"), basis: reform, effective: on("2020-07-17") }),
];
const register: Register = {
  entries: events.map((event, i) => ({ origin: "luhanska", seq: i + 1, recordedAt: "2026-12-05T10:00:00.000Z", event })),
  successions: [
    {
      origin: "novopskovskyi",
      seq: 40,
      recordedAt: "2026-12-05T10:00:00.000Z",
      event: new SuccessorNamed({ predecessor: n("novopskovskyi"), successor: n("starobilskyi"), authority: n("novopskovskyi"), basis: reform, effective: on("2020-07-17") }),
    },
  ],
};

describe("the hierarchy as of a date", () => {
  it("answers the tree before and after the reform", () => {
    const before = hierarchyView(register, "2019-06-30");
    expect(before.roots.map((r) => r.nodeId)).toEqual(["luhanska"]);
    expect(before.roots[0]?.children.map((c) => c.nodeId)).toEqual(["bilovodskyi", "novopskovskyi"]);
    const after = hierarchyView(register, "2026-12-05");
    expect(after.roots[0]?.children.map((c) => c.nodeId)).toEqual(["starobilskyi"]);
    expect(after.ended).toEqual([
      { nodeId: "novopskovskyi", endedOn: "2020-07-17", continuedBy: "starobilskyi" },
      { nodeId: "bilovodskyi", endedOn: "2020-07-17", continuedBy: "starobilskyi" },
    ]);
    expect(after.changes).toHaveLength(6);
    expect(successorOf(register, "novopskovskyi")).toBe("starobilskyi");
    expect(successorOf(register, "bilovodskyi")).toBeNull();
  });

  it("moves a unit, its new parent's territory growing from that day", () => {
    const moved = { ...register, entries: [...register.entries.slice(0, 3), { ...register.entries[0]!, event: new NodeCreated({ nodeId: n("hromada"), name: "Громада", level: "hromada", parentId: n("bilovodskyi"), basis: koatuu, effective: on("2019-01-01") }) }, { ...register.entries[0]!, event: new NodeMoved({ nodeId: n("hromada"), parentId: n("novopskovskyi"), basis: reform, effective: on("2020-07-17") }) }] };
    expect(territoryView(moved, "novopskovskyi", "2020-07-16").origins).toEqual(["novopskovskyi"]);
    expect(territoryView(moved, "novopskovskyi", "2020-07-17").origins).toEqual(["hromada", "novopskovskyi"]);
    expect(territoryView(moved, "bilovodskyi", "2020-07-16").origins).toEqual(["bilovodskyi", "hromada"]);
  });
});

describe("the roll-up by territory", () => {
  const O = "luhanska.1003.2018-12-12";
  const D = "novopskovskyi.328.2019-10-16";
  const B = "bilovodskyi.12.2019-11-01";
  const id = (plan: string, m: string) => `${plan}.s1.t1.${m}`;
  const term = deadline("2026-12-31");
  const unit = "прийомних сімей";
  const build = () => {
    const b = new LogBuilder();
    const at = "2020-03-01T00:00:00.000Z";
    b.plan("luhanska", O, { orderDate: "2018-12-12", period: { from: 2018, to: 2026 } }, [{ id: "m1", term, targets: [{ value: 115, unit }] }], at);
    for (const [origin, plan] of [["novopskovskyi", D], ["bilovodskyi", B]] as const) {
      b.plan(origin, plan, { orderDate: "2019-10-16", period: { from: 2019, to: 2026 }, parentPlanId: O }, [{ id: "m1", term, targets: [{ value: 20, unit }] }], at);
      b.add(origin, `plan:${plan}`, "MeasureLinked", { measureId: id(plan, "m1"), parent: { node: "luhanska", planId: O, measureId: id(O, "m1") } }, at);
    }
    b.report("novopskovskyi", D, 2020, 2, [{ measure: "m1", status: "inProgress", actuals: [{ value: 7, unit }] }], "2020-07-02T08:00:00.000Z");
    b.report("bilovodskyi", B, 2020, 2, [{ measure: "m1", status: "inProgress", actuals: [{ value: 4, unit }] }], "2020-07-02T08:00:00.000Z");
    // The successor reports on Novopskov's plan under its own origin.
    b.report("starobilskyi", D, 2021, 1, [{ measure: "m1", status: "inProgress", actuals: [{ value: 12, unit }] }], "2021-04-02T08:00:00.000Z");
    return projectEvents(b.events);
  };

  it("counts only the territory's logs: Novopskov raion on 01.07.2020, Starobilsk raion now", () => {
    const state = build();
    const plan = state.plans.get(O)!;
    const figure = (origins: ReadonlyArray<string>) =>
      rollup(withinTerritory(state, plan, new Set(origins)), plan, "2026-12-05").measures[0]!.combined.targets[0]!.value;
    expect(figure(territoryView(register, "novopskovskyi", "2020-07-01").origins)).toBe(7);
    expect(figure(territoryView(register, "starobilskyi", "2026-12-05").origins)).toBe(16);
    expect(figure(territoryView(register, "bilovodskyi", "2020-07-01").origins)).toBe(4);
    // The whole oblast, unfiltered: Novopskov's plan now at 12 (its latest report, by the successor), Bilovodsk's 4.
    expect(rollup(state, plan, "2026-12-05").measures[0]!.combined.targets[0]!.value).toBe(16);
    // A unit that does not exist that day covers nothing.
    expect(figure(territoryView(register, "starobilskyi", "2020-07-01").origins)).toBeNull();
  });
});
