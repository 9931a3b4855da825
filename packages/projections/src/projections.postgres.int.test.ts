import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EventStore, PostgresDatabase } from "@planledger/event-store";
import { freshPostgresUrl } from "@planledger/event-store/testing/postgres";
import { Effect, Layer } from "effect";
import { NodeSql, projectionsBehaviour } from "./projections.behaviour.js";
import { Projections } from "./projections.service.js";

/** The store's pool, through its Kysely: the tests' SQL runs in the node's schema. */
const nodeSql = Layer.effect(
  NodeSql,
  Effect.map(PostgresDatabase, (db) => db.kysely),
);

projectionsBehaviour({
  name: "PostgreSQL",
  open: async () => {
    // A fresh schema on the run's server (`test-postgres.setup.ts`), and the node's key file beside nothing else.
    const url = await freshPostgresUrl();
    const dir = mkdtempSync(join(tmpdir(), "projections-pg-"));
    const key = join(dir, "luhanska.key");
    return {
      node: ({ receivedAt, now }) =>
        Layer.provideMerge(
          Layer.merge(Projections.postgres({ now }), nodeSql),
          EventStore.postgres({ url, nodeId: "luhanska", key, now: () => receivedAt, poolSize: 4 }),
        ),
      storeOnly: () => Layer.provideMerge(nodeSql, EventStore.postgres({ url, nodeId: "luhanska", key, poolSize: 2 })),
      close: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
  failReportWrites: [
    `CREATE FUNCTION fail_report() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$`,
    "CREATE TRIGGER fail_report BEFORE INSERT ON proj_report FOR EACH ROW EXECUTE FUNCTION fail_report()",
  ],
  allowReportWrites: ["DROP TRIGGER fail_report ON proj_report", "DROP FUNCTION fail_report()"],
  spoilTitle: (planId) =>
    `UPDATE proj_plan SET doc = jsonb_set(doc::jsonb, '{title}', '"зіпсовано"')::text WHERE plan_id = '${planId}'`,
});
