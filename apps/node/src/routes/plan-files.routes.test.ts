import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { send, testNode } from "../testing/test-node.js";

const node = testNode("luhanska");
afterAll(() => node.runtime.dispose());

const corpus = (path: string): Uint8Array => readFileSync(new URL(`../../../../fixtures/corpus/${path}`, import.meta.url));
const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

interface Problem {
  status: number;
  code: string;
  reason?: string;
  headers?: string[];
  errors?: Array<{ path: string; message: string }>;
}

describe("plan files over the API: Word, Excel, PDF, web text", () => {
  it("POST /plans/parse reads a .docx and answers the plan and how its table was read, storing nothing", async () => {
    const before = await node.log();
    const res = await send(node, "POST", "/api/v1/plans/parse", { role: "editor", body: corpus("seed-derived/seed-852-turbota.docx"), headers: { "content-type": DOCX } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { layout: string; document: { plan: { order: { number: string } } }; reading: { columns: Array<{ field: string }>; measures: unknown[] } };
    expect(body.layout).toBe("docx");
    expect(body.document.plan.order.number).toBe("852");
    expect(body.reading.columns.map((c) => c.field)).toEqual(["label", "title", "executors", "term"]);
    expect(body.reading.measures).toHaveLength(17);
    expect(await node.log()).toEqual(before);
  });

  it("POST /plans adopts a plan from an .xlsx sent as bytes, recording the file's format and SHA-256 with the adoption", async () => {
    const bytes = corpus("seed-derived/seed-1003-luhansk.xlsx");
    const res = await send(node, "POST", "/api/v1/plans", { role: "editor", body: bytes, headers: { "content-type": "application/octet-stream" } });
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toBe("/api/v1/plans/luhanska.1003.2018-12-12");
    const store = await node.store();
    const adopted = await node.runtime.runPromise(store.readStream("plan:luhanska.1003.2018-12-12"));
    expect(adopted[0]?.type).toBe("PlanAdopted");
    expect((adopted[0]!.data as { source?: unknown }).source).toEqual({ format: "xlsx", sha256: createHash("sha256").update(bytes).digest("hex") });
  });

  it("refuses what it cannot read with a 4xx problem naming the reason, and stores nothing", async () => {
    const before = await node.log();
    const cases: Array<[string, Uint8Array, number, string, string]> = [
      ["bad/no-table.docx", corpus("bad/no-table.docx"), 422, "UnrecognisedDocument", "у документі немає таблиць"],
      ["bad/truncated.docx", corpus("bad/truncated.docx"), 422, "UnreadableDocument", "пошкоджений або обрізаний ZIP-архів"],
      ["bad/password.docx", corpus("bad/password.docx"), 422, "UnreadableDocument", "захищений паролем"],
      ["bad/password.xlsx", corpus("bad/password.xlsx"), 422, "UnreadableDocument", "захищений паролем"],
      ["bad/image-only.pdf", corpus("bad/image-only.pdf"), 422, "UnreadableDocument", "потрібне розпізнавання тексту (OCR)"],
      ["bad/no-plan-columns.docx", corpus("bad/no-plan-columns.docx"), 422, "UnrecognisedDocument", "заголовки «ПІБ», «Посада», «Телефон», «Кабінет»"],
    ];
    for (const [name, bytes, status, code, reason] of cases) {
      const res = await send(node, "POST", "/api/v1/plans", { role: "editor", body: bytes, headers: { "content-type": "application/octet-stream" } });
      const problem = (await res.json()) as Problem;
      expect([name, res.status, problem.code, res.headers.get("content-type")]).toEqual([name, status, code, "application/problem+json"]);
      expect(problem.reason).toContain(reason);
    }
    const unnamed = (await (
      await send(node, "POST", "/api/v1/plans/parse", { role: "editor", body: corpus("bad/unnamed-columns.docx"), headers: { "content-type": DOCX } })
    ).json()) as Problem;
    expect(unnamed.headers).toEqual(["№", "Справа", "Хто", "Коли"]);
    expect(await node.log()).toEqual(before);
  });

  it("a file over 25 MiB is refused from its declared length; a person's columns come as ?columns=, checked", async () => {
    const huge = await send(node, "POST", "/api/v1/plans/parse", {
      role: "editor",
      body: new Uint8Array(26 * 1024 * 1024),
      headers: { "content-type": "application/pdf" },
    });
    expect(huge.status).toBe(413);
    const wrong = await send(node, "POST", "/api/v1/plans/parse?columns=label,what", { role: "editor", body: corpus("bad/unnamed-columns.docx"), headers: { "content-type": DOCX } });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as Problem).errors?.[0]?.path).toBe("columns");
    const read = await send(node, "POST", "/api/v1/plans/parse?columns=label,title,executors,term", {
      role: "editor",
      body: corpus("bad/unnamed-columns.docx"),
      headers: { "content-type": DOCX },
    });
    expect(read.status).toBe(200);
    const body = (await read.json()) as { reading: { assigned: boolean; measures: unknown[] } };
    expect(body.reading.assigned).toBe(true);
    expect(body.reading.measures).toHaveLength(3);
    // A reporter may not read files into plans, even without storing.
    expect((await send(node, "POST", "/api/v1/plans/parse", { role: "reporter", body: corpus("bad/unnamed-columns.docx"), headers: { "content-type": DOCX } })).status).toBe(403);
  });
});
