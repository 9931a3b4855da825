/**
 * @module The proof bundle of one plan's history (issue #16): every event of the plan's streams (the plan, its
 * quarterly reports, the reviews of those reports) with its exact leaf bytes and inclusion proof, one signed C2SP
 * checkpoint per origin log involved, the keys to check them, and optionally consistency proofs from sizes an
 * auditor kept — everything `verifier/planledger-verify.mjs` needs to check the history offline.
 */
import type { KeyObject } from "node:crypto";
import { Effect, Either, Schema as S } from "effect";
import { type AuditConnection, type ReadOutcome, ownNodeOf, readNodeDatabase } from "./audit-database.js";
import type { NoteCosigning } from "./audit-proofs.js";
import type { Checkpoint } from "./checkpoint.js";
import type { HashedFields } from "./hash-chain.js";
import type { TreeSizeError } from "./event-store.errors.js";
import type { LogReader } from "./log-reader.js";
import { type TlogCheckpointNote, consistencyProofOf, inclusionProofOf, tlogCheckpointOf, tlogOrigin } from "./log-tree.js";
import { COSIGNATURE_V1_TYPE, ed25519CosignatureVerifier, ed25519Cosigner } from "./merkle/cosignature.js";
import { lastInteriorPosition } from "./merkle/node-position.js";
import { type NoteSigner, ed25519NoteVerifier, ed25519PublicKey, parseSignedNote, verifierKey } from "./merkle/signed-note.js";
import { signTlogCheckpoint } from "./merkle/tlog-checkpoint.js";
import { readNodeKey } from "./node-key.js";
import { sqliteLogReader } from "./sqlite-backend.js";
import type { StoredEvent } from "./stored-event.js";

/** The first field of every bundle: names the format, so that a later one cannot be mistaken for it. */
export const PROOF_BUNDLE_FORMAT = "planledger-proof-bundle/v1";

/** An event's leaf in its origin's tree: the exact entry bytes (base64), where it is, and its audit path (hex). */
export interface BundleLeaf {
  readonly entry: string;
  readonly leafIndex: number;
  readonly proof: ReadonlyArray<string>;
}

/** One event of the plan's history: the envelope as its origin hashed it, and its leaf against its log's checkpoint. */
export interface BundleEvent extends HashedFields {
  readonly hash: string;
  readonly data: unknown;
  readonly leaf: BundleLeaf;
}

/** One origin log the plan's events are in, at the tree size every one of its proofs is against. */
export interface BundleLog {
  /** The node id. */
  readonly origin: string;
  /** The C2SP origin line and log key name, `planledger/<node id>`. */
  readonly logOrigin: string;
  readonly treeSize: number;
  /** The root at `treeSize`, hex. */
  readonly root: string;
  /**
   * The C2SP signed note of the tree at `treeSize`: signed by the log's own key for the exporting node's log (with
   * any cosignature the store holds); for another origin's log held here, which this node cannot sign as its
   * origin, cosigned by the exporting node (tlog-cosignature/v1) after it verified that log on arrival.
   */
  readonly checkpoint: string | null;
  /** The log's C2SP verifier key (its origin's Ed25519 key under `logOrigin`), when the origin's key is known here. */
  readonly verifierKey: string | null;
  /** The origin's public key as registered here, base64 SPKI DER (what its JSON checkpoints verify under). */
  readonly publicKey: string | null;
  /**
   * Another origin's log: its own JSON checkpoint at exactly `treeSize` (signed with its key over its chain hash
   * there) and that seq's leaf with its inclusion proof, which ties the signed chain hash to the tree's last leaf.
   */
  readonly originCheckpoint?: (Checkpoint & { readonly leaf: BundleLeaf }) | null;
  /** The RFC 9162 consistency proof from the tree of `fromSize` to this one, when the bundle was asked from that size. */
  readonly consistency?: { readonly fromSize: number; readonly fromRoot: string; readonly proof: ReadonlyArray<string> };
}

