/**
 * @module `planledger node rotate-key --db PATH`: a node's signing key rotated (issue #18). The old key signs the new
 * one (`KeyRotated` in the node's own log), checkpoints before the rotation stay under the old key and those after
 * it are signed by the new one; the parent learns the rotation from the next push (docs/federation.md, "Keys over
 * time / Ключі з часом"). Run with the node stopped: the running node holds the key in memory.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { EventStore, openSqlite, ownNodeOf, rotateNodeKey } from "@planledger/event-store";
import { Effect, Either } from "effect";
import { parseNodeOptions, requiredOption, UsageError } from "./node-options.js";

const usage = `Використання / usage:
  planledger node rotate-key --db PATH [--actor NAME] [--json]
  вузол має бути зупинений: ключ файлу PATH.key замінюється новим, старий лишається як PATH.key.retired-<час> /
  the node must be stopped: the key file PATH.key is replaced by a new one, the old one kept as PATH.key.retired-<time>
  коди виходу / exit: 0 ключ замінено / key rotated; 1 ротацію відхилено (ключ відкликано, база зайнята чи пошкоджена) /
                      rotation refused (the key is revoked, the database is in use or broken); 2 хибні вхідні дані / bad input`;

const valueOptions = new Set(["db", "actor"]);

/**
 * Whether another process (a running node) has the database open. In WAL mode every open connection holds a shared
 * lock on the file; an exclusive lock taken here fails while one does, and is let go at once.
 *
 * @example if (inUse("data/novopskovskyi.db")) … // the node is running
 */
export const inUse = (path: string): boolean => {
  const { sqlite } = openSqlite(path);
  try {
    sqlite.pragma("busy_timeout = 200");
    sqlite.pragma("locking_mode = EXCLUSIVE");
    // A read alone takes only a shared lock even in exclusive mode: a write transaction is what asks for it all.
    sqlite.exec("BEGIN EXCLUSIVE");
    sqlite.exec("COMMIT");
    return false;
  } catch (error) {
    if ((error as { code?: string }).code === "SQLITE_BUSY") return true;
    throw error;
  } finally {
    sqlite.close();
  }
};

/**
 * The node the database belongs to (its own key's origin), or null for a file that is not a node database.
 *
 * @example selfOf("data/novopskovskyi.db") // "novopskovskyi"
 */
export const selfOf = (path: string): string | null => {
  const { sqlite } = openSqlite(path, "readOnly");
  try {
    return ownNodeOf(sqlite)?.origin ?? null;
  } catch {
    return null;
  } finally {
    sqlite.close();
  }
};

/**
 * @example await run(["--db", "data/novopskovskyi.db"]) // 0; prints the new key and the seq it is in force from
 */
export const run = async (args: ReadonlyArray<string>): Promise<number> => {
  if (args[0] === "--help" || args[0] === "-h") {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  let db: string;
  let json: boolean;
  let actor: string | undefined;
  try {
    const parsed = parseNodeOptions(args, valueOptions);
    json = parsed.json;
    db = resolve(requiredOption(parsed.values, "db"));
    actor = parsed.values.actor;
    if (!existsSync(db)) throw new UsageError(`файлу ${db} немає / no such file ${db}`);
    if (!existsSync(`${db}.key`)) throw new UsageError(`ключа ${db}.key немає / no key file ${db}.key`);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`planledger node rotate-key: ${error.message}\n${usage}\n`);
    return 2;
  }
  const refuse = (message: string): number => {
    process.stderr.write(`planledger node rotate-key: ${message}\nключ не змінено / the key was not changed\n`);
    return 1;
  };
  const nodeId = selfOf(db);
  if (nodeId === null) {
    process.stderr.write(`planledger node rotate-key: ${db} не є базою вузла / is not a node database\n`);
    return 2;
  }
  if (inUse(db))
    return refuse(`базу ${db} відкрито іншим процесом — зупиніть вузол і повторіть / the database ${db} is open in another process — stop the node and run again`);
  const outcome = await Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const service = yield* EventStore;
        return yield* rotateNodeKey(service, `${db}.key`, actor ?? `admin@${nodeId}`);
      }),
    ).pipe(Effect.provide(EventStore.sqlite({ path: db, nodeId })), Effect.either),
  );
  if (Either.isLeft(outcome)) {
    const e = outcome.left;
    return refuse(
      e._tag === "KeyHistoryError"
        ? `${e.code}: ${e.reason}`
        : e._tag === "StoreOpenError"
          ? `базу не відкрито / the database did not open: ${e.reason}`
          : `журнал ${e.origin} пошкоджено / the log of ${e.origin} is broken (seq ${e.seq ?? "?"}): ${e.reason}`,
    );
  }
  const { rotation, retired, publicKey } = outcome.right;
  const fromSeq = rotation.entry.fromSeq;
  if (json) {
    process.stdout.write(`${JSON.stringify({ nodeId, publicKey, fromSeq, eventId: rotation.event.eventId, retired, sealedSeq: rotation.sealed?.seq ?? null }, null, 2)}\n`);
    return 0;
  }
  const lines = [
    `ключ замінено / key rotated: ${nodeId} (${db})`,
    `  новий ключ / new key: ${publicKey}`,
    `  чинний від seq / in force from seq ${fromSeq} (KeyRotated ${rotation.event.eventId}, підписано старим ключем / signed by the old key)`,
    ...(rotation.sealed === null ? [] : [`  контрольні точки до seq ${rotation.sealed.seq} лишаються під старим ключем / checkpoints up to seq ${rotation.sealed.seq} stay under the old key`]),
    ...(retired === null ? [] : [`  старий ключ збережено / old key kept: ${retired}`]),
    "  батьківський вузол дізнається про ротацію з наступного надсилання / the parent learns of the rotation at the next push",
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  return 0;
};
