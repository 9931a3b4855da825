import { afterAll, describe, expect, it } from "vitest";
import { send, testNode } from "../testing/test-node.js";

const node = testNode("luhanska", { level: "oblast" });
afterAll(() => node.runtime.dispose());

const reform = { kind: "resolution", issuer: "Верховної Ради України", number: "807-IX", date: "2020-07-17" };
const koatuu = { kind: "order", issuer: "Держстандарту України", number: "659", date: "1997-10-31" };

describe("the hierarchy on the home page", () => {
  it("shows the tree as of the date asked (дд.мм.рррр), with the legal basis, in Ukrainian and English", async () => {
    for (const body of [
      { _tag: "CreateNode", nodeId: "luhanska", name: "Луганська область", level: "oblast", parentId: null, basis: koatuu, effective: "1997-10-31" },
      { _tag: "CreateNode", nodeId: "novopskovskyi", name: "Новопсковський район", level: "district", parentId: "luhanska", basis: koatuu, effective: "1997-10-31" },
      { _tag: "CreateNode", nodeId: "starobilskyi", name: "Старобільський район", level: "district", parentId: "luhanska", basis: reform, effective: "2020-07-17" },
      { _tag: "MergeNode", nodeId: "novopskovskyi", into: "starobilskyi", basis: reform, effective: "2020-07-17" },
    ])
      expect((await send(node, "POST", "/api/v1/hierarchy/changes", { role: "admin", body })).status).toBe(201);
    const page = async (query: string) => (await send(node, "GET", `/${query}`)).text();
    const before = await page("?on=01.07.2020");
    expect(before).toContain("Адміністративний устрій на дату");
    expect(before).toContain('value="01.07.2020"');
    expect(before).toMatch(/data-node="novopskovskyi"/);
    expect(before).not.toMatch(/data-node="starobilskyi"/);
    const now = await page("");
    expect(now).toMatch(/data-node="starobilskyi"/);
    expect(now).not.toMatch(/data-node="novopskovskyi"/);
    expect(now).toContain("Постанова Верховної Ради України від 17.07.2020 № 807-IX");
    const english = await page("?lang=en");
    expect(english).toContain("Administrative structure on a date");
    expect(english).toContain("Resolution No. 807-IX of 17.07.2020");
    const wrong = await page("?on=31.02.20");
    expect(wrong).toContain("не дата дд.мм.рррр");
  });
});
