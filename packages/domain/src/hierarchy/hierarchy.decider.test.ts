import { describe, expect, it } from "vitest";
import { DeciderSpecification } from "../shared/decider-specification.js";
import { makePlanId, makeReportId, NodeId } from "../shared/ids.js";
import { reportDecider } from "../report/report.decider.js";
import { DraftReport } from "../report/report.commands.js";
import { NotPlanOwner } from "../plan/plan.errors.js";
import { initialReportState } from "../report/report.state.js";
import { Either, Option } from "effect";
import { CreateNode, MergeNode, MoveNode, NameSuccessor, RenameNode, SplitNode } from "./hierarchy.commands.js";
import { hierarchyDecider, successionDecider } from "./hierarchy.decider.js";
import {
  EffectiveBeforeBasis,
  EffectiveOutOfOrder,
  HierarchyCycle,
  InvalidSplit,
  LevelMismatch,
  NodeAlreadyRecorded,
  NodeEnded,
  NodeHasChildren,
  NodeNotYetCreated,
  NotSuccessionAuthority,
  SuccessionAlreadyNamed,
  SuccessorMismatch,
  UnknownNode,
} from "./hierarchy.errors.js";
import { basisText, NodeCreated, NodeRenamed, NodeSplit, SuccessorNamed } from "./hierarchy.events.js";
import {
  hromadaCreated,
  hromadaMoved,
  koatuu,
  luhanska,
  metaOn,
  novopskovCreated,
  novopskovMerged,
  novopskovska,
  novopskovskyi,
  oblastCreated,
  on,
  reform,
  reformRegister,
  starobilskCreated,
  starobilskyi,
} from "./hierarchy.fixtures.js";
import { childrenOn, territoryOn } from "./hierarchy.timeline.js";

const spec = DeciderSpecification.for(hierarchyDecider);
const succession = DeciderSpecification.for(successionDecider);
const meta = metaOn(luhanska);

