/**
 * @module Merkle proofs read from a node database file without writing to it, as `planledger audit prove` and
 * `planledger audit consistency` give them: for the node's own log with its C2SP checkpoints, signed with the
 * node's key file; for a replicated origin with what the node holds of it (its JSON checkpoints), since a C2SP
 * note of that log would need the origin's own key.
 */
import { Effect, Either } from "effect";
import { type AuditConnection, type ReadOutcome, ownNodeOf, readNodeDatabase } from "./audit-database.js";
import type { Checkpoint } from "./checkpoint.js";
import type { LogReader } from "./log-reader.js";
import { consistencyProofOf, inclusionProofOf, tlogCheckpointOf } from "./log-tree.js";
import { lastInteriorPosition } from "./merkle/node-position.js";
import { readNodeKey } from "./node-key.js";
import { sqliteLogReader } from "./sqlite-backend.js";

/** `audit prove`'s answer: the leaf, its audit path and what signs the root. */
export interface ProvedEvent {
  readonly origin: string;
  readonly eventId: string;
  /** Base64 of the exact leaf bytes (`leafEntry`). */
  readonly entry: string;
  readonly leafIndex: number;
  readonly treeSize: number;
  /** The audit path, hex, leaf end first. */
  readonly proof: ReadonlyArray<string>;
  /** The root the path leads to, hex. */
  readonly root: string;
  /** The C2SP signed note of the tree at `treeSize` (the node's own log); null for a replicated origin. */
  readonly checkpoint: string | null;
  /** The C2SP verifier key of the note's signer; null for a replicated origin. */
  readonly verifierKey: string | null;
  /** C2SP verifier keys (tlog-cosignature/v1) of the witnesses whose lines the note carries, when their keys are held. */
  readonly witnesses?: ReadonlyArray<string>;
  /** A replicated origin's latest JSON checkpoint held here (null if none), signed by the origin's own key. */
  readonly jsonCheckpoint?: Checkpoint | null;
  /** A replicated origin's public key as registered here (base64 SPKI DER). */
  readonly originPublicKey?: string | null;
  /** What the answer can and cannot prove, when it is about a replicated origin. */
  readonly note?: string;
}

/** `audit consistency`'s answer. */
export interface ProvedConsistency {
  readonly origin: string;
  readonly fromSize: number;
  readonly toSize: number;
  readonly proof: ReadonlyArray<string>;
  readonly fromRoot: string;
  readonly toRoot: string;
  /** The C2SP notes at both sizes for the own log; the JSON checkpoints held at exactly those seqs (or null) for a replica. */
  readonly fromCheckpoint: string | Checkpoint | null;
  readonly toCheckpoint: string | Checkpoint | null;
  readonly verifierKey: string | null;
  /** C2SP verifier keys (tlog-cosignature/v1) of the witnesses whose lines either note carries, when their keys are held. */
  readonly witnesses?: ReadonlyArray<string>;
  readonly note?: string;
}

/**
 * What else the file keeps for one signed tree head of the node's own log — the federation's tlog-cosignature/v1
 * lines (parent, named witnesses): the note with them added, as the node serves it, and the cosigners' verifier
 * keys. The event store does not know the federation's tables; the caller brings this (`cosignedNoteInFile`).
 */
export type NoteCosigning = (
  connection: AuditConnection,
  head: { readonly origin: string; readonly size: number; readonly root: string; readonly note: string },
) => { readonly note: string; readonly witnesses: ReadonlyArray<string> };

const uncosigned: NoteCosigning = (_connection, head) => ({ note: head.note, witnesses: [] });

/** A request the database cannot answer, in one line, Ukrainian first: the CLI's exit 2. */
export interface ProofRefused {
  readonly _tag: "ProofRefused";
  readonly message: string;
}

const refused = (message: string): Either.Either<never, ProofRefused> => Either.left({ _tag: "ProofRefused", message });

/** The node this database belongs to, and its key from the key file beside it (never created here). */
const ownNode = (connection: AuditConnection) => {
  const self = ownNodeOf(connection.sqlite);
  if (self === undefined) return refused("у базі немає ключа власного вузла / the database names no own node key");
  return Either.right({ origin: self.origin, public_key: self.publicKey });
};

