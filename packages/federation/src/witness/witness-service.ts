/**
 * @module A node as a witness (c2sp.org/tlog-cosignature, in the spirit of c2sp.org/tlog-witness): it cosigns an
 * origin's C2SP checkpoint — after a verified push, where the tree root is its own, or on request — only when the
 * checkpoint agrees with what it holds of that log and extends, by a consistency proof, the largest head it cosigned
 * before. Two heads of one origin that cannot both be true are a split view: recorded as an event in this node's
 * own log (`SplitViewDetected`, both signed checkpoints as evidence) and in `federation_split_views`; pushes and
 * witness requests of that origin are refused (409 `SplitView`) until an admin lifts it (`SplitViewLifted`).
 */
import {
  type Checkpoint,
  type EventStoreService,
  type NodeKey,
  ed25519NoteVerifier,
  formatSignedNote,
  openTlogCheckpoint,
  tlogOrigin,
  verifyCheckpoint,
  verifyConsistency,
} from "@planledger/event-store";
import { Effect, Either } from "effect";
import type { FederationDb } from "../store/federation-tables.js";
import { SplitView, WitnessRefused } from "../verify/refusals.js";
import { checkpointBody, cosignatureLine, noteBody, verifyCosignatureLine, withCosignatures } from "./cosignature-line.js";
import { type SplitViewRecord, type WitnessStore, witnessStore } from "./witness-store.js";

/** The stream of this node's own witnessing events (split views and their lifting). */
export const witnessStream = (selfId: string): string => `witness:${selfId}`;

/** What a witness answers: the cosignature line over the checkpoint body it was given. */
export interface Cosigned {
  readonly origin: string;
  readonly size: number;
  readonly root: string;
  readonly body: string;
  readonly line: string;
}

/** One side of a split view's evidence: a signed C2SP note and/or a signed JSON checkpoint of the origin. */
export interface SplitSide {
  readonly size: number;
  readonly root: string;
  readonly note: string | null;
  readonly checkpoint: Checkpoint | null;
}

export interface WitnessOptions {
  readonly selfId: string;
  readonly store: EventStoreService;
  readonly key: NodeKey;
  readonly db: FederationDb;
  readonly now: () => string;
}

const seconds = (iso: string): number => Math.floor(Date.parse(iso) / 1000);
const short = (hex: string): string => (hex === "" ? "?" : `${hex.slice(0, 12)}…`);

/**
 * @example
 * const witness = makeWitness({ selfId: "luhanska", store, key, db, now })
 * yield* witness.cosignHeld("novopskovskyi", 40) // { line: "— planledger/luhanska …\n", … }
 */