describe("hierarchy: the register of an administrative tree", () => {
  it("records the 2020 reform: a new raion, the hromada moved under it, Novopskov raion merged into it", () => {
    const before = [oblastCreated, novopskovCreated, hromadaCreated];
    spec.given(before).when(new CreateNode({ meta, ...starobilskCreated })).thenEmits([starobilskCreated]);
    spec.given([...before, starobilskCreated]).when(new MoveNode({ meta, ...hromadaMoved })).thenEmits([hromadaMoved]);
    const state = spec
      .given([...before, starobilskCreated, hromadaMoved])
      .when(new MergeNode({ meta, ...novopskovMerged }))
      .thenEmits([novopskovMerged]);
    expect(state.events).toHaveLength(6);
  });

  it("prints the legal basis as acts are cited", () => {
    expect(basisText(reform)).toBe("Постанова Верховної Ради України від 17.07.2020 № 807-IX");
    expect(basisText(reform, "en")).toBe("Resolution No. 807-IX of 17.07.2020 (Верховної Ради України)");
  });

  it("answers children and territory as of a date", () => {
    expect(childrenOn(reformRegister, luhanska, "2019-06-30").map((u) => u.nodeId)).toEqual([novopskovskyi]);
    expect(childrenOn(reformRegister, luhanska, "2026-12-05").map((u) => u.nodeId)).toEqual([starobilskyi]);
    expect(childrenOn(reformRegister, novopskovskyi, "2020-07-01").map((u) => u.nodeId)).toEqual([novopskovska]);
    expect(territoryOn(reformRegister, novopskovskyi, "2019-06-30").origins).toEqual([novopskovskyi]);
    expect(territoryOn(reformRegister, novopskovskyi, "2020-07-01").origins).toEqual([novopskovska, novopskovskyi]);
    // Gone from the tree on the day of the merger: it covers nothing from then on.
    expect(territoryOn(reformRegister, novopskovskyi, "2020-07-17")).toMatchObject({ unit: null, origins: [] });
    const now = territoryOn(reformRegister, starobilskyi, "2026-12-05");
    expect(now).toMatchObject({ units: [starobilskyi, novopskovska], predecessors: [novopskovskyi] });
    expect(now.origins).toEqual([novopskovska, novopskovskyi, starobilskyi]);
    expect(territoryOn(reformRegister, starobilskyi, "2020-07-16").origins).toEqual([]);
  });

  it("refuses a cycle: a raion under its own hromada, a unit under itself", () => {
    const given = [oblastCreated, novopskovCreated, hromadaCreated];
    spec
      .given(given)
      .when(new MoveNode({ meta, nodeId: novopskovskyi, parentId: novopskovska, basis: reform, effective: on("2020-07-17") }))
      .thenFails(new HierarchyCycle({ nodeId: novopskovskyi, parentId: novopskovska, on: on("2020-07-17") }));
    spec
      .given(given)
      .when(new MoveNode({ meta, nodeId: novopskovskyi, parentId: novopskovskyi, basis: reform, effective: on("2020-07-17") }))
      .thenFails(new HierarchyCycle({ nodeId: novopskovskyi, parentId: novopskovskyi, on: on("2020-07-17") }));
    // A merge into one's own hromada is the same loop.
    spec
      .given(given)
      .when(new MergeNode({ meta, nodeId: novopskovskyi, into: novopskovska, basis: reform, effective: on("2020-07-17") }))
      .thenFails(new HierarchyCycle({ nodeId: novopskovskyi, parentId: novopskovska, on: on("2020-07-17") }));
  });

  it("refuses a merge dated before the node existed, and changes to a node already ended", () => {
    spec
      .given([oblastCreated, novopskovCreated, starobilskCreated])
      .when(new MergeNode({ meta, nodeId: starobilskyi, into: novopskovskyi, basis: koatuu, effective: on("2019-01-01") }))
      .thenFails(new NodeNotYetCreated({ nodeId: starobilskyi, effective: on("2019-01-01"), createdOn: on("2020-07-17") }));
    spec
      .given(reformRegister)
      .when(new RenameNode({ meta, nodeId: novopskovskyi, name: "Новопсковський", basis: reform, effective: on("2021-01-01") }))
      .thenFails(new NodeEnded({ nodeId: novopskovskyi, effective: on("2021-01-01"), endedOn: on("2020-07-17") }));
  });

  it("refuses unknown units, a second record of one id, wrong levels, out-of-order history and acts dated after the change", () => {
    const ghost = NodeId.make("svativskyi");
    spec
      .given([oblastCreated, novopskovCreated])
      .when(new MergeNode({ meta, nodeId: novopskovskyi, into: ghost, basis: reform, effective: on("2020-07-17") }))
      .thenFails(new UnknownNode({ nodeId: ghost, role: "into" }));
    spec.given([oblastCreated, novopskovCreated]).when(new CreateNode({ meta, ...novopskovCreated })).thenFails(
      new NodeAlreadyRecorded({ nodeId: novopskovskyi, createdOn: on("1997-10-31") }),
    );
    spec
      .given([oblastCreated, novopskovCreated, hromadaCreated])
      .when(new CreateNode({ meta, nodeId: ghost, name: "Сватівський район", level: "district", parentId: novopskovska, basis: reform, effective: on("2020-07-17") }))
      .thenFails(new LevelMismatch({ nodeId: ghost, level: "district", otherId: novopskovska, otherLevel: "hromada" }));
    spec
      .given([oblastCreated])
      .when(new CreateNode({ meta, nodeId: ghost, name: "Сватівський район", level: "district", parentId: null, basis: reform, effective: on("2020-07-17") }))
      .thenFails(new LevelMismatch({ nodeId: ghost, level: "district", otherId: null, otherLevel: null }));
    // A hromada directly under the oblast is a level of its own there (Volyn's 54).
    const direct = new NodeCreated({ nodeId: ghost, name: "Громада", level: "hromada", parentId: luhanska, basis: hromadas(), effective: on("2020-06-12") });
    spec.given([oblastCreated]).when(new CreateNode({ meta, ...direct })).thenEmits([direct]);
    spec
      .given([oblastCreated, novopskovCreated, new NodeRenamed({ nodeId: novopskovskyi, name: "Н", basis: reform, effective: on("2020-07-17") })])
      .when(new RenameNode({ meta, nodeId: novopskovskyi, name: "М", basis: koatuu, effective: on("2019-01-01") }))
      .thenFails(new EffectiveOutOfOrder({ nodeId: novopskovskyi, effective: on("2019-01-01"), latest: on("2020-07-17") }));
    spec
      .given([oblastCreated, novopskovCreated])
      .when(new RenameNode({ meta, nodeId: novopskovskyi, name: "М", basis: reform, effective: on("2020-07-01") }))
      .thenFails(new EffectiveBeforeBasis({ effective: on("2020-07-01"), basisDate: on("2020-07-17") }));
  });

  it("refuses to end a unit with units still under it, or a merge across levels", () => {
    spec
      .given([oblastCreated, novopskovCreated, hromadaCreated, starobilskCreated])
      .when(new MergeNode({ meta, ...novopskovMerged }))
      .thenFails(new NodeHasChildren({ nodeId: novopskovskyi, children: [novopskovska], on: on("2020-07-17") }));
    spec
      .given([oblastCreated, novopskovCreated, hromadaCreated, starobilskCreated, hromadaMoved])
      .when(new MergeNode({ meta, nodeId: novopskovska, into: starobilskyi, basis: reform, effective: on("2020-07-17") }))
      .thenFails(new LevelMismatch({ nodeId: novopskovska, level: "hromada", otherId: starobilskyi, otherLevel: "district" }));
  });

  it("splits a unit into parts, one of them the successor; a successor outside the parts is refused", () => {
    const a = NodeId.make("shchastynskyi");
    const shchastia = new NodeCreated({ nodeId: a, name: "Щастинський район", level: "district", parentId: luhanska, basis: reform, effective: on("2020-07-17") });
    const events = [oblastCreated, novopskovCreated, starobilskCreated, shchastia];
    const split = new NodeSplit({ nodeId: novopskovskyi, into: [starobilskyi, a], successor: starobilskyi, basis: reform, effective: on("2020-07-17") });
    spec.given(events).when(new SplitNode({ meta, ...split })).thenEmits([split]);
    spec
      .given(events)
      .when(new SplitNode({ meta, ...split, successor: luhanska }))
      .thenFails(new InvalidSplit({ nodeId: novopskovskyi, detail: "the successor luhanska is not one of the parts" }));
  });
});