const signingKey = (path: string, self: { origin: string; public_key: string }) => {
  const keyPath = `${path}.key`;
  let key: ReturnType<typeof readNodeKey>;
  try {
    key = readNodeKey(keyPath);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return refused(`ключ вузла ${keyPath} недоступний, підписати контрольну точку неможливо / node key ${keyPath} unavailable, cannot sign the checkpoint: ${reason}`);
  }
  if (key.publicKey !== self.public_key)
    return refused(`ключ ${keyPath} не є ключем вузла ${self.origin} / ${keyPath} is not the key of node ${self.origin}`);
  return Either.right(key);
};

/** The trees must exist and be in step with the log: a file no node of this version has opened has none. */
const treeReady = (connection: AuditConnection, reader: LogReader, origin: string): Either.Either<void, ProofRefused> => {
  const notBuilt = "дерева Меркла ще не побудовано — запустіть вузол один раз / the Merkle trees are not built yet: start the node once";
  if (!connection.tables.has("tree_nodes")) return refused(notBuilt);
  const head = Effect.runSync(reader.originHead(origin));
  if (Effect.runSync(reader.lastTreePosition(origin)) !== lastInteriorPosition(head?.seq ?? 0)) return refused(`${notBuilt} (${origin})`);
  return Either.right(undefined);
};

const replicaNote = (origin: string, treeSize: number, checkpoint: Checkpoint | null): string =>
  `${origin} — журнал іншого вузла, збережений тут: підписана нотатка C2SP його дерева потребує ключа самого ${origin}, тож доказ дано ` +
  `з останньою JSON-контрольною точкою ${origin}, підписаною його ключем${checkpoint === null ? " (її ще немає)" : ` (seq ${checkpoint.seq}, хеш ланцюга)`}; ` +
  `корінь дерева розміру ${treeSize} обчислено цим вузлом / ${origin} is another node's log held here: a C2SP note of its tree needs ` +
  `${origin}'s own key, so the proof comes with ${origin}'s latest JSON checkpoint, signed with its key` +
  `${checkpoint === null ? " (none held yet)" : ` (seq ${checkpoint.seq}, a chain hash)`}; the root of size ${treeSize} was computed by this node`;

/**
 * The inclusion proof of event `eventId` read from the database at `path`, at its origin's current size. For the
 * node's own log the tree head comes as a C2SP note signed with the key file beside the database (`<path>.key`);
 * for a replicated origin at the seq of its latest JSON checkpoint when that covers the event (so that the proof
 * and the checkpoint speak of one log prefix), with that checkpoint and a note saying what it proves. `cosign`
 * adds the cosignature lines the file keeps for the own log's note (see `NoteCosigning`).
 *
 * @example
 * const outcome = auditProve("data/demo/luhanska.db", eventId, cosignedNoteInFile);
 * if (outcome._tag === "Read" && Either.isRight(outcome.value)) console.log(JSON.stringify(outcome.value.right));
 */
export const auditProve = (
  path: string,
  eventId: string,
  cosign: NoteCosigning = uncosigned,
): ReadOutcome<Either.Either<ProvedEvent, ProofRefused>> =>
  readNodeDatabase(path, (connection) => {
    const reader = sqliteLogReader(connection.sqlite);
    return Either.gen(function* () {
      const self = yield* ownNode(connection);
      const leaf = Effect.runSync(reader.leafOf(eventId));
      if (leaf === undefined) return yield* refused(`події ${eventId} у журналі немає / no event ${eventId} in the log`);
      yield* treeReady(connection, reader, leaf.origin);
      const own = leaf.origin === self.origin;
      const jsonCheckpoint = own ? null : ((Effect.runSync(reader.checkpoints(leaf.origin)).at(-1) as Checkpoint | undefined) ?? null);
      const size = jsonCheckpoint !== null && jsonCheckpoint.seq >= leaf.seq ? jsonCheckpoint.seq : undefined;
      const proved = Effect.runSync(Effect.either(inclusionProofOf(reader, eventId, size)));
      if (Either.isLeft(proved)) return yield* refused(proved.left.message);
      const p = proved.right;
      const common = { origin: p.origin, eventId, entry: p.entry.toString("base64"), leafIndex: p.leafIndex, treeSize: p.treeSize, proof: p.proof, root: p.root };
      if (!own) {
        return {
          ...common,
          checkpoint: null,
          verifierKey: null,
          jsonCheckpoint,
          originPublicKey: Effect.runSync(reader.nodeKey(p.origin)) ?? null,
          note: replicaNote(p.origin, p.treeSize, jsonCheckpoint),
        };
      }
      const key = yield* signingKey(path, self);
      const signed = Effect.runSync(Effect.either(tlogCheckpointOf(reader, self.origin, key.privateKey, p.treeSize)));
      if (Either.isLeft(signed)) return yield* refused(signed.left.message);
      const cosigned = cosign(connection, { origin: self.origin, size: p.treeSize, root: p.root, note: signed.right.note });
      return { ...common, checkpoint: cosigned.note, verifierKey: signed.right.verifierKey, witnesses: cosigned.witnesses };
    });
  });

