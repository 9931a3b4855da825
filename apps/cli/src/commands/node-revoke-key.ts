/**
 * @module `planledger node revoke-key`: a key reported compromised, revoked from a seq (issue #18). At the parent, as
 * the authority (`POST /federation/v1/children/revoke-key`, the parent admin's token in `PLANLEDGER_TOKEN`): the
 * child's later checkpoints signed by that key are refused (`KeyRevoked`, 403). Or in a stopped node's own database
 * (`--db`): `audit verify` then flags every checkpoint that key signed from that seq on (docs/federation.md, "Keys
 * over time / Ключі з часом").
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { EventStore } from "@planledger/event-store";
import { Effect, Either } from "effect";
import { parseNodeOptions, requiredOption, UsageError } from "./node-options.js";
import { inUse, selfOf } from "./node-rotate-key.js";

const usage = `Використання / usage:
  PLANLEDGER_TOKEN=<токен адміністратора батьківського вузла / the parent admin's token> \\
  planledger node revoke-key --parent URL --node ID --from-seq N --reason "…" [--public-key BASE64]
  planledger node revoke-key --db PATH --from-seq N --reason "…" [--public-key BASE64]
  --parent URL      батьківський вузол відкликає ключ вузла ID нижче себе / the parent revokes a key of node ID below it
  --db PATH         вузол відкликає власний ключ у своїй базі (вузол має бути зупинений) /
                    a node revokes its own key in its database (the node must be stopped)
  --public-key      ключ, що відкликається; без нього — ключ, чинний на seq N / the key revoked; without it, the key in force at seq N
  коди виходу / exit: 0 відкликано / revoked; 1 відмову отримано (ключ уже відкликано, seq поза журналом, база зайнята) /
                      refused (already revoked, seq beyond the log, the database in use); 2 хибні вхідні дані / bad input`;

const valueOptions = new Set(["parent", "node", "db", "public-key", "from-seq", "reason"]);

interface Revocation {
  readonly nodeId: string;
  readonly publicKey: string;
  readonly fromSeq: number;
  readonly eventId: string;
  readonly where: string;
}

const describe = (r: Revocation): string =>
  [
    `ключ відкликано / key revoked: ${r.nodeId} з seq / from seq ${r.fromSeq} (${r.where})`,
    `  ключ / key: ${r.publicKey}`,
    `  KeyRevoked ${r.eventId}; контрольні точки цього ключа з seq ${r.fromSeq} відхиляються / this key's checkpoints from seq ${r.fromSeq} on are refused`,
  ].join("\n");

/** At the parent, over HTTP: the problem body's title and detail when it refuses. */
const atParent = async (parent: string, token: string, body: Record<string, unknown>): Promise<Either.Either<Revocation, string>> => {
  const answer = await fetch(`${parent.replace(/\/$/, "")}/federation/v1/children/revoke-key`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const text = await answer.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Not JSON (a proxy's page): the status says enough.
  }
  if (!answer.ok)
    return Either.left(
      `HTTP ${answer.status} ${String(parsed.code ?? "")}: ${String(parsed.title ?? text.slice(0, 200))}${parsed.detail === undefined ? "" : ` — ${String(parsed.detail)}`}`,
    );
  const entry = parsed.entry as { publicKey: string; revokedFromSeq: number };
  return Either.right({ nodeId: String(parsed.nodeId), publicKey: entry.publicKey, fromSeq: entry.revokedFromSeq, eventId: String(parsed.eventId), where: parent });
};

/** In the node's own database, the node stopped. */
const inOwnDb = async (db: string, request: { fromSeq: number; reason: string; publicKey?: string }): Promise<Either.Either<Revocation, string>> => {
  const nodeId = selfOf(db);
  if (nodeId === null) return Either.left(`${db} не є базою вузла / is not a node database`);
  if (inUse(db)) return Either.left(`базу ${db} відкрито іншим процесом — зупиніть вузол / the database ${db} is open in another process — stop the node`);
  const outcome = await Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const service = yield* EventStore;
        return yield* service.revokeKey({ origin: nodeId, ...request, actor: `admin@${nodeId}` });
      }),
    ).pipe(Effect.provide(EventStore.sqlite({ path: db, nodeId })), Effect.either),
  );
  if (Either.isLeft(outcome)) {
    const e = outcome.left;
    return Either.left(
      e._tag === "KeyHistoryError" ? `${e.code}: ${e.reason}` : e._tag === "StoreOpenError" ? `базу не відкрито / the database did not open: ${e.reason}` : `${e.origin}: ${e.reason}`,
    );
  }
  const { entry, event } = outcome.right;
  return Either.right({ nodeId, publicKey: entry.publicKey, fromSeq: entry.revokedFromSeq ?? request.fromSeq, eventId: event.eventId, where: db });
};

/**
 * @example await run(["--parent", "http://127.0.0.1:8701", "--node", "novopskovskyi", "--from-seq", "41", "--reason", "ноутбук викрадено"])
 */
export const run = async (args: ReadonlyArray<string>): Promise<number> => {
  if (args[0] === "--help" || args[0] === "-h") {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  let job: () => Promise<Either.Either<Revocation, string>>;
  let json: boolean;
  try {
    const parsed = parseNodeOptions(args, valueOptions);
    json = parsed.json;
    const { values } = parsed;
    const seqText = requiredOption(values, "from-seq");
    const fromSeq = Number(seqText);
    if (!/^[1-9][0-9]*$/.test(seqText) || !Number.isSafeInteger(fromSeq)) throw new UsageError(`--from-seq: ціле ≥ 1 / a whole number ≥ 1, got "${seqText}"`);
    const reason = requiredOption(values, "reason");
    const publicKey = values["public-key"];
    const request = { fromSeq, reason, ...(publicKey === undefined ? {} : { publicKey }) };
    if ((values.parent === undefined) === (values.db === undefined)) throw new UsageError("потрібен або --parent, або --db / give either --parent or --db");
    if (values.db !== undefined) {
      if (values.node !== undefined) throw new UsageError("--db: вузол відкликає лише власний ключ, --node зайвий / --db revokes the node's own key: no --node");
      const db = resolve(values.db);
      if (!existsSync(db)) throw new UsageError(`файлу ${db} немає / no such file ${db}`);
      job = () => inOwnDb(db, request);
    } else {
      const parent = requiredOption(values, "parent");
      if (!/^https?:\/\/[^\s]+$/.test(parent)) throw new UsageError(`--parent: не адреса http(s) / not an http(s) URL: ${parent}`);
      const nodeId = requiredOption(values, "node");
      if (!/^[a-z][a-z0-9-]{0,62}$/.test(nodeId)) throw new UsageError(`--node: некоректний id вузла / not a node id: ${nodeId}`);
      const token = (process.env.PLANLEDGER_TOKEN ?? "").trim();
      if (token === "") throw new UsageError("потрібен PLANLEDGER_TOKEN: токен адміністратора батьківського вузла / PLANLEDGER_TOKEN is required: the parent admin's token");
      job = () => atParent(parent, token, { nodeId, ...request });
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`planledger node revoke-key: ${error.message}\n${usage}\n`);
    return 2;
  }
  const outcome = await job();
  if (Either.isLeft(outcome)) {
    process.stderr.write(`planledger node revoke-key: відмова / refused: ${outcome.left}\nнічого не змінено / nothing was changed\n`);
    return 1;
  }
  process.stdout.write(`${json ? JSON.stringify(outcome.right, null, 2) : describe(outcome.right)}\n`);
  return 0;
};