export const makeWitness = (options: WitnessOptions) => {
  const { selfId, store, key, db, now } = options;
  const ws: WitnessStore = witnessStore(db);
  const keyOf = (origin: string): Effect.Effect<string | undefined> => store.reader.nodeKey(origin);
  const heldSeq = (origin: string): Effect.Effect<number> => Effect.map(store.reader.originHead(origin), (h) => h?.seq ?? 0);
  const rootAt = (origin: string, size: number): Effect.Effect<string | null> =>
    Effect.map(Effect.either(store.treeHead(origin, size)), (root) => (Either.isRight(root) ? root.right : null));

  const refusalOf = (split: SplitViewRecord): SplitView =>
    new SplitView({
      origin: split.origin,
      heldSize: split.heldSize,
      presentedSize: split.presentedSize,
      detail: !split.conclusive
        ? `контрольна точка ${split.origin} розміру ${split.presentedSize} (корінь ${short(split.presentedRoot)}) не узгоджується з розміром ${split.heldSize} ` +
          `(корінь ${short(split.heldRoot)}), уже контрпідписаним: доказ узгодженості не перевіряється; не контрпідписано / ` +
          `${split.origin}'s checkpoint of size ${split.presentedSize} (root ${short(split.presentedRoot)}) is not consistent with size ${split.heldSize} ` +
          `(root ${short(split.heldRoot)}) cosigned before: the consistency proof does not verify; not cosigned`
        : `розбіжне бачення журналу ${split.origin}: розмір ${split.heldSize} (корінь ${short(split.heldRoot)}) і розмір ${split.presentedSize} ` +
        `(корінь ${short(split.presentedRoot)}) не можуть бути правдою разом; прийом від ${split.origin} зупинено, доки адміністратор не зніме блокування / ` +
        `split view of ${split.origin}'s log: size ${split.heldSize} (root ${short(split.heldRoot)}) and size ${split.presentedSize} ` +
        `(root ${short(split.presentedRoot)}) cannot both be true; ${split.origin} is refused until an admin lifts it`,
    });

  /** The open split view of `origin`, as the refusal to answer with; null when there is none. */
  const blocked = (origin: string): Effect.Effect<SplitView | null> =>
    Effect.map(ws.openSplits(origin), (open) => {
      const conclusive = open.find((s) => s.conclusive);
      return conclusive === undefined ? null : refusalOf(conclusive);
    });

  /**
   * Records a split view: the `SplitViewDetected` event in this node's own log, then the row that stops the origin.
   * Returns the refusal to answer with.
   */
  const recordSplit = (origin: string, source: "push" | "witness", held: SplitSide, presented: SplitSide, conclusive = true): Effect.Effect<SplitView> =>
    Effect.gen(function* () {
      // A split resting on a failed proof is recorded once per head presented: the origin's published checkpoints,
      // brought again with made-up proofs, add nothing to this node's log.
      const again = conclusive
        ? undefined
        : (yield* ws.openSplits(origin)).find((s) => !s.conclusive && s.presentedRoot === presented.root && s.heldRoot === held.root);
      if (again !== undefined) return refusalOf(again);
      const detectedAt = now();
      const evidence = { origin, source, held, presented, conclusive };
      const appended = yield* Effect.either(
        store.append(witnessStream(selfId), [{ type: "SplitViewDetected", data: { ...evidence, detectedAt } }], {
          expectedVersion: "any",
          actor: `node@${selfId}`,
        }),
      );
      const eventId = Either.isRight(appended) ? (appended.right.events[0]?.eventId ?? null) : null;
      const split = {
        origin,
        source,
        heldSize: held.size,
        heldRoot: held.root,
        presentedSize: presented.size,
        presentedRoot: presented.root,
        evidence,
        conclusive,
        eventId,
        detectedAt,
      };
      return refusalOf({ ...split, id: yield* ws.recordSplit(split), liftedAt: null, liftedBy: null });
    });

  /** This node's own side of `origin` at `size` as evidence: its note there (if kept) or the tree root it holds. */
  const heldSide = (origin: string, size: number): Effect.Effect<SplitSide> =>
    Effect.gen(function* () {
      const root = (yield* rootAt(origin, size)) ?? "";
      const note =
        (yield* ws.noteAt(origin, size))?.note ?? (origin === selfId ? (yield* Effect.orDie(store.tlogCheckpoint(size))).note : null);
      const checkpoint = (yield* store.reader.firstCheckpointAfter(origin, size - 1)) ?? null;
      const lines = (yield* ws.cosignatures(origin, size)).map((c) => c.line);
      return { size, root, note: note === null ? null : withCosignatures(note, lines), checkpoint };
    });

  /**
   * `note` with the origin's own signature line only, when that signature verifies under the key held here for the
   * origin; else null. What is kept and served as the origin's note carries no line this node did not check.
   */
  const originSigned = (origin: string, note: string): Effect.Effect<string | null> =>
    Effect.map(keyOf(origin), (originKey) => {
      if (originKey === undefined) return null;
      const log = ed25519NoteVerifier(tlogOrigin(origin), originKey);
      const opened = openTlogCheckpoint(note, { log, origin: tlogOrigin(origin) });
      if (Either.isLeft(opened)) return null;
      const own = opened.right.note.verified.filter((v) => v.verifier === log);
      return formatSignedNote({ text: opened.right.note.text, signatures: own.map(({ name, keyId, signature }) => ({ name, keyId, signature })) });
    });

  /**
   * Cosigns `origin`'s checkpoint at `size` over the tree this node holds (after a verified push), keeps the line and
   * the origin's note when it came and agrees, and remembers the head. Null when the tree is not there at that size.
   */
  const cosignHeld = (origin: string, size: number, note?: string): Effect.Effect<Cosigned | null> =>
    Effect.gen(function* () {
      if (size <= 0) return null;
      const root = yield* rootAt(origin, size);
      if (root === null) return null;
      const body = checkpointBody(origin, size, root);
      const at = now();
      const line = cosignatureLine(body, selfId, key.privateKey, seconds(at));
      yield* ws.keepCosignature({ origin, size, root, witness: selfId, line, cosignedAt: seconds(at) }, at);
      const keptNote = note !== undefined && noteBody(note) === body ? yield* originSigned(origin, note) : null;
      if (keptNote !== null) yield* ws.keepNote(origin, size, root, keptNote, at);
      yield* ws.rememberWitnessed(origin, size, root, keptNote, at);
      return { origin, size, root, body, line };
    });

  /**
   * A pushed note whose log signature verifies but states another root than the events give at that size: the
   * origin signed two tree heads of one size. Null when the note is absent, does not verify, or agrees.
   */
  const pushedNoteSplit = (origin: string, size: number, note: string | undefined, checkpoint: Checkpoint): Effect.Effect<SplitView | null> =>
    Effect.gen(function* () {
      if (note === undefined) return null;
      const originKey = yield* keyOf(origin);
      if (originKey === undefined) return null;
      const opened = openTlogCheckpoint(note, { log: ed25519NoteVerifier(tlogOrigin(origin), originKey), origin: tlogOrigin(origin) });
      if (Either.isLeft(opened) || opened.right.checkpoint.size !== size) return null;
      const root = yield* rootAt(origin, size);
      const presentedRoot = Buffer.from(opened.right.checkpoint.rootHash).toString("hex");
      if (root === null || root === presentedRoot) return null;
      return yield* recordSplit(origin, "push", yield* heldSide(origin, size), { size, root: presentedRoot, note, checkpoint });
    });

  /**
   * A pushed batch refused as another history for events held here: when its checkpoint is the origin's own valid
   * signature, the origin has signed two histories — a split view. Null otherwise (a sender's garbage proves nothing).
   */
  const conflictingPush = (origin: string, conflictSeq: number, checkpoint: Checkpoint, note: string | undefined): Effect.Effect<SplitView | null> =>
    Effect.gen(function* () {
      const originKey = yield* keyOf(origin);
      if (originKey === undefined || checkpoint.origin !== origin || !verifyCheckpoint(originKey, checkpoint)) return null;
      const held = Math.min(yield* heldSeq(origin), Math.max(conflictSeq, checkpoint.seq));
      let presentedRoot = "";
      if (note !== undefined) {
        const opened = openTlogCheckpoint(note, { log: ed25519NoteVerifier(tlogOrigin(origin), originKey), origin: tlogOrigin(origin) });
        if (Either.isRight(opened)) presentedRoot = Buffer.from(opened.right.checkpoint.rootHash).toString("hex");
      }
      return yield* recordSplit(origin, "push", yield* heldSide(origin, held), {
        size: checkpoint.seq,
        root: presentedRoot,
        note: note ?? null,
        checkpoint,
      });
    });

  /**
   * A witness request: `note` is `origin`'s C2SP checkpoint signed by its own key; `proof` the consistency proof
   * (hex) from the largest size this node cosigned for that origin. Cosigns and remembers it, or refuses.
   */
  const witnessRequest = (note: string, proof: ReadonlyArray<string>): Effect.Effect<Cosigned, SplitView | WitnessRefused> =>
    Effect.gen(function* () {
      const body = noteBody(note);
      const originLine = body?.split("\n")[0] ?? "";
      const origin = originLine.startsWith("planledger/") ? originLine.slice("planledger/".length) : "";
      const refuse = (code: string, detail: string, fromSize?: number) =>
        Effect.fail(new WitnessRefused({ origin, reasonCode: code, detail, ...(fromSize === undefined ? {} : { fromSize }) }));
      if (body === null || origin === "") return yield* refuse("BadNote", "нечитабельна контрольна точка / not a C2SP checkpoint of a planledger log");
      const originKey = yield* keyOf(origin);
      if (originKey === undefined)
        return yield* refuse("UnknownOrigin", `ключа вузла ${origin} тут немає / no public key of ${origin} is held here`);
      const opened = openTlogCheckpoint(note, { log: ed25519NoteVerifier(tlogOrigin(origin), originKey), origin: tlogOrigin(origin) });
      if (Either.isLeft(opened))
        return yield* refuse(
          "BadNote",
          `контрольна точка ${origin} не перевіряється його ключем / ${origin}'s checkpoint does not verify under its key: ${opened.left.message}`,
        );
      const stopped = yield* blocked(origin);
      if (stopped !== null) return yield* Effect.fail(stopped);
      const { size } = opened.right.checkpoint;
      const root = Buffer.from(opened.right.checkpoint.rootHash).toString("hex");
      const presented: SplitSide = { size, root, note, checkpoint: null };
      // What this node holds of the log itself decides first: the root at that size is its own to compute.
      const held = yield* heldSeq(origin);
      const own = size > 0 && held >= size ? yield* rootAt(origin, size) : null;
      if (own !== null && own !== root) return yield* Effect.fail(yield* recordSplit(origin, "witness", yield* heldSide(origin, size), presented));
      const head = own === null ? yield* ws.witnessedHead(origin) : undefined;
      if (head !== undefined) {
        const heldHead: SplitSide = { size: head.size, root: head.root, note: head.note, checkpoint: null };
        if (size === head.size && root !== head.root) return yield* Effect.fail(yield* recordSplit(origin, "witness", heldHead, presented));
        if (size < head.size && held < size)
          return yield* refuse(
            "OlderThanWitnessed",
            `розмір ${size} менший за вже засвідчений ${head.size} / size ${size} is below the size ${head.size} already cosigned`,
            head.size,
          );
        if (size > head.size) {
          if (proof.length === 0 && head.size > 0)
            return yield* refuse(
              "ConsistencyProofRequired",
              `потрібен доказ узгодженості від розміру ${head.size} / a consistency proof from size ${head.size} is required`,
              head.size,
            );
          const checked = verifyConsistency(
            head.size,
            size,
            proof.map((h) => Buffer.from(h, "hex")),
            Buffer.from(head.root, "hex"),
            Buffer.from(root, "hex"),
          );
          // Not consistent with the head cosigned before: refused and recorded, but whoever brought the origin's
          // published checkpoint may have brought a made-up proof with it, so the origin is not stopped for it.
          if (Either.isLeft(checked)) return yield* Effect.fail(yield* recordSplit(origin, "witness", heldHead, presented, false));
        }
      }
      const at = now();
      const line = cosignatureLine(body, selfId, key.privateKey, seconds(at));
      yield* ws.keepCosignature({ origin, size, root, witness: selfId, line, cosignedAt: seconds(at) }, at);
      const kept = (yield* originSigned(origin, note)) ?? note;
      yield* ws.keepNote(origin, size, root, kept, at);
      yield* ws.rememberWitnessed(origin, size, root, kept, at);
      return { origin, size, root, body, line };
    });

  /**
   * Keeps `witness`'s cosignature line over `origin`'s checkpoint at `size` — only when it verifies under the
   * witness's key over the checkpoint body of the tree held here at that size. False when it does not (nothing kept).
   */
  const acceptCosignature = (origin: string, size: number, line: string, witness: string, publicKey: string): Effect.Effect<boolean> =>
    Effect.gen(function* () {
      const root = yield* rootAt(origin, size);
      if (root === null || size <= 0) return false;
      const timestamp = verifyCosignatureLine(line, checkpointBody(origin, size, root), witness, publicKey);
      if (timestamp === null) return false;
      yield* ws.keepCosignature({ origin, size, root, witness, line: line.endsWith("\n") ? line : `${line}\n`, cosignedAt: timestamp }, now());
      return true;
    });

  /**
   * `origin`'s C2SP checkpoint at `size` with every cosignature line kept for it: this node's own log signed here (at
   * its head unless `size` is given), another origin's as that origin signed it (the note kept, the largest unless
   * `size` is given). Null when no note of that origin at that size is held.
   */
  const cosignedCheckpoint = (
    origin: string,
    size?: number,
  ): Effect.Effect<{
    readonly origin: string;
    readonly treeSize: number;
    readonly root: string;
    readonly note: string;
    readonly cosignatures: ReadonlyArray<{ readonly witness: string; readonly cosignedAt: number }>;
  } | null> =>
    Effect.gen(function* () {
      let held: { readonly size: number; readonly root: string; readonly note: string } | undefined;
      if (origin === selfId) {
        const own = yield* Effect.either(store.tlogCheckpoint(size));
        if (Either.isLeft(own)) return null;
        held = { size: own.right.treeSize, root: own.right.root, note: own.right.note };
      } else if (size === undefined) held = yield* ws.noteAtOrBelow(origin, Number.MAX_SAFE_INTEGER);
      else {
        const at = yield* ws.noteAt(origin, size);
        held = at === undefined ? undefined : { size, ...at };
      }
      if (held === undefined) return null;
      const { root } = held;
      const kept = (yield* ws.cosignatures(origin, held.size)).filter((c) => c.root === root);
      return {
        origin,
        treeSize: held.size,
        root: held.root,
        note: withCosignatures(held.note, kept.map((c) => c.line)),
        cosignatures: kept.map((c) => ({ witness: c.witness, cosignedAt: c.cosignedAt })),
      };
    });

  /** `note` (of `origin` at `size`, root `root` in hex) with the cosignature lines kept for that head added under it. */
  const cosignedNote = (origin: string, size: number, root: string, note: string): Effect.Effect<string> =>
    Effect.map(ws.cosignatures(origin, size), (kept) =>
      withCosignatures(
        note,
        kept.filter((c) => c.root === root).map((c) => c.line),
      ),
    );

  /** Lifts the open split views of `origin` (an admin acted): a `SplitViewLifted` event, then pushes flow again. */
  const liftSplit = (origin: string, by: string, reason: string): Effect.Effect<number> =>
    Effect.gen(function* () {
      const lifted = yield* ws.openSplits(origin);
      if (lifted.length === 0) return 0;
      yield* Effect.orDie(
        store.append(witnessStream(selfId), [{ type: "SplitViewLifted", data: { origin, by, reason, splits: lifted.map((s) => s.eventId) } }], {
          expectedVersion: "any",
          actor: by,
        }),
      );
      return yield* ws.liftSplits(origin, by, now());
    });

  /** The consistency proof (hex) of `origin`'s tree from `from` to `to` leaves, both held here; empty when equal. */
  const consistencyProof = (origin: string, from: number, to: number): Effect.Effect<ReadonlyArray<string>> =>
    from <= 0 || from >= to ? Effect.succeed([]) : Effect.map(Effect.orDie(store.consistencyProof(origin, from, to)), (p) => p.proof);

  /** This node's own log at `size` as a C2SP note with its own signature only (what it asks a witness to cosign). */
  const ownNote = (size: number): Effect.Effect<string> => Effect.map(Effect.orDie(store.tlogCheckpoint(size)), (c) => c.note);

  return { cosignedNote, consistencyProof, ownNote, blocked, cosignHeld, pushedNoteSplit, conflictingPush, witnessRequest, acceptCosignature, cosignedCheckpoint, liftSplit, store: ws };
};
export type Witness = ReturnType<typeof makeWitness>;
