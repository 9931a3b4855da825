import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EventStore, EventStoreDatabase } from "@planledger/event-store";
import { Effect, Layer } from "effect";
import { NodeSql, projectionsBehaviour } from "./projections.behaviour.js";
import { Projections } from "./projections.service.js";

/** The node file's own Kysely, beside the store's connection. */
const nodeSql = Layer.effect(
  NodeSql,
  Effect.map(EventStoreDatabase, (db) => db.kysely),
);

projectionsBehaviour({
  name: "SQLite",
  open: async () => {
    const dir = mkdtempSync(join(tmpdir(), "projections-int-"));
    const path = join(dir, "luhanska.db");
    return {
      node: ({ receivedAt, now }) =>
        Layer.provideMerge(Layer.merge(Projections.sqlite({ now }), nodeSql), EventStore.sqlite({ path, nodeId: "luhanska", now: () => receivedAt })),
      storeOnly: () => Layer.provideMerge(nodeSql, EventStore.sqlite({ path, nodeId: "luhanska" })),
      close: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
  failReportWrites: ["CREATE TRIGGER fail_report BEFORE INSERT ON proj_report BEGIN SELECT RAISE(ABORT, 'disk full'); END"],
  allowReportWrites: ["DROP TRIGGER fail_report"],
  spoilTitle: (planId) => `UPDATE proj_plan SET doc = json_set(doc, '$.title', 'зіпсовано') WHERE plan_id = '${planId}'`,
});
