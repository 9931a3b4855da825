import { Effect } from "effect";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { childClient, loopbackFetch, openTestNode, type TestNode, tempDir } from "../testing/test-nodes.js";
import { auditAgainstParent } from "./parent-audit.js";

let temp: ReturnType<typeof tempDir>;
let oblast: TestNode;
let district: TestNode;

beforeEach(async () => {
  temp = tempDir();
  oblast = await openTestNode(temp.dir, "luhanska", "oblast");
  district = await openTestNode(temp.dir, "novopskovskyi", "district");
  const { token } = Effect.runSync(oblast.node.invite({ nodeId: "novopskovskyi", level: "district" }));
  const client = childClient(district, [oblast, district]);
  await client.join("http://luhanska", token);
  await district.record(6, "plan:novopskovskyi-328");
  await client.syncOnce();
  await district.record(2, "plan:novopskovskyi-328");
});

afterEach(async () => {
  for (const n of [oblast, district]) await n.close();
  temp.remove();
});


/** The district's file, as someone holding it (and its key) would change it, triggers dropped first. */
const tamper = (...statements: string[]) => {
  const db = district.database.sqlite;
  db.exec("DROP TRIGGER IF EXISTS events_no_update; DROP TRIGGER IF EXISTS events_no_delete");
  for (const statement of statements) db.exec(statement);
};
const audit = (node: TestNode) => auditAgainstParent(node.database.sqlite, { fetch: loopbackFetch([oblast, district]) });

describe("audit verify --online: the own log against what the parent holds of it", () => {
  it("finds the file holding what the parent holds, and more written since", async () => {
    expect(await audit(district)).toEqual({
      _tag: "Checked",
      parent: "luhanska",
      origin: "novopskovskyi",
      parentSeq: 6,
      parentHash: Effect.runSync(oblast.node.cursorOf("novopskovskyi")).hash,
      localSeq: 8,
      problem: null,
    });
  });

  it("catches a log cut below what the parent holds, checkpoints and all", async () => {
    tamper("DELETE FROM events WHERE origin = 'novopskovskyi' AND seq > 4", "DELETE FROM checkpoints WHERE seq > 4", "DELETE FROM verified_heads");
    const outcome = await audit(district);
    expect(outcome).toMatchObject({ _tag: "Checked", parentSeq: 6, localSeq: 4 });
    expect(outcome._tag === "Checked" && outcome.problem).toMatch(/журнал обрізано \/ .*up to seq 6, but here it ends at seq 4: the log was cut/);
  });

  it("catches a log rewritten at or before what the parent holds", async () => {
    tamper("UPDATE events SET hash = (CASE WHEN substr(hash, 1, 1) = 'f' THEN 'e' ELSE 'f' END) || substr(hash, 2) WHERE origin = 'novopskovskyi' AND seq = 6");
    const outcome = await audit(district);
    expect(outcome._tag === "Checked" && outcome.problem).toMatch(/журнал переписано \/ the event at seq 6 here is not the one the parent luhanska holds/);
  });

  it("says when there is no parent to ask, or when the parent does not answer", async () => {
    expect(await audit(oblast)).toEqual({ _tag: "NoParent" });
    const down = await auditAgainstParent(district.database.sqlite, {
      fetch: async () => {
        throw new Error("connect ECONNREFUSED");
      },
    });
    expect(down).toMatchObject({ _tag: "Unreachable", parent: "luhanska", reason: "connect ECONNREFUSED" });
  });
});
