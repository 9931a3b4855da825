/**
 * @module `planledger node restore`, the whole of it (docs/federation.md, "Restoring a lost node / Відновлення
 * втраченого вузла"): read the lost node's log and its witnessed checkpoint from a node that holds them, verify them,
 * have the parent authorise a new key from the seq after the last one recovered, and write a new database holding the
 * log, the new key, the parent's enrollment and a `NodeRestored` event at that seq — into a temporary file renamed into
 * place only once all of it succeeded. A failure leaves no database behind, and a file that appeared at the database's
 * path meanwhile is never replaced.
 */
import { existsSync, linkSync, renameSync, rmSync } from "node:fs";
import { EventStore, EventStoreDatabase, generateNodeKey, writeRestoredLog } from "@planledger/event-store";
import { problemCode } from "@planledger/problem";
import { Data, Effect, Either, ManagedRuntime, Schema as S } from "effect";
import { makeSyncClient } from "../client/sync-client.js";
import { openFederationNode } from "../node/federation-node.js";
import type { ReplicatedEvent } from "../protocol/replicated-event.js";
import { WireEvents } from "../protocol/wire-events.js";
import { RestoreAuthorised, type RestoreRequest, RestoreSource } from "./restore-messages.js";
import { type RestorePins, verifyRestore } from "./verify-restore.js";

/** Why a restore stopped; nothing was written. `authorised`: the parent had already taken the new key (run it again). */
export class RestoreFailed extends Data.TaggedError("RestoreFailed")<{
  /** `input`, `source`, `log`, `verify`, `authorise`, `write`. */
  readonly step: string;
  readonly detail: string;
  /** The HTTP status and problem code of the node that refused, when one did. */
  readonly status?: number;
  readonly code?: string;
  readonly authorised: boolean;
}> {}

export interface RestoreOptions {
  /** The lost node's parent: it authorises the new key. */
  readonly parentUrl: string;
  /** The parent admin's API token. */
  readonly token: string;
  readonly nodeId: string;
  /** The new database; it and `<dbPath>.key` must not exist. */
  readonly dbPath: string;
  /** The node to read the log from, when not the parent (a grandparent that holds a replica), and a token of it. */
  readonly holderUrl?: string;
  readonly holderToken?: string;
  readonly pins?: RestorePins;
  readonly reason?: string;
  readonly fetch?: typeof fetch;
  /** Events per page of the log read (at most the holder's 5000). */
  readonly pageSize?: number;
}

export interface RestoreOutcome {
  readonly nodeId: string;
  readonly dbPath: string;
  readonly keyPath: string;
  readonly holder: string;
  readonly parent: string;
  /** The last seq recovered: the holder's witnessed checkpoint. */
  readonly recoveredSeq: number;
  readonly recoveredHash: string;
  readonly root: string;
  /** The restored node's next seq: its `NodeRestored` event. */
  readonly fromSeq: number;
  readonly publicKey: string;
  readonly previousKey: string;
  /** Where the new database keeps its parent (it enrolled there with the new key). */
  readonly parentUrl: string;
  /** When the holder last stored a batch of the node's log: what the old machine wrote after that is lost. */
  readonly lastReceivedAt: string | null;
  /** How many events are known lost (a head the node reported beyond what it pushed); null when it cannot be known. */
  readonly lost: number | null;
  readonly parentEventId: string | null;
  readonly restoredEventId: string;
}

/** The stream of a node's own log where its restoration is recorded (as the parent records it in its own). */
const restoreStream = (nodeId: string): string => `enrollment:${nodeId}`;

const trimmed = (url: string): string => url.replace(/\/+$/, "");

/**
 * Restores `nodeId` from its parent (or another holder) into a new database at `dbPath`.
 *
 * @example
 * const outcome = await restoreNode({ parentUrl: "http://127.0.0.1:8701", token, nodeId: "novopskovskyi", dbPath: "data/novopskovskyi.db" })
 * if (Either.isRight(outcome)) console.log(outcome.right.recoveredSeq) // 1000
 */
