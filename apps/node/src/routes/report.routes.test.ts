import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adoptSeed, replicate, send, testNode } from "../testing/test-node.js";

const luhanska = testNode("luhanska");
const novopskovskyi = testNode("novopskovskyi", { level: "district" });
afterAll(async () => {
  await luhanska.runtime.dispose();
  await novopskovskyi.runtime.dispose();
});

const etagOf = (res: Response) => Number(res.headers.get("etag")?.replaceAll('"', ""));

/** Drafts a report on `node`, records progress for `measureId` and submits it; returns the report id. */
const fileReport = async (node: typeof luhanska, planId: string, year: number, quarter: number, measureId: string) => {
  const drafted = await send(node, "POST", `/api/v1/plans/${planId}/reports`, { role: "reporter", body: { year, quarter } });
  expect(drafted.status).toBe(201);
  const { reportId } = (await drafted.json()) as { reportId: string };
  const recorded = await send(node, "POST", `/api/v1/reports/${reportId}/progress`, {
    role: "reporter",
    ifMatch: etagOf(drafted),
    body: { measureId, status: "inProgress", actuals: [{ value: 3, unit: "сімей" }], spent: [{ source: "місцевий бюджет", amount: 4.2 }], narrative: "Триває." },
  });
  expect(recorded.status).toBe(200);
  const submitted = await send(node, "POST", `/api/v1/reports/${reportId}/submit`, { role: "reporter", ifMatch: etagOf(recorded) });
  expect(submitted.status).toBe(200);
  return reportId;
};

