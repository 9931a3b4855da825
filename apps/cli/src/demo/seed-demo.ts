/**
 * @module Seeds the demo federation over the nodes' own HTTP API, as an operator would: adopts the four
 * documents on their owners, links № 328's measures to № 1003, and files sample quarterly reports. Every step
 * first looks at what the node already holds, so a second start adds nothing and an interrupted one resumes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { enrollOverHttp, syncOverHttp } from "@planledger/federation";
import { linkableFromTree, suggestLinks } from "@planledger/matching";
import type { PlanTree } from "@planledger/projections";
import type { DemoNode } from "./demo-nodes.js";
import { sampleProgress } from "./sample-progress.js";

export interface SeedOptions {
  readonly nodes: ReadonlyArray<DemoNode>;
  readonly dataDir: string;
  readonly fixturesDir: string;
  readonly log: (line: string) => void;
  readonly now?: Date;
  /** How many of the latest finished quarters of each plan get a sample report. */
  readonly quarters?: number;
  /** Suggested links below this score are left for a person to decide. */
  readonly minLinkScore?: number;
}

interface Client {
  readonly get: <T>(path: string) => Promise<{ status: number; body: T; version: number }>;
  readonly send: <T>(method: string, path: string, body?: unknown, options?: { ifMatch?: number; text?: boolean }) => Promise<{ status: number; body: T; version: number }>;
}