/**
 * The consistency proof between sizes `fromSize` and `toSize` of `origin`'s tree, read from the database at `path`,
 * with both tree heads: C2SP notes signed with the node's key file for its own log, the JSON checkpoints held at
 * exactly those seqs (when held) for a replicated origin. `origin` is a node id, or the C2SP origin line
 * `planledger/<node id>`. `cosign` adds the cosignature lines the file keeps for each of the own log's notes.
 *
 * @example
 * auditConsistency("data/demo/luhanska.db", "luhanska", 10, 42, cosignedNoteInFile)
 */
export const auditConsistency = (
  path: string,
  origin: string,
  fromSize: number,
  toSize: number,
  cosign: NoteCosigning = uncosigned,
): ReadOutcome<Either.Either<ProvedConsistency, ProofRefused>> =>
  readNodeDatabase(path, (connection) => {
    const reader = sqliteLogReader(connection.sqlite);
    const nodeId = origin.startsWith("planledger/") ? origin.slice("planledger/".length) : origin;
    return Either.gen(function* () {
      const self = yield* ownNode(connection);
      if (Effect.runSync(reader.originHead(nodeId)) === undefined)
        return yield* refused(`журналу походження ${origin} у базі немає / no log of origin ${origin} in the database`);
      yield* treeReady(connection, reader, nodeId);
      const proved = Effect.runSync(Effect.either(consistencyProofOf(reader, nodeId, fromSize, toSize)));
      if (Either.isLeft(proved)) return yield* refused(proved.left.message);
      const p = proved.right;
      const common = { origin: nodeId, fromSize, toSize, proof: p.proof, fromRoot: p.fromRoot, toRoot: p.toRoot };
      if (nodeId !== self.origin) {
        const at = (seq: number) => Effect.runSync(reader.checkpointAt(nodeId, seq)) ?? null;
        return {
          ...common,
          fromCheckpoint: at(fromSize),
          toCheckpoint: at(toSize),
          verifierKey: null,
          note:
            `${nodeId} — журнал іншого вузла: підписані нотатки C2SP його дерева потребують ключа самого ${nodeId}; дано JSON-контрольні точки, ` +
            `що зберігаються саме на цих seq (або null), і корені, обчислені цим вузлом / ${nodeId} is another node's log: C2SP notes of its tree ` +
            `need ${nodeId}'s own key; given are the JSON checkpoints held at exactly these seqs (or null) and the roots this node computed`,
        };
      }
      const key = yield* signingKey(path, self);
      const note = (size: number, root: string) => {
        const signed = Effect.runSync(tlogCheckpointOf(reader, self.origin, key.privateKey, size).pipe(Effect.orDie));
        return { ...cosign(connection, { origin: self.origin, size, root, note: signed.note }), verifierKey: signed.verifierKey };
      };
      const from = note(fromSize, p.fromRoot);
      const to = note(toSize, p.toRoot);
      return {
        ...common,
        fromCheckpoint: from.note,
        toCheckpoint: to.note,
        verifierKey: from.verifierKey,
        witnesses: [...new Set([...from.witnesses, ...to.witnesses])],
      };
    });
  });
