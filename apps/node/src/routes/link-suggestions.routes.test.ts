import type { PlanTreeLike } from "@planledger/matching";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { checkResponse } from "../testing/openapi-check.js";
import { LINK_SUGGESTIONS_PREFIX, linkSuggestionsRoutes } from "./link-suggestions.routes.js";

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

/**
 * As `startNode()` composes it: this route, then the federation handler mounted under the same prefix (a stand-in
 * here, which answers every other path), so the tests also show which of the two answers.
 */
const editor = "Bearer editor-token";
const handlerOver = (planTree: (id: string) => Promise<PlanTreeLike | null>) => {
  const app = new Hono();
  const mayEdit = (authorization: string | undefined) =>
    authorization === undefined ? "unauthenticated" : authorization === editor ? "yes" : authorization === "Bearer viewer-token" ? "forbidden" : "unauthenticated";
  app.route(LINK_SUGGESTIONS_PREFIX, linkSuggestionsRoutes({ planTree, mayEdit }));
  app.mount("/federation/v1", () => new Response("federation", { status: 299 }));
  return async (request: Request): Promise<Response> => {
    const response = await app.fetch(request);
    // The route's answers are checked against the OpenAPI document; the stand-in's are not the node's to describe.
    return new URL(request.url).pathname.endsWith("/links/suggestions") ? checkResponse(request.method, request.url, response) : response;
  };
};

const asEditor = (url: string) => new Request(url, { headers: { authorization: editor } });

describe("GET /federation/v1/links/suggestions", () => {
  it("answers the plan's editors only: 401 with no or an unknown credential, 403 to a viewer", async () => {
    const handler = handlerOver(async (id) => trees[id] ?? null);
    const url = "http://n/federation/v1/links/suggestions?plan=district&parent=oblast";
    const anonymous = await handler(new Request(url));
    expect([anonymous.status, anonymous.headers.get("www-authenticate")]).toEqual([401, 'Bearer realm="planledger"']);
    expect(((await anonymous.json()) as { code: string }).code).toBe("Unauthenticated");
    expect((await handler(new Request(url, { headers: { authorization: "Bearer forged" } }))).status).toBe(401);
    expect((await handler(new Request(url, { headers: { authorization: "Bearer viewer-token" } }))).status).toBe(403);
    expect((await handler(asEditor(url))).status).toBe(200);
  });

  it("proposes a parent measure for each measure not linked yet, with a score and runners-up", async () => {
    const handler = handlerOver(async (id) => trees[id] ?? null);
    const res = await handler(asEditor("http://n/federation/v1/links/suggestions?plan=district&parent=oblast"));
    const body = (await res.json()) as { suggestions: { measureId: string; best: { measureId: string; score: number }; runnersUp: unknown[] }[] };
    expect(res.status).toBe(200);
    expect(body.suggestions.map((s) => [s.measureId, s.best.measureId, s.runnersUp.length])).toEqual([
      ["district.s1.t1.m1", "oblast.s1.t1.m2", 1],
    ]);
    expect(body.suggestions[0]?.best.score).toBeGreaterThan(0.5);
  });

  it("answers 404 naming the plan it does not hold", async () => {
    const handler = handlerOver(async (id) => trees[id] ?? null);
    const res = await handler(asEditor("http://n/federation/v1/links/suggestions?plan=district&parent=nowhere"));
    expect([res.status, ((await res.json()) as { plan: string }).plan]).toEqual([404, "nowhere"]);
  });

  it("answers as the federation handler does (content types, the full path as instance), and leaves every other path to it", async () => {
    const handler = handlerOver(async (id) => trees[id] ?? null);
    const found = await handler(asEditor("http://n/federation/v1/links/suggestions?plan=district&parent=oblast"));
    const missing = await handler(asEditor("http://n/federation/v1/links/suggestions?plan=nowhere&parent=oblast"));
    expect([found.headers.get("content-type"), missing.headers.get("content-type")]).toEqual(["application/json", "application/problem+json"]);
    expect(await missing.json()).toEqual({
      type: "urn:planledger:problem:not-found",
      title: "План не знайдено / plan not found",
      status: 404,
      code: "UnknownPlan",
      reason: "UnknownPlan",
      instance: "/federation/v1/links/suggestions",
      plan: "nowhere",
    });
    expect((await handler(new Request("http://n/federation/v1/status"))).status).toBe(299);
  });
});