export const restoreNode = async (options: RestoreOptions): Promise<Either.Either<RestoreOutcome, RestoreFailed>> => {
  const { nodeId, dbPath, token } = options;
  const doFetch = options.fetch ?? fetch;
  const parentUrl = trimmed(options.parentUrl);
  const holderUrl = trimmed(options.holderUrl ?? options.parentUrl);
  const holderToken = options.holderToken ?? token;
  let authorised = false;
  const failed = (step: string, detail: string, more: { status?: number; code?: string } = {}): Either.Either<never, RestoreFailed> =>
    Either.left(new RestoreFailed({ step, detail, authorised, ...more }));

  if (existsSync(dbPath) || existsSync(`${dbPath}.key`))
    return failed("input", `${dbPath} вже існує: відновлення пише лише нову базу / already exists: a restore writes only a new database`);

  /** An answer's JSON, or the failure naming the node's problem (`code`, title, detail). */
  const call = async (
    step: string,
    url: string,
    bearer: string,
    init: { method?: string; body?: unknown } = {},
  ): Promise<Either.Either<unknown, RestoreFailed>> => {
    let res: Response;
    try {
      res = await doFetch(url, {
        method: init.method ?? "GET",
        headers: { authorization: `Bearer ${bearer}`, accept: "application/json", ...(init.body === undefined ? {} : { "content-type": "application/json" }) },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });
    } catch (error) {
      return failed(step, `${url}: немає з'єднання / cannot connect: ${error instanceof Error ? error.message : String(error)}`);
    }
    const payload = (await res.json().catch(() => null)) as Record<string, unknown> | null;
    if (!res.ok) {
      const code = problemCode(payload);
      const said = [payload?.title, payload?.detail].filter((p) => p !== undefined && p !== null).map(String).join(": ");
      return failed(step, `${init.method ?? "GET"} ${url}: HTTP ${res.status} ${said}`.trim(), { status: res.status, ...(code === undefined ? {} : { code }) });
    }
    return Either.right(payload as unknown);
  };

  // 1. What the holder states of the node's log: its witnessed checkpoint, the note, the keys.
  const sourceAnswer = await call("source", `${holderUrl}/federation/v1/restore?node=${encodeURIComponent(nodeId)}`, holderToken);
  if (Either.isLeft(sourceAnswer)) return Either.left(sourceAnswer.left);
  const source = S.decodeUnknownEither(RestoreSource)(sourceAnswer.right);
  if (Either.isLeft(source)) return failed("source", `${holderUrl}: відповідь не є RestoreSource / the answer is not a RestoreSource`);
  const seq = source.right.checkpoint.seq;

  // 2. The log itself, 1…S, a page at a time through the auditor's route.
  const pageSize = Math.min(options.pageSize ?? 5000, 5000);
  const events: ReplicatedEvent[] = [];
  while (events.length < seq) {
    const from = events.length + 1;
    const limit = Math.min(pageSize, seq - events.length);
    const page = await call("log", `${holderUrl}/api/v1/audit/origins/${encodeURIComponent(nodeId)}/log?from=${from}&limit=${limit}`, holderToken);
    if (Either.isLeft(page)) return Either.left(page.left);
    const decoded = S.decodeUnknownEither(WireEvents)((page.right as { events?: unknown }).events);
    if (Either.isLeft(decoded)) return failed("log", `${holderUrl}: сторінка журналу з seq ${from} некоректна / the log page from seq ${from} is malformed`);
    if (decoded.right.length === 0) return failed("log", `${holderUrl}: журнал закінчується на seq ${from - 1}, а не ${seq} / the log ends at seq ${from - 1}, not ${seq}`);
    events.push(...decoded.right.slice(0, seq - events.length));
  }

  // 3. Verified, or nothing happens at all.
  const verified = verifyRestore(source.right, events, { nodeId, ...(options.pins === undefined ? {} : { pins: options.pins }) });
  if (Either.isLeft(verified)) return failed("verify", verified.left.detail, { code: verified.left.step });

  // 4. The parent authorises the new key from S + 1 and revokes the old one there.
  const key = generateNodeKey();
  const request: RestoreRequest = {
    nodeId,
    seq,
    hash: verified.right.hash,
    publicKey: key.publicKey,
    ...(options.reason === undefined ? {} : { reason: options.reason }),
  };
  const answer = await call("authorise", `${parentUrl}/federation/v1/restore`, token, { method: "POST", body: request });
  if (Either.isLeft(answer)) return Either.left(answer.left);
  const granted = S.decodeUnknownEither(RestoreAuthorised)(answer.right);
  if (Either.isLeft(granted)) return failed("authorise", `${parentUrl}: відповідь не є RestoreAuthorised / the answer is not a RestoreAuthorised`);
  authorised = true;

  // 5. The new database, beside its final place (one file system, so the rename is atomic), then renamed into it.
  const temp = `${dbPath}.restoring-${process.pid}-${Date.now()}`;
  const removeTemp = () => {
    for (const suffix of ["", ".key", "-wal", "-shm"]) rmSync(`${temp}${suffix}`, { force: true });
  };
  let placedKey = false;
  try {
    const restoredAt = new Date().toISOString();
    await writeRestoredLog({
      path: temp,
      nodeId,
      key,
      events,
      checkpoints: [verified.right.checkpoint],
      nodeKeys: [
        { origin: source.right.source.nodeId, publicKey: source.right.source.publicKey },
        { origin: granted.right.authority.nodeId, publicKey: granted.right.authority.publicKey },
      ],
      keyHistory: granted.right.keys,
      receivedAt: restoredAt,
    });
    const runtime = ManagedRuntime.make(EventStore.sqlite({ path: temp, nodeId }));
    let restoredEventId: string;
    let parentId = "";
    try {
      const [store, database] = await runtime.runPromise(Effect.all([EventStore, EventStoreDatabase]));
      const node = await openFederationNode({ self: { nodeId, level: source.right.node.level }, store, database, key });
      const client = makeSyncClient(node, options.fetch === undefined ? {} : { fetch: options.fetch });
      parentId = (await client.join(parentUrl, granted.right.token)).parent.nodeId;
      // What the holder countersigned, kept as a child keeps its parent's countersignatures (audit verify checks them).
      node.keepWitness(verified.right.checkpoint, verified.right.checkpoint);
      const cosignature = verified.right.note.split("\n").find((l) => l.startsWith(`— planledger/${source.right.source.nodeId} `));
      if (cosignature !== undefined) node.keepCosignature(nodeId, seq, `${cosignature}\n`, source.right.source.nodeId);
      const appended = await runtime.runPromise(
        store.append(
          restoreStream(nodeId),
          [
            {
              type: "NodeRestored",
              data: {
                nodeId,
                recoveredSeq: seq,
                recoveredHash: verified.right.hash,
                root: verified.right.root,
                holder: source.right.source.nodeId,
                authorisedBy: parentId,
                publicKey: key.publicKey,
                previousKey: granted.right.previousKey,
                lastReceivedAt: source.right.lastReceivedAt,
                lost: lostOf(source.right),
                parentEventId: granted.right.eventId,
                restoredAt,
              },
            },
          ],
          { expectedVersion: "any", actor: `admin@${parentId}` },
        ),
      );
      restoredEventId = appended.events[0]?.eventId ?? "";
    } finally {
      await runtime.dispose();
    }
    // Into place by hard links, which fail rather than replace a file that appeared meanwhile (a rename would
    // replace it); the key first: a database without its key file would make a new key on its next start.
    linkSync(`${temp}.key`, `${dbPath}.key`);
    placedKey = true;
    linkSync(temp, dbPath);
    for (const suffix of ["-wal", "-shm"]) if (existsSync(`${temp}${suffix}`)) renameSync(`${temp}${suffix}`, `${dbPath}${suffix}`);
    removeTemp();
    return Either.right({
      nodeId,
      dbPath,
      keyPath: `${dbPath}.key`,
      holder: source.right.source.nodeId,
      parent: parentId,
      parentUrl,
      recoveredSeq: seq,
      recoveredHash: verified.right.hash,
      root: verified.right.root,
      fromSeq: seq + 1,
      publicKey: key.publicKey,
      previousKey: granted.right.previousKey,
      lastReceivedAt: source.right.lastReceivedAt,
      lost: lostOf(source.right),
      parentEventId: granted.right.eventId,
      restoredEventId,
    });
  } catch (error) {
    removeTemp();
    if (placedKey) rmSync(`${dbPath}.key`, { force: true });
    return failed(
      "write",
      `нову базу не записано / the new database was not written: ${error instanceof Error ? error.message : String(error)}. ` +
        `Батьківський вузол уже прийняв новий ключ: запустіть відновлення ще раз / the parent already took the new key: run the restore again`,
    );
  }
};

/** Events known lost: a head the node reported beyond its last push, when the holder knows one. */
const lostOf = (source: RestoreSource): number | null =>
  source.laterHead === null ? null : Math.max(0, source.laterHead.seq - source.checkpoint.seq);
