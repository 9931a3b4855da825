import { IsoDate, type PlanDocument } from "@planledger/domain";
import { describe, expect, it } from "vitest";
import { PENDING_TTL_MS, pendingImports } from "./pending-imports.js";

const document: PlanDocument = {
  plan: { title: "План", issuer: null, order: { number: "1", date: IsoDate.make("2024-01-02") }, period: { from: 2024, to: 2024 } },
  sections: [],
  anomalies: [],
};
const upload = { bytes: new TextEncoder().encode("План"), fileName: "plan.txt" };
const entry = (login: string) => ({ login, document, upload, layout: "text", fileName: "plan.txt", parentPlanId: null, planId: "luhanska.1.2024-01-02" });

describe("previews waiting for 'record'", () => {
  it("are found only by the login that uploaded them, and dropped only by it", () => {
    const pending = pendingImports();
    const id = pending.put(entry("olena"));
    expect(id).toMatch(/^[\w-]{24}$/);
    expect(pending.get(id, "ivan")).toBeNull();
    pending.drop(id, "ivan");
    expect(pending.get(id, "olena")?.document).toBe(document);
    pending.drop(id, "olena");
    expect(pending.get(id, "olena")).toBeNull();
  });

  it("expire 30 minutes after the upload", () => {
    let at = Date.parse("2026-12-04T10:00:00Z");
    const pending = pendingImports(() => new Date(at));
    const id = pending.put(entry("olena"));
    at += PENDING_TTL_MS - 1;
    expect(pending.get(id, "olena")).not.toBeNull();
    at += 1;
    expect(pending.get(id, "olena")).toBeNull();
  });

  it("hold at most 32, the oldest going first", () => {
    const pending = pendingImports();
    const ids = Array.from({ length: 33 }, () => pending.put(entry("olena")));
    expect(pending.get(ids[0] as string, "olena")).toBeNull();
    expect(pending.get(ids[32] as string, "olena")).not.toBeNull();
  });
});