const clientOf = (node: DemoNode, token: string): Client => {
  const call = async <T>(method: string, path: string, body?: unknown, options: { ifMatch?: number; text?: boolean } = {}) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers["content-type"] = options.text ? "text/plain; charset=utf-8" : "application/json";
    if (options.ifMatch !== undefined) headers["if-match"] = `"${options.ifMatch}"`;
    const res = await fetch(`${node.url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: options.text ? String(body) : JSON.stringify(body) }),
    });
    const parsed = (await res.json()) as T;
    return { status: res.status, body: parsed, version: Number(res.headers.get("etag")?.replaceAll('"', "") ?? "0") };
  };
  return { get: (path) => call("GET", path), send: call };
};

const expectOk = <T>(what: string, res: { status: number; body: T }, ...ok: number[]): T => {
  if (!ok.includes(res.status)) throw new Error(`${what}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  return res.body;
};

/** Adopts a document unless its plan is already held; returns its plan id. */
const adopt = async (client: Client, text: string, parentPlanId: string | null): Promise<{ planId: string; fresh: boolean }> => {
  const query = parentPlanId === null ? "" : `?parentPlanId=${encodeURIComponent(parentPlanId)}`;
  const res = await client.send<{ planId: string; code?: string }>("POST", `/api/v1/plans${query}`, text, { text: true });
  if (res.status === 409 && res.body.code === "PlanAlreadyAdopted") return { planId: res.body.planId, fresh: false };
  return { planId: expectOk("adopt", res, 201).planId, fresh: true };
};

/** Links each child measure to its best-scoring parent measure, skipping measures already linked. */
const linkMeasures = async (child: Client, childPlanId: string, parent: { node: string; tree: PlanTree }, minScore: number) => {
  const got = await child.get<PlanTree>(`/api/v1/plans/${childPlanId}`);
  const tree = expectOk("plan tree", got, 200);
  let version = got.version;
  const linked = new Set(tree.sections.flatMap((s) => s.tasks.flatMap((t) => t.measures.filter((m) => m.parent !== null).map((m) => m.measureId))));
  let added = 0;
  for (const suggestion of suggestLinks(linkableFromTree(tree), linkableFromTree(parent.tree))) {
    if (suggestion.best === null || suggestion.best.score < minScore || linked.has(suggestion.measureId)) continue;
    const res = await child.send(
      "POST",
      `/api/v1/plans/${childPlanId}/measures/${suggestion.measureId}/link`,
      { parent: { node: parent.node, planId: parent.tree.id, measureId: suggestion.best.measureId } },
      { ifMatch: version },
    );
    expectOk(`link ${suggestion.measureId}`, res, 200);
    version = res.version;
    added++;
  }
  return added;
};

/** The latest `count` quarters that have ended by `now` and lie within the plan's period, oldest first. */
export const sampleQuarters = (period: { from: number | null; to: number | null }, now: Date, count: number) => {
  const current = now.getUTCFullYear() * 4 + Math.floor(now.getUTCMonth() / 3);
  let last = current - 1;
  if (period.to !== null) last = Math.min(last, period.to * 4 + 3);
  const first = Math.max(last - count + 1, period.from === null ? last - count + 1 : period.from * 4);
  const out: { year: number; quarter: number }[] = [];
  for (let q = first; q <= last; q++) out.push({ year: Math.floor(q / 4), quarter: (q % 4) + 1 });
  return { quarters: out, lastIsCurrent: last === current - 1 };
};

/** Files sample reports of a plan; the most recent quarter stays a draft when it has only just ended. */
const fileSamples = async (client: Client, planId: string, now: Date, count: number) => {
  const tree = expectOk("plan tree", await client.get<PlanTree>(`/api/v1/plans/${planId}`), 200);
  const { quarters, lastIsCurrent } = sampleQuarters(tree.period, now, count);
  let recorded = 0;
  for (const [i, { year, quarter }] of quarters.entries()) {
    const reportId = `${planId}.${year}-q${quarter}`;
    let report = await client.get<{ progress: { measureId: string }[]; state: string }>(`/api/v1/reports/${reportId}`);
    if (report.status === 404) {
      expectOk("draft", await client.send("POST", `/api/v1/plans/${planId}/reports`, { year, quarter }), 201);
      report = await client.get(`/api/v1/reports/${reportId}`);
    }
    const state = expectOk("report", report, 200);
    if (state.state !== "drafted") continue;
    const done = new Set(state.progress.map((p) => p.measureId));
    let version = report.version;
    for (const entry of sampleProgress(tree, year, quarter)) {
      if (done.has(entry.measureId)) continue;
      const res = await client.send("POST", `/api/v1/reports/${reportId}/progress`, entry, { ifMatch: version });
      expectOk(`progress ${entry.measureId}`, res, 200);
      version = res.version;
      recorded++;
    }
    const isLast = i === quarters.length - 1;
    if (!(isLast && lastIsCurrent) && version > 1) {
      expectOk("submit", await client.send("POST", `/api/v1/reports/${reportId}/submit`, undefined, { ifMatch: version }), 200);
    }
  }
  return { reports: quarters.length, recorded };
};

/**
 * Seeds every node; safe to run again on the same data.
 *
 * @example
 * await seedDemo({ nodes: demoNodes(8700), dataDir: "data/demo", fixturesDir: "fixtures/plans", log: console.log })
 */
export const seedDemo = async (options: SeedOptions): Promise<void> => {
  const now = options.now ?? new Date();
  const count = options.quarters ?? 4;
  const clients = new Map(
    options.nodes.map((n) => [n.nodeId, clientOf(n, readFileSync(join(options.dataDir, `${n.nodeId}.token`), "utf8").trim())]),
  );
  const plansByOrder = new Map<string, { node: string; planId: string }>();
  for (const node of options.nodes) {
    const client = clients.get(node.nodeId) as Client;
    for (const doc of node.documents) {
      const parent = doc.parentOrder === undefined ? null : (plansByOrder.get(doc.parentOrder) ?? null);
      const { planId, fresh } = await adopt(client, readFileSync(join(options.fixturesDir, doc.file), "utf8"), parent?.planId ?? null);
      plansByOrder.set(planId.split(".")[1] ?? planId, { node: node.nodeId, planId });
      options.log(`${node.nodeId}: ${fresh ? "прийнято / adopted" : "уже є / already held"} ${planId}`);
      if (parent !== null) {
        const parentClient = clients.get(parent.node) as Client;
        const parentTree = expectOk("parent tree", await parentClient.get<PlanTree>(`/api/v1/plans/${parent.planId}`), 200);
        const added = await linkMeasures(client, planId, { node: parent.node, tree: parentTree }, options.minLinkScore ?? 0.3);
        if (added > 0) options.log(`${node.nodeId}: пов'язано заходів / measures linked to ${parent.planId}: ${added}`);
      }
      const { reports, recorded } = await fileSamples(client, planId, now, count);
      if (recorded > 0) options.log(`${node.nodeId}: зразкові звіти / sample reports ${reports}, записів / entries ${recorded}`);
    }
  }
  await federate(options);
};

/**
 * Enrolls each node with its parent (once) and runs one sync round per child, deepest first, so the district's
 * log reaches the oblast before the oblast pushes its subtree to the national node. Later rounds run on the
 * nodes' own schedule.
 */
const federate = async (options: SeedOptions): Promise<void> => {
  const tokenOf = (nodeId: string) => readFileSync(join(options.dataDir, `${nodeId}.token`), "utf8").trim();
  const depth = (node: DemoNode): number => {
    const parent = options.nodes.find((n) => n.url === node.parentUrl);
    return parent === undefined ? 0 : 1 + depth(parent);
  };
  const children = options.nodes.filter((n) => n.parentUrl !== null).sort((a, b) => depth(b) - depth(a));
  for (const child of children) {
    const parent = options.nodes.find((n) => n.url === child.parentUrl);
    if (parent === undefined) continue;
    const endpoint = { url: child.url, adminToken: tokenOf(child.nodeId), nodeId: child.nodeId, level: child.level };
    if (await enrollOverHttp({ url: parent.url, adminToken: tokenOf(parent.nodeId), nodeId: parent.nodeId }, endpoint)) {
      options.log(`${child.nodeId}: приєднано до / enrolled with ${parent.nodeId}`);
    }
    const report = await syncOverHttp(endpoint);
    options.log(`${child.nodeId} → ${parent.nodeId}: ${report.error === null ? "синхронізовано / synced" : `синхронізацію не завершено / sync failed: ${report.error}`}`);
  }
};
