import { describe, expect, it } from "vitest";
import type { PeoplePort, Viewer } from "../people.js";
import { eventLog, fakeSource, intactIntegrity } from "../testing/fake-source.js";
import type { IntegrityReport } from "../web-source.js";
import { webRoutes } from "../web-routes.js";

const NOW = new Date("2026-12-05T12:00:00.000Z");

const auditor: Viewer = { login: "auditor", name: "Аудитор", role: "auditor", csrf: "t".repeat(32), can: (p) => p === "history:read" };
const people: PeoplePort = {
  viewer: async (sessionId) => (sessionId === "s1" ? auditor : null),
  signIn: async () => ({ ok: false, reason: "wrong", delayMs: 0, retryAfterS: null }),
  signOut: async () => {},
  secureCookies: false,
};

const pageWith = async (report: IntegrityReport, lang = "") => {
  const source = fakeSource(eventLog().events, { now: NOW, actor: "auditor@volynska" });
  const app = webRoutes({ source: { ...source.web, integrity: async () => report }, now: () => NOW, people });
  return (await app.request(`/audit${lang}`, { headers: { cookie: "pl_session=s1" } })).text();
};

const split = {
  origin: "svativskyi",
  source: "witness",
  heldSize: 6,
  presentedSize: 6,
  heldRoot: "a".repeat(64),
  presentedRoot: "b".repeat(64),
  detectedAt: "2026-12-05T11:00:00.000Z",
  eventId: "0193a…",
  liftedAt: null,
  liftedBy: null,
};

describe("the audit page: witnesses and split views", () => {
  it("shows an open split view as a problem, naming the origin, both sizes and roots, and that it is refused", async () => {
    const html = await pageWith({ ...intactIntegrity(NOW), witnesses: { checked: 2, findings: [], splitViews: [split] } });
    expect(html).toContain('data-intact="false"');
    expect(html).toContain('data-split-views="1"');
    expect(html).toContain('data-split-origin="svativskyi" data-lifted="false"');
    expect(html).toContain("розбіжних бачень 1");
    expect(html).toContain("прийом від svativskyi зупинено");
    expect(html).toContain(`${"a".repeat(16)}…`);
    expect(html).toContain(`${"b".repeat(16)}…`);
    const en = await pageWith({ ...intactIntegrity(NOW), witnesses: { checked: 2, findings: [], splitViews: [split] } }, "?lang=en");
    expect(en).toContain("svativskyi is refused until an admin lifts it");
  });

  it("shows an inconclusive split view to be checked, not as a failure, as audit verify does", async () => {
    const inconclusive = { ...split, origin: "bilovodskyi", presentedSize: 9, conclusive: false };
    const html = await pageWith({ ...intactIntegrity(NOW), witnesses: { checked: 2, findings: [], splitViews: [inconclusive] } });
    expect(html).toContain('data-intact="true"');
    expect(html).toContain('data-split-views="0" data-split-to-check="1"');
    expect(html).toContain('data-split-origin="bilovodskyi" data-lifted="false" data-conclusive="false"');
    expect(html).toContain("! перевірити: не контрпідписано, прийом не зупинено");
    expect(html).toContain("Розбіжних бачень без доказу до перевірки: 1 (не порушення).");
    expect(html).not.toContain("Виявлено порушення");
    expect(html).not.toContain("прийом від bilovodskyi зупинено");
    // Beside a conclusive one, only the conclusive one is counted as a problem; the other is still marked to be checked.
    const both = await pageWith({ ...intactIntegrity(NOW), witnesses: { checked: 2, findings: [], splitViews: [split, inconclusive] } });
    expect(both).toContain('data-intact="false"');
    expect(both).toContain("розбіжних бачень 1.");
    expect(both).toContain('data-split-views="1" data-split-to-check="1"');
    expect(both).toContain('data-split-origin="svativskyi" data-lifted="false" data-conclusive="true"');
    const en = await pageWith({ ...intactIntegrity(NOW), witnesses: { checked: 2, findings: [], splitViews: [inconclusive] } }, "?lang=en");
    expect(en).toContain("to be checked: not cosigned, not refused");
    expect(en).toContain("Inconclusive split views to be checked: 1 (not a failure).");
  });

  it("a lifted split view no longer makes the node a problem, and k of n is stated", async () => {
    const html = await pageWith({
      ...intactIntegrity(NOW),
      // The own log's last checkpoint row carries no JSON countersignature: what witnesses it are the C2SP lines.
      origins: [{ origin: "novopskovskyi", events: 130, lastSeq: 130, lastHash: "c".repeat(64), checkpoints: 3, lastCheckpoint: null, broken: null }],
      witnesses: {
        checked: 4,
        findings: [],
        splitViews: [{ ...split, liftedAt: "2026-12-05T11:30:00.000Z", liftedBy: "admin@volynska" }],
        quorum: { origin: "novopskovskyi", quorum: 2, witnesses: ["luhanska", "volynska"], witnessedSize: 120, cosignedBy: ["luhanska", "volynska"], latestCosignedSize: 130 },
      },
    });
    expect(html).toContain('data-intact="true"');
    expect(html).toContain('data-lifted="true"');
    expect(html).toContain("admin@volynska");
    expect(html).toContain('data-quorum="2" data-witnessed-size="120"');
    expect(html).toContain("контрпідписали 2 з 2 свідків (luhanska, volynska)");
    expect(html).toContain("Засвідчено до розміру 120");
    expect(html).toContain("Останній контрпідпис — розмір 130, кворуму ще немає.");
    // The logs table counts the own log's witnesses the same way, k of n — not «ні» for want of a JSON countersignature.
    expect(html).toMatch(/<tr data-origin="novopskovskyi"[\s\S]*?<td data-witnessed="2\/2">2 з 2 \(luhanska, volynska\), до розміру 120<\/td>/);
  });
});