describe("succession: the predecessor's plans pass to its successor", () => {
  const named = new SuccessorNamed({ predecessor: novopskovskyi, successor: starobilskyi, authority: novopskovskyi, basis: reform, effective: on("2020-07-17") });
  const command = (node: NodeId, over: Partial<ConstructorParameters<typeof NameSuccessor>[0]> = {}) =>
    new NameSuccessor({ meta: metaOn(node), predecessor: novopskovskyi, successor: starobilskyi, basis: reform, effective: on("2020-07-17"), register: reformRegister, ...over });

  it("is signed by the predecessor while it exists, or by its parent as the authority", () => {
    succession.given([]).when(command(novopskovskyi)).thenEmits([named]);
    succession.given([]).when(command(luhanska)).thenEmits([new SuccessorNamed({ ...named, authority: luhanska })]);
    succession.given([]).when(command(starobilskyi)).thenFails(new NotSuccessionAuthority({ predecessor: novopskovskyi, node: starobilskyi, parentId: luhanska }));
  });

  it("refuses a successor that does not exist, one other than the register's merger names, and a second naming", () => {
    const ghost = NodeId.make("svativskyi");
    succession.given([]).when(command(novopskovskyi, { successor: ghost })).thenFails(new UnknownNode({ nodeId: ghost, role: "successor" }));
    succession.given([]).when(command(novopskovskyi, { successor: luhanska })).thenFails(
      new SuccessorMismatch({ predecessor: novopskovskyi, successor: luhanska, recorded: starobilskyi }),
    );
    succession.given([]).when(command(novopskovskyi, { successor: novopskovskyi })).thenFails(
      new SuccessorMismatch({ predecessor: novopskovskyi, successor: novopskovskyi, recorded: starobilskyi }),
    );
    succession.given([named]).when(command(luhanska)).thenFails(new SuccessionAlreadyNamed({ predecessor: novopskovskyi, successor: starobilskyi }));
  });

  it("refuses a hand-over dated before the successor existed", () => {
    const early = { kind: "order" as const, issuer: "Луганської ОДА", number: "1", date: on("2020-07-01") };
    succession.given([]).when(command(novopskovskyi, { basis: early, effective: on("2020-07-01") })).thenFails(
      new NodeNotYetCreated({ nodeId: starobilskyi, effective: on("2020-07-01"), createdOn: on("2020-07-17") }),
    );
  });

  it("lets the successor report on the plan, and no longer its owner", () => {
    const planId = makePlanId({ ownerNode: novopskovskyi, order: { number: "328", date: "2019-10-16" } });
    const plan = { planId, ownerNode: novopskovskyi, period: { from: 2019, to: 2026 }, closed: false, measures: {}, continuedBy: starobilskyi };
    const draft = (node: NodeId) =>
      reportDecider.decide(new DraftReport({ meta: metaOn(node), plan, reportId: makeReportId(planId, 2020, 3), planId, year: 2020, quarter: 3 }), initialReportState);
    expect(Either.isRight(draft(starobilskyi))).toBe(true);
    expect(Either.getLeft(draft(novopskovskyi))).toEqual(Option.some(new NotPlanOwner({ planId, ownerNode: starobilskyi, node: novopskovskyi })));
  });
});

function hromadas() {
  return { kind: "order" as const, issuer: "Кабінету Міністрів України", number: "710-р", date: on("2020-06-12") };
}
