import { afterAll, describe, expect, it } from "vitest";
import { adoptSeed, send, testNode } from "../testing/test-node.js";

// Every answer here is checked against the OpenAPI document by testNode() (testing/openapi-check.ts).
const node = testNode("luhanska", { level: "oblast" });
afterAll(() => node.runtime.dispose());

const reform = { kind: "resolution", issuer: "Верховної Ради України", number: "807-IX", date: "2020-07-17" };
const koatuu = { kind: "order", issuer: "Держстандарту України", number: "659", date: "1997-10-31" };
const change = (body: Record<string, unknown>, role: "admin" | "editor" = "admin") =>
  send(node, "POST", "/api/v1/hierarchy/changes", { role, body });
type Problem = { status: number; code: string; title: string; detail?: string };

describe("the administrative tree over HTTP", () => {
  it("records the register, refuses what a register refuses (problem body, Ukrainian first), and answers the tree on a date", async () => {
    expect((await change({ _tag: "CreateNode", nodeId: "luhanska", name: "Луганська область", level: "oblast", parentId: null, basis: koatuu, effective: "1997-10-31" }, "editor")).status).toBe(403);
    for (const body of [
      { _tag: "CreateNode", nodeId: "luhanska", name: "Луганська область", level: "oblast", parentId: null, basis: koatuu, effective: "1997-10-31" },
      { _tag: "CreateNode", nodeId: "novopskovskyi", name: "Новопсковський район", level: "district", parentId: "luhanska", basis: koatuu, effective: "1997-10-31" },
      { _tag: "CreateNode", nodeId: "starobilskyi", name: "Старобільський район", level: "district", parentId: "luhanska", basis: reform, effective: "2020-07-17" },
    ])
      expect((await change(body)).status).toBe(201);
    const early = await change({ _tag: "MergeNode", nodeId: "starobilskyi", into: "novopskovskyi", basis: koatuu, effective: "2019-01-01" });
    const problem = (await early.json()) as Problem;
    expect([early.status, early.headers.get("content-type"), problem.code]).toEqual([422, "application/problem+json", "NodeNotYetCreated"]);
    expect(problem.title).toBe("Дата раніша, ніж одиниця існувала / Dated before the unit existed");
    expect(problem.detail).toBe("зміна від 01.01.2019 раніша, ніж утворено starobilskyi (17.07.2020) / dated 01.01.2019, before starobilskyi existed (17.07.2020)");
    const merged = await change({ _tag: "MergeNode", nodeId: "novopskovskyi", into: "starobilskyi", basis: reform, effective: "2020-07-17" });
    expect(merged.status).toBe(201);
    expect(merged.headers.get("etag")).toBe('"4"');

    const tree = async (query: string) => (await (await send(node, "GET", `/api/v1/hierarchy${query}`)).json()) as { roots: { children: { nodeId: string }[] }[] };
    expect((await tree("?on=01.07.2020")).roots[0]?.children.map((c) => c.nodeId)).toEqual(["novopskovskyi"]);
    expect((await tree("?on=2020-07-17")).roots[0]?.children.map((c) => c.nodeId)).toEqual(["starobilskyi"]);
    expect((await send(node, "GET", "/api/v1/hierarchy?on=17/07/2020")).status).toBe(400);
    const territory = await send(node, "GET", "/api/v1/hierarchy/starobilskyi/territory");
    expect(await territory.json()).toMatchObject({ origins: ["novopskovskyi", "starobilskyi"], predecessors: ["novopskovskyi"] });
    expect((await send(node, "GET", "/api/v1/hierarchy/novopskovskyi/territory")).status).toBe(404);
  });

  it("names a successor as the parent authority, once; refuses a successor that does not exist", async () => {
    const body = { predecessor: "novopskovskyi", successor: "starobilskyi", basis: reform, effective: "2020-07-17" };
    const ghost = await send(node, "POST", "/api/v1/successions", { role: "admin", body: { ...body, successor: "svativskyi" } });
    expect([ghost.status, ((await ghost.json()) as Problem).code]).toEqual([422, "UnknownNode"]);
    const named = await send(node, "POST", "/api/v1/successions", { role: "admin", body });
    expect(named.status).toBe(201);
    expect(await named.json()).toMatchObject({ stream: "succession:novopskovskyi", events: ["SuccessorNamed"] });
    const again = await send(node, "POST", "/api/v1/successions", { role: "admin", body });
    expect([again.status, ((await again.json()) as Problem).code]).toEqual([409, "SuccessionAlreadyNamed"]);
  });

  it("answers a roll-up by territory with the territory it counted", async () => {
    const plan = await adoptSeed(node, "003");
    const rollup = await send(node, "GET", `/api/v1/plans/${plan.planId}/rollup?territory=starobilskyi&on=05.12.2026`);
    expect(rollup.status).toBe(200);
    expect(((await rollup.json()) as { territory: { origins: string[] } }).territory.origins).toEqual(["novopskovskyi", "starobilskyi"]);
    expect((await send(node, "GET", `/api/v1/plans/${plan.planId}/rollup?territory=novopskovskyi&on=05.12.2026`)).status).toBe(404);
  });
});