/** The bundle: one JSON document, checked offline by `planledger-verify.mjs`. */
export interface ProofBundle {
  readonly format: typeof PROOF_BUNDLE_FORMAT;
  readonly planId: string;
  /** The node that made the bundle and the moment it did. */
  readonly exportedBy: string;
  readonly exportedAt: string;
  /** The plan's streams found here, in the order of their first event. */
  readonly streams: ReadonlyArray<string>;
  readonly logs: ReadonlyArray<BundleLog>;
  /** C2SP verifier keys of the cosigners (tlog-cosignature/v1, type 0x04) whose lines the checkpoints carry. */
  readonly witnesses: ReadonlyArray<string>;
  /** The events, in the order this node holds them (its log position). */
  readonly events: ReadonlyArray<BundleEvent>;
  /** What the bundle cannot prove by itself, Ukrainian first; empty when nothing. */
  readonly notes: ReadonlyArray<string>;
}

/** Why no bundle can be made: an unknown plan (404), a bad `since` (400), a database that cannot give it (2). */
export class ProofBundleRefused extends S.TaggedError<ProofBundleRefused>()("ProofBundleRefused", {
  reason: S.Literal("plan", "since", "database"),
  message: S.String,
}) {}

/** "The proofs from this size on": a tree size an auditor kept of one origin's log (the plan's own when null). */
export interface SinceSize {
  readonly origin: string | null;
  readonly size: number;
}

/**
 * Reads `N` or `ORIGIN:N` (a node id or `planledger/<id>`, then a size ≥ 1), as `--since-size` and `?since=` take it.
 *
 * @example
 * parseSinceSize("luhanska:42") // Right({ origin: "luhanska", size: 42 })
 * parseSinceSize("42") // Right({ origin: null, size: 42 })
 */