describe("quarterly reports", () => {
  let planId: string;
  let measureId: string;

  beforeAll(async () => {
    ({ planId } = await adoptSeed(luhanska, "000"));
    measureId = `${planId}.s1.t1.m1`;
  });

  it("drafts, records a measure's progress and submits, each write returning the new version", async () => {
    const drafted = await send(luhanska, "POST", `/api/v1/plans/${planId}/reports`, { role: "reporter", body: { year: 2021, quarter: 2 } });
    expect(drafted.status).toBe(201);
    expect(drafted.headers.get("etag")).toBe('"1"');
    const { reportId } = (await drafted.json()) as { reportId: string };
    expect(reportId).toBe(`${planId}.2021-q2`);
    expect(drafted.headers.get("location")).toBe(`/api/v1/reports/${reportId}`);

    const recorded = await send(luhanska, "POST", `/api/v1/reports/${reportId}/progress`, {
      role: "reporter",
      ifMatch: 1,
      body: {
        measureId,
        status: "done",
        actuals: [{ value: 1200, unit: "осіб" }],
        spent: [{ source: "обласний бюджет", executor: "Департамент", amount: 15.5 }],
        narrative: "Надано правову допомогу.",
      },
    });
    expect(recorded.status).toBe(200);
    expect(recorded.headers.get("etag")).toBe('"2"');

    const report = await send(luhanska, "GET", `/api/v1/reports/${reportId}`, { role: "viewer" });
    expect(report.status).toBe(200);
    expect(report.headers.get("etag")).toBe('"2"');
    expect(await report.json()).toMatchObject({
      reportId,
      state: "drafted",
      progress: [{ measureId, status: "done", spent: [{ amount: 15.5 }], actor: "reporter-1@luhanska" }],
    });

    const submitted = await send(luhanska, "POST", `/api/v1/reports/${reportId}/submit`, { role: "reporter", ifMatch: 2 });
    expect(submitted.status).toBe(200);
    const calendar = (await (await send(luhanska, "GET", `/api/v1/plans/${planId}/reports`, { role: "viewer" })).json()) as {
      periods: { year: number; quarter: number; state: string }[];
    };
    expect(calendar.periods.find((p) => p.year === 2021 && p.quarter === 2)?.state).toBe("submitted");
    const tree = (await (await send(luhanska, "GET", `/api/v1/plans/${planId}`)).json()) as {
      sections: { tasks: { measures: { measureId: string; status: string }[] }[] }[];
    };
    expect(tree.sections[0]?.tasks[0]?.measures[0]).toMatchObject({ measureId, status: "done" });
  });

  it("refuses to submit twice (409) and leaves the log as it was", async () => {
    const reportId = `${planId}.2021-q2`;
    const before = await luhanska.log();
    const res = await send(luhanska, "POST", `/api/v1/reports/${reportId}/submit`, { role: "reporter", ifMatch: 3 });
    expect(res.status).toBe(409);
    expect(await luhanska.log()).toEqual(before);
  });

  it("lets a parent accept or return a child's submitted report, naming it by origin, seq and hash", async () => {
    const { planId: district } = await adoptSeed(novopskovskyi, "002");
    const first = `${district}.s1.t1.m1`;
    const accepted = await fileReport(novopskovskyi, district, 2020, 1, first);
    const returned = await fileReport(novopskovskyi, district, 2020, 2, first);
    await replicate(novopskovskyi, luhanska);

    const history = await send(luhanska, "GET", `/api/v1/streams/report:${district}:2020-Q1/history`, { role: "auditor" });
    const submittedEvent = ((await history.json()) as { events: { type: string; seq: number; hash: string; node: string }[] }).events.at(-1);
    expect(submittedEvent).toMatchObject({ type: "ReportSubmitted", node: "novopskovskyi" });

    const accept = await send(luhanska, "POST", `/api/v1/reports/${accepted}/accept`, { role: "editor" });
    expect(accept.status).toBe(201);
    expect(await accept.json()).toMatchObject({
      stream: `review:luhanska:${accepted}`,
      reportRef: { origin: "novopskovskyi", seq: submittedEvent?.seq, hash: submittedEvent?.hash },
    });

    const ret = await send(luhanska, "POST", `/api/v1/reports/${returned}/return`, {
      role: "editor",
      body: { reason: "Фактичні витрати перевищують план" },
    });
    expect(ret.status).toBe(201);
    const review = await send(luhanska, "GET", `/api/v1/streams/review:luhanska:${returned}/history`, { role: "auditor" });
    expect(((await review.json()) as { events: unknown[] }).events).toEqual([
      expect.objectContaining({ type: "ReportReturned", actor: "editor-1@luhanska", node: "luhanska" }),
    ]);
    // One verdict per report and reviewing node.
    const again = await send(luhanska, "POST", `/api/v1/reports/${accepted}/accept`, { role: "editor" });
    expect(again.status).toBe(409);
  });

  it("reopens a returned report once the return has reached the district; the resubmission gets its own verdict", async () => {
    const district = "novopskovskyi.328.2019-10-16";
    const measure = `${district}.s1.t1.m1`;
    const reportId = await fileReport(novopskovskyi, district, 2020, 4, measure);
    await replicate(novopskovskyi, luhanska);
    const ret = await send(luhanska, "POST", `/api/v1/reports/${reportId}/return`, { role: "editor", body: { reason: "Немає даних про витрати" } });
    expect(ret.status).toBe(201);

    const stream = `report:${district}:2020-Q4`;
    const version = async () => etagOf(await send(novopskovskyi, "GET", `/api/v1/reports/${reportId}`, { role: "viewer" }));
    const before = await novopskovskyi.log();
    const early = await send(novopskovskyi, "POST", `/api/v1/reports/${reportId}/reopen`, {
      role: "reporter",
      ifMatch: await version(),
      body: { reviewer: "luhanska" },
    });
    expect(await early.json()).toMatchObject({ status: 409, code: "ReportNotReturned", reviewer: "luhanska" });
    expect(await novopskovskyi.log()).toEqual(before);

    await replicate(luhanska, novopskovskyi);
    const reopened = await send(novopskovskyi, "POST", `/api/v1/reports/${reportId}/reopen`, {
      role: "reporter",
      ifMatch: await version(),
      body: { reviewer: "luhanska" },
    });
    expect(reopened.status).toBe(200);
    const corrected = await send(novopskovskyi, "POST", `/api/v1/reports/${reportId}/progress`, {
      role: "reporter",
      ifMatch: etagOf(reopened),
      body: { measureId: measure, status: "inProgress", actuals: [{ value: 3, unit: "сімей" }], spent: [{ source: "місцевий бюджет", amount: 4.2 }], narrative: "Витрати додано." },
    });
    expect(corrected.status).toBe(200);
    expect((await send(novopskovskyi, "POST", `/api/v1/reports/${reportId}/submit`, { role: "reporter", ifMatch: etagOf(corrected) })).status).toBe(200);

    await replicate(novopskovskyi, luhanska);
    const history = await send(luhanska, "GET", `/api/v1/streams/${stream}/history`, { role: "auditor" });
    const events = ((await history.json()) as { events: { type: string; seq: number; hash: string }[] }).events;
    expect(events.map((e) => e.type)).toEqual(["ReportDrafted", "ProgressRecorded", "ReportSubmitted", "ReportReopened", "ProgressRecorded", "ReportSubmitted"]);
    const accept = await send(luhanska, "POST", `/api/v1/reports/${reportId}/accept`, { role: "editor" });
    expect(accept.status).toBe(201);
    expect(await accept.json()).toMatchObject({ reportRef: { origin: "novopskovskyi", seq: events.at(-1)?.seq, hash: events.at(-1)?.hash } });
    expect((await send(luhanska, "POST", `/api/v1/reports/${reportId}/accept`, { role: "editor" })).status).toBe(409);
  });

  it("refuses a self-review, a review of an unsubmitted report and any write to another node's stream", async () => {
    const before = await luhanska.log();
    const own = await send(luhanska, "POST", `/api/v1/reports/${planId}.2021-q2/accept`, { role: "editor" });
    expect([own.status, ((await own.json()) as { code: string }).code]).toEqual([422, "SelfReview"]);

    const drafted = await send(luhanska, "POST", `/api/v1/plans/${planId}/reports`, { role: "reporter", body: { year: 2021, quarter: 3 } });
    const { reportId } = (await drafted.json()) as { reportId: string };
    const afterDraft = await luhanska.log();
    const unsubmitted = await send(luhanska, "POST", `/api/v1/reports/${reportId}/accept`, { role: "editor" });
    expect(unsubmitted.status).toBe(409);

    const district = "novopskovskyi.328.2019-10-16";
    const foreignPlan = await send(luhanska, "POST", `/api/v1/plans/${district}/measures/${district}.s1.t1.m1/cancel`, {
      role: "editor",
      ifMatch: etagOf(await send(luhanska, "GET", `/api/v1/plans/${district}`)),
      body: { reason: "не наш план" },
    });
    expect(await foreignPlan.json()).toMatchObject({ status: 403, code: "NotPlanOwner", ownerNode: "novopskovskyi", node: "luhanska" });
    const foreignReport = await send(luhanska, "POST", `/api/v1/plans/${district}/reports`, {
      role: "admin",
      body: { year: 2020, quarter: 3 },
    });
    expect(await foreignReport.json()).toMatchObject({ status: 403, code: "NotPlanOwner" });
    expect(await luhanska.log()).toEqual(afterDraft);
    expect(afterDraft.length).toBe(before.length + 1);
  });
});
