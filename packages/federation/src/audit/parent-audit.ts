/**
 * @module `planledger audit verify --online`: asks the parent what it holds of this node's own log, and checks
 * that the log in this file still contains it. The parent verified and stored every event it holds (and witnessed
 * the checkpoint closing each batch), so its cursor — seq and hash — is a statement by someone else about this
 * log: a file cut below it, or rewritten at or before it (however well re-chained and re-signed with the node's
 * own key), no longer carries that hash at that seq.
 */
import { type EventStoreDatabase, type LogReader, type OpenedDatabase, ownNodeOf, selfOriginIn, sqliteLogReader, tablesIn } from "@planledger/event-store";
import { type Context, Effect, Either, Schema as S } from "effect";
import { CursorList } from "../protocol/messages.js";
import type { FederationTables } from "../store/federation-tables.js";

type Sqlite = Context.Tag.Service<typeof EventStoreDatabase>["sqlite"];

export type ParentAudit =
  /** The file has no parent to ask (a national node, or one never enrolled). */
  | { readonly _tag: "NoParent" }
  /** The parent could not be asked or did not answer as the protocol says; nothing was concluded. */
  | { readonly _tag: "Unreachable"; readonly parent: string; readonly url: string; readonly reason: string }
  | {
      readonly _tag: "Checked";
      readonly parent: string;
      readonly origin: string;
      /** What the parent holds of this origin. */
      readonly parentSeq: number;
      readonly parentHash: string | null;
      /** The head of this origin's log in the file. */
      readonly localSeq: number;
      /** Ukrainian first, then English; null when the file contains what the parent holds. */
      readonly problem: string | null;
    };

interface Uplink {
  readonly parent_id: string;
  readonly url: string;
  readonly token: string;
}

const base = (url: string): string => `${url.replace(/\/+$/, "")}/federation/v1`;

/**
 * Compares this file's own log with what its parent holds of it. Reads the file only; asks the parent over HTTP
 * with the child credential the file keeps (`GET /federation/v1/cursors`), bounded by `timeoutMs`.
 *
 * @example
 * const outcome = await auditAgainstParent(sqlite); // { _tag: "Checked", problem: null, … } when intact
 */
export const auditAgainstParent = async (
  sqlite: Sqlite,
  options: { readonly reader?: LogReader; readonly fetch?: typeof fetch; readonly timeoutMs?: number } = {},
): Promise<ParentAudit> => {
  const table = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'federation_uplink'").pluck().get();
  const uplink =
    table === undefined ? undefined : (sqlite.prepare("SELECT parent_id, url, token FROM federation_uplink LIMIT 1").get() as Uplink | undefined);
  return againstParent(uplink, ownNodeOf(sqlite)?.origin, options.reader ?? sqliteLogReader(sqlite), options);
};

/**
 * `auditAgainstParent` over any node database Kysely reaches (SQLite or PostgreSQL: `postgres` says which), its own
 * log through that database's event-store `reader`. Reads the database only; asks the parent as above.
 *
 * @example
 * const opened = await openForReading("postgres://planledger@127.0.0.1/district");
 * if (!("_tag" in opened)) await auditAgainstParentIn(opened.kysely, opened.backend.reader, true); // { _tag: "Checked", … }
 */
export const auditAgainstParentIn = async (
  store: OpenedDatabase["kysely"],
  reader: LogReader,
  postgres: boolean,
  options: { readonly fetch?: typeof fetch; readonly timeoutMs?: number } = {},
): Promise<ParentAudit> => {
  const kysely = store.withTables<FederationTables>();
  const uplink = (await tablesIn(store, postgres)).has("federation_uplink")
    ? await kysely.selectFrom("federation_uplink").select(["parent_id", "url", "token"]).limit(1).executeTakeFirst()
    : undefined;
  const self = await selfOriginIn(store);
  return againstParent(uplink, self, reader, options);
};

/** The question to the parent and the comparison, whichever engine the uplink and the log were read from. */
const againstParent = async (
  uplink: Uplink | undefined,
  self: string | undefined,
  reader: LogReader,
  options: { readonly fetch?: typeof fetch; readonly timeoutMs?: number },
): Promise<ParentAudit> => {
  if (uplink === undefined) return { _tag: "NoParent" };
  if (self === undefined) return { _tag: "NoParent" };
  const url = `${base(uplink.url)}/cursors`;
  const unreachable = (reason: string): ParentAudit => ({ _tag: "Unreachable", parent: uplink.parent_id, url, reason });
  let payload: unknown;
  try {
    const response = await (options.fetch ?? fetch)(url, {
      headers: { authorization: `Bearer ${uplink.token}`, accept: "application/json" },
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    if (!response.ok) return unreachable(`HTTP ${response.status}`);
    payload = await response.json();
  } catch (error) {
    return unreachable(error instanceof Error ? error.message : String(error));
  }
  const decoded = S.decodeUnknownEither(CursorList)(payload);
  if (Either.isLeft(decoded)) return unreachable("the answer is not a cursor list / відповідь — не список курсорів");
  const cursor = decoded.right.cursors.find((c) => c.origin === self) ?? { origin: self, seq: 0, hash: null };
  const localSeq = (await Effect.runPromise(reader.originHead(self)))?.seq ?? 0;
  const held = cursor.seq === 0 ? null : await Effect.runPromise(reader.hashAt(self, cursor.seq));
  const problem =
    cursor.seq === 0
      ? null
      : localSeq < cursor.seq
        ? `батьківський вузол ${uplink.parent_id} має журнал до seq ${cursor.seq}, а тут він закінчується на seq ${localSeq}: журнал обрізано / ` +
          `the parent ${uplink.parent_id} holds this log up to seq ${cursor.seq}, but here it ends at seq ${localSeq}: the log was cut`
        : held !== cursor.hash
          ? `подія seq ${cursor.seq} тут інша, ніж у батьківського вузла ${uplink.parent_id}: журнал переписано / ` +
            `the event at seq ${cursor.seq} here is not the one the parent ${uplink.parent_id} holds: the log was rewritten ` +
            `(parent ${String(cursor.hash).slice(0, 12)}…, here ${String(held).slice(0, 12)}…)`
          : null;
  return { _tag: "Checked", parent: uplink.parent_id, origin: self, parentSeq: cursor.seq, parentHash: cursor.hash, localSeq, problem };
};