export const parseSinceSize = (text: string): Either.Either<SinceSize, string> => {
  const colon = text.lastIndexOf(":");
  const origin = colon === -1 ? null : text.slice(0, colon).replace(/^planledger\//, "");
  const sizeText = text.slice(colon + 1);
  if (!/^[1-9][0-9]*$/.test(sizeText) || !Number.isSafeInteger(Number(sizeText)) || origin === "")
    return Either.left(`«${text}» — очікується N або ПОХОДЖЕННЯ:N, N ≥ 1 / "${text}": expected N or ORIGIN:N with N ≥ 1`);
  return Either.right({ origin, size: Number(sizeText) });
};

/** How the exporting node signs: its own log's notes, and (optionally) a cosignature over other origins' tree heads. */
export interface BundleSigning {
  /** This node's own log at `size` as a signed C2SP note (the store's `tlogCheckpoint`). */
  readonly ownCheckpoint: (size: number) => Effect.Effect<TlogCheckpointNote, TreeSizeError>;
  /** The exporting node's key as a tlog-cosignature/v1 cosigner; without it another origin's tree head comes unsigned. */
  readonly cosigner?: KeyObject;
  /**
   * The witnesses' tlog-cosignature/v1 lines kept for the own log's tree head (parent, named witnesses), added under
   * its note as the node serves it, with the verifier keys of those witnesses it holds; without it the note carries
   * the node's own signature only.
   */
  readonly cosign?: (head: { readonly origin: string; readonly size: number; readonly root: string; readonly note: string }) => Effect.Effect<{
    readonly note: string;
    readonly witnesses: ReadonlyArray<string>;
  }>;
}

const refused = (reason: ProofBundleRefused["reason"], message: string) => new ProofBundleRefused({ reason, message });

/** Whether `stream` is one of plan `planId`'s: the plan, a quarterly report of it, a review of such a report. */
const belongsToPlan = (planId: string) => {
  const reportOf = `report:${planId}:`;
  const quarter = /^\d{4}-Q[1-4]$/;
  const reviewed = /^\d{4}-q[1-4]$/;
  return (stream: string): boolean => {
    if (stream === `plan:${planId}`) return true;
    if (stream.startsWith(reportOf)) return quarter.test(stream.slice(reportOf.length));
    if (!stream.startsWith("review:")) return false;
    // review:<reviewer node>:<planId>.<year>-q<quarter>
    const rest = stream.slice("review:".length);
    const colon = rest.indexOf(":");
    const reportId = rest.slice(colon + 1);
    return colon > 0 && reportId.startsWith(`${planId}.`) && reviewed.test(reportId.slice(planId.length + 1));
  };
};

const SCAN_PAGE = 10_000;

/**
 * The plan's streams held here, in the order of their first event: one pass over the log (stream names only are
 * kept). Plans, reports and reviews are named after the plan (`packages/domain`, `streams.ts`).
 *
 * @example
 * yield* planStreamsOf(reader, "luhanska.1003.2018-12-12") // ["plan:luhanska.1003.2018-12-12", "report:…:2019-Q1", …]
 */
export const planStreamsOf = (reader: LogReader, planId: string): Effect.Effect<ReadonlyArray<string>> =>
  Effect.gen(function* () {
    const wanted = belongsToPlan(planId);
    const found = new Set<string>();
    const seen = new Set<string>();
    let from = 1;
    for (;;) {
      let last = 0;
      const visited = yield* reader.scan({ fromPosition: from, limit: SCAN_PAGE, eventIdsOf: [] }, (entry) => {
        last = entry.position;
        if (seen.has(entry.stream)) return;
        seen.add(entry.stream);
        if (wanted(entry.stream)) found.add(entry.stream);
      });
      if (visited < SCAN_PAGE) break;
      from = last + 1;
    }
    return [...found];
  });

const leafOf = (proof: { entry: Buffer; leafIndex: number; proof: ReadonlyArray<string> }): BundleLeaf => ({
  entry: proof.entry.toString("base64"),
  leafIndex: proof.leafIndex,
  proof: [...proof.proof],
});

/** The verifier keys (type 0x04) of registered nodes whose cosignature lines a note carries, named `planledger/<id>`. */
const cosignerKeysOf = (reader: LogReader, note: string): Effect.Effect<ReadonlyArray<string>> =>
  Effect.gen(function* () {
    const parsed = parseSignedNote(note);
    if (Either.isLeft(parsed)) return [];
    const keys: Array<string> = [];
    for (const line of parsed.right.signatures) {
      if (!line.name.startsWith("planledger/")) continue;
      const publicKey = yield* reader.nodeKey(line.name.slice("planledger/".length));
      if (publicKey === undefined) continue;
      const verifier = ed25519CosignatureVerifier(line.name, publicKey);
      if (verifier.keyId === line.keyId) keys.push(verifierKey(verifier));
    }
    return keys;
  });

/**
 * The proof bundle of plan `planId` from what `reader` holds, made by node `nodeId`. Each origin's proofs are
 * against one tree size: the node's own log at its head, signed by `signing.ownCheckpoint`; another origin's log
 * at the seq of its latest JSON checkpoint held here (so the origin's own signature covers the tree's last leaf),
 * cosigned by `signing.cosigner`. `since` adds consistency proofs from sizes an auditor kept.
 *
 * @example
 * const bundle = yield* proofBundleOf(store.reader, store.nodeId, "luhanska.1003.2018-12-12", { ownCheckpoint: store.tlogCheckpoint }, { now: new Date() });
 */
export const proofBundleOf = (
  reader: LogReader,
  nodeId: string,
  planId: string,
  signing: BundleSigning,
  options: { readonly now: Date; readonly since?: ReadonlyArray<SinceSize> },
): Effect.Effect<ProofBundle, ProofBundleRefused> =>
  Effect.gen(function* () {
    const streams = yield* planStreamsOf(reader, planId);
    if (!streams.includes(`plan:${planId}`))
      return yield* refused("plan", `плану ${planId} у цьому вузлі немає / no plan ${planId} on this node`);
    const stored: Array<StoredEvent> = [];
    for (const stream of streams) for (const event of yield* reader.readStream(stream, 1)) stored.push(event);
    stored.sort((a, b) => a.position - b.position);
    const planOrigin = (stored.find((e) => e.stream === `plan:${planId}`) as StoredEvent).origin;

    const origins = [...new Set(stored.map((e) => e.origin))];
    const since = new Map<string, number>();
    for (const s of options.since ?? []) {
      const origin = s.origin ?? planOrigin;
      if (!origins.includes(origin))
        return yield* refused("since", `журналу ${origin} серед журналів плану немає (є: ${origins.join(", ")}) / ${origin} is not among the plan's logs (${origins.join(", ")})`);
      since.set(origin, s.size);
    }

    const notes: Array<string> = [];
    const witnesses = new Set<string>();
    const sizes = new Map<string, number>();
    const logs: Array<BundleLog> = [];
    const cosignerName = tlogOrigin(nodeId);
    const cosigner: NoteSigner | undefined =
      signing.cosigner === undefined ? undefined : ed25519Cosigner(cosignerName, signing.cosigner, Math.floor(options.now.getTime() / 1000));

    for (const origin of origins) {
      const head = (yield* reader.originHead(origin))?.seq ?? 0;
      const lastSeq = Math.max(...stored.filter((e) => e.origin === origin).map((e) => e.seq));
      const logOrigin = tlogOrigin(origin);
      const publicKey = (yield* reader.nodeKey(origin)) ?? null;
      const logKey = publicKey === null ? null : verifierKey(ed25519NoteVerifier(logOrigin, publicKey));
      if ((yield* reader.lastTreePosition(origin)) !== lastInteriorPosition(head))
        return yield* refused("database", `дерева Меркла ${origin} ще не побудовано — запустіть вузол один раз / the Merkle tree of ${origin} is not built yet: start the node once`);
      let size = head;
      let root: string | undefined;
      let checkpoint: string | null = null;
      let originCheckpoint: BundleLog["originCheckpoint"];
      if (origin === nodeId) {
        const signed = yield* Effect.orDie(signing.ownCheckpoint(head));
        const cosigned =
          signing.cosign === undefined
            ? { note: signed.note, witnesses: [] }
            : yield* signing.cosign({ origin, size: head, root: signed.root, note: signed.note });
        checkpoint = cosigned.note;
        root = signed.root;
        for (const key of cosigned.witnesses) witnesses.add(key);
        for (const key of yield* cosignerKeysOf(reader, cosigned.note)) witnesses.add(key);
      } else {
        const latest = ((yield* reader.checkpoints(origin)).at(-1) as Checkpoint | undefined) ?? null;
        if (latest !== null && latest.seq >= lastSeq) size = latest.seq;
        else
          notes.push(
            `${origin}: останньої контрольної точки цього походження (${latest === null ? "немає" : `seq ${latest.seq}`}) замало, щоб покрити подію seq ${lastSeq}: корінь його дерева не підписаний ним / ` +
              `${origin}: its latest checkpoint held here (${latest === null ? "none" : `seq ${latest.seq}`}) does not cover seq ${lastSeq}: its tree root is not signed by it`,
          );
        root = (yield* Effect.orDie(consistencyOrRoot(reader, origin, size))).root;
        if (cosigner !== undefined) {
          const note = signTlogCheckpoint({ origin: logOrigin, size, rootHash: Buffer.from(root, "hex"), extensions: [] }, [cosigner]);
          if (Either.isRight(note)) checkpoint = note.right;
          witnesses.add(verifierKey({ name: cosignerName, type: COSIGNATURE_V1_TYPE, publicKey: ed25519PublicKey(signing.cosigner as KeyObject) }));
        } else
          notes.push(
            `${origin}: вузол ${nodeId} не засвідчив корінь цього журналу (немає ключа) / node ${nodeId} did not cosign this log's root (no key at hand)`,
          );
        if (latest !== null && latest.seq === size) {
          const anchor = yield* Effect.orDie(inclusionProofOfSeq(reader, origin, size));
          const { witness: _, ...signedByOrigin } = latest;
          originCheckpoint = { ...signedByOrigin, leaf: anchor };
        } else originCheckpoint = null;
      }
      sizes.set(origin, size);
      const from = since.get(origin);
      let consistency: BundleLog["consistency"];
      if (from !== undefined) {
        if (from > size)
          return yield* refused("since", `розмір ${from} більший за розмір журналу ${origin} у пакеті, ${size} / size ${from} is beyond ${origin}'s tree size in the bundle, ${size}`);
        const proved = yield* Effect.orDie(consistencyProofOf(reader, origin, from, size));
        consistency = { fromSize: from, fromRoot: proved.fromRoot, proof: [...proved.proof] };
      }
      logs.push({
        origin,
        logOrigin,
        treeSize: size,
        root: root as string,
        checkpoint,
        verifierKey: logKey,
        publicKey,
        ...(origin === nodeId ? {} : { originCheckpoint }),
        ...(consistency === undefined ? {} : { consistency }),
      });
    }

    const events: Array<BundleEvent> = [];
    for (const e of stored) {
      const proved = yield* Effect.orDie(inclusionProofOf(reader, e.eventId, sizes.get(e.origin)));
      events.push({
        eventId: e.eventId,
        origin: e.origin,
        seq: e.seq,
        stream: e.stream,
        streamVersion: e.streamVersion,
        type: e.type,
        actor: e.actor,
        recordedAt: e.recordedAt,
        causationId: e.causationId,
        correlationId: e.correlationId,
        prevHash: e.prevHash,
        hash: e.hash,
        data: e.data,
        leaf: leafOf(proved),
      });
    }
    return {
      format: PROOF_BUNDLE_FORMAT,
      planId,
      exportedBy: nodeId,
      exportedAt: options.now.toISOString(),
      streams,
      logs,
      witnesses: [...witnesses],
      events,
      notes,
    };
  });

/** The root of `origin`'s tree at `size` (a consistency proof of a size with itself carries both roots). */
const consistencyOrRoot = (reader: LogReader, origin: string, size: number) =>
  Effect.map(consistencyProofOf(reader, origin, size, size), (p) => ({ root: p.toRoot }));

/** The leaf at `seq` of `origin` in the tree of size `seq`, with its inclusion proof. */
const inclusionProofOfSeq = (reader: LogReader, origin: string, seq: number) =>
  Effect.gen(function* () {
    const [leaf] = yield* reader.treeLeaves(origin, seq - 1, seq);
    if (leaf === undefined) return yield* Effect.dieMessage(`${origin}: події seq ${seq} немає / no event at seq ${seq}`);
    return leafOf(yield* inclusionProofOf(reader, leaf.eventId, seq));
  });

/**
 * The proof bundle of plan `planId` read from the node database at `path`, without writing to it: the node's own
 * log signed, and other origins' tree heads cosigned, with the key file beside it (`<path>.key`), as
 * `planledger audit export` gives it. `cosign` adds the witnesses' lines the file keeps for the own log's note.
 *
 * @example
 * const outcome = auditExport("data/demo/luhanska.db", "luhanska.1003.2018-12-12", { cosign: cosignedNoteInFile });
 */
export const auditExport = (
  path: string,
  planId: string,
  options: { readonly since?: ReadonlyArray<SinceSize>; readonly now?: Date; readonly cosign?: NoteCosigning } = {},
): ReadOutcome<Either.Either<ProofBundle, ProofBundleRefused>> =>
  readNodeDatabase(path, (connection: AuditConnection) => {
    const reader = sqliteLogReader(connection.sqlite);
    const self = ownNodeOf(connection.sqlite);
    if (self === undefined) return Either.left(refused("database", "у базі немає ключа власного вузла / the database names no own node key"));
    if (!connection.tables.has("tree_nodes"))
      return Either.left(refused("database", "дерев Меркла ще не побудовано — запустіть вузол один раз / the Merkle trees are not built yet: start the node once"));
    const keyPath = `${path}.key`;
    let key: ReturnType<typeof readNodeKey>;
    try {
      key = readNodeKey(keyPath);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return Either.left(refused("database", `ключ вузла ${keyPath} недоступний / node key ${keyPath} unavailable: ${reason}`));
    }
    if (key.publicKey !== self.publicKey)
      return Either.left(refused("database", `ключ ${keyPath} не є ключем вузла ${self.origin} / ${keyPath} is not the key of node ${self.origin}`));
    const signing: BundleSigning = {
      ownCheckpoint: (size) => tlogCheckpointOf(reader, self.origin, key.privateKey, size),
      cosigner: key.privateKey,
      ...(options.cosign === undefined ? {} : { cosign: (head) => Effect.sync(() => (options.cosign as NoteCosigning)(connection, head)) }),
    };
    return Effect.runSync(Effect.either(proofBundleOf(reader, self.origin, planId, signing, { now: options.now ?? new Date(), since: options.since ?? [] })));
  });
