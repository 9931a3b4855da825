/**
 * `planledger demo` as an operator runs it: four node processes, every contract route answering on each,
 * Ctrl+C stopping them all, and a second start reusing the data without adding events.
 */
import type { ChildProcess } from "node:child_process";
import { freeBasePort, startDemoProcess, stopDemoProcess } from "@planledger/testing";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "planledger-demo-"));
const nodes = ["ukraine", "luhanska", "volynska", "novopskovskyi"] as const;

const startDemo = (base: number) => startDemoProcess(dir, base);
const stop = stopDemoProcess;

const get = async (url: string) => {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

let running: ChildProcess | undefined;
afterAll(async () => {
  if (running !== undefined && running.exitCode === null) await stop(running);
  rmSync(dir, { recursive: true, force: true });
});

describe("planledger demo", () => {
  it("runs the four nodes, answers every contract route, and reuses its data on a second start", async () => {
    const base = await freeBasePort();
    const first = startDemo(base);
    running = first.child;
    const printed = await first.ready;
    const events: Record<string, unknown> = {};
    for (const [i, node] of nodes.entries()) {
      const url = `http://127.0.0.1:${base + i}`;
      expect(printed).toContain(url);
      expect(existsSync(join(dir, `${node}.db`))).toBe(true);
      expect(readFileSync(join(dir, `${node}.token`), "utf8")).toMatch(new RegExp(`^pl_${node}_`));
      const health = await get(`${url}/health`);
      expect(health).toMatchObject({ status: 200, body: { node } });
      expect(Object.keys(health.body)).toEqual(expect.arrayContaining(["node", "level", "parent", "events", "lastSync"]));
      events[node] = health.body.events;
      const plans = (await get(`${url}/api/v1/plans`)).body.plans as { id: string; title: string | null; owner: string }[];
      for (const plan of plans) {
        const tree = await get(`${url}/api/v1/plans/${plan.id}`);
        expect(tree.status).toBe(200);
        const counts = tree.body.statusCounts as Record<string, number>;
        // Sample reports make some measures reported: the tree is not all "overdue"/"planned".
        expect((counts.done ?? 0) + (counts.inProgress ?? 0)).toBeGreaterThan(0);
        expect((await get(`${url}/api/v1/plans/${plan.id}/rollup`)).status).toBe(200);
      }
      // Own plans; after the demo's first sync a parent also holds its subtree's plans as replicas.
      const expected = { ukraine: 0, luhanska: 2, volynska: 1, novopskovskyi: 1 }[node];
      expect(plans.filter((p) => p.owner === node)).toHaveLength(expected);
    }
    const district = (await get(`http://127.0.0.1:${base + 3}/api/v1/plans/novopskovskyi.328.2019-10-16`)).body;
    const sections = district.sections as { tasks: { measures: { parent: { planId: string } | null }[] }[] }[];
    const linked = sections.flatMap((s) => s.tasks.flatMap((t) => t.measures)).filter((m) => m.parent?.planId === "luhanska.1003.2018-12-12");
    expect(linked.length).toBeGreaterThan(20);
    // After the demo's sync the oblast's roll-up of № 1003 includes the district's linked measures.
    const rollup = (await get(`http://127.0.0.1:${base + 1}/api/v1/plans/luhanska.1003.2018-12-12/rollup`)).body;
    const children = (rollup.measures as { children: { node: string }[] }[]).flatMap((m) => m.children);
    expect(children.filter((c) => c.node === "novopskovskyi").length).toBeGreaterThan(20);

    expect(await stop(first.child)).toBe(0);
    const second = startDemo(base);
    running = second.child;
    const again = await second.ready;
    expect(again).toContain("уже є / already held luhanska.1003.2018-12-12");
    for (const [i, node] of nodes.entries()) {
      expect((await get(`http://127.0.0.1:${base + i}/health`)).body.events).toBe(events[node]);
    }
    expect(await stop(second.child)).toBe(0);
  }, 600_000);
});
