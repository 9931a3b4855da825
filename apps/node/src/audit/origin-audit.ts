/**
 * @module What an auditor reads of the origin logs a node holds (issue #16): each origin with its keys, head, tree
 * and last checkpoint; one origin's log a page at a time in federation's wire form with the checkpoints that fall in
 * the page; and one origin's streams. Everything goes through the event store's read API; nothing here writes.
 */
import {
  type Checkpoint,
  EventStore,
  type EventStoreService,
  GENESIS_HASH,
  type WireEvent,
  ed25519NoteVerifier,
  tlogOrigin,
  verifierKey,
} from "@planledger/event-store";
import { Effect } from "effect";

/** One key an origin signed with, from `since` on; `until` stays null until keys rotate (a later issue). */
export interface OriginKey {
  readonly publicKey: string;
  readonly verifierKey: string | null;
  readonly since: { readonly seq: number; readonly recordedAt: string | null };
  readonly until: { readonly seq: number; readonly recordedAt: string | null } | null;
}

export interface OriginSummary {
  readonly origin: string;
  readonly own: boolean;
  readonly keys: ReadonlyArray<OriginKey>;
  readonly head: { readonly seq: number; readonly hash: string };
  readonly tree: { readonly size: number; readonly root: string };
  readonly lastCheckpoint: Checkpoint | null;
  /** The origin's C2SP checkpoint note with the cosignature lines kept for it; null when none is held. */
  readonly checkpoint: OriginNote | null;
}

/** A C2SP checkpoint note of one origin with the tlog-cosignature/v1 lines kept for its size and root. */
export interface OriginNote {
  readonly treeSize: number;
  readonly root: string;
  readonly note: string;
  readonly cosignatures: ReadonlyArray<{ readonly witness: string; readonly cosignedAt: number }>;
}

/**
 * What federation keeps of `origin`'s C2SP checkpoint (`witness-service.ts`, `cosignedCheckpoint`): this node's own
 * log signed here at `size`; another origin's note as that origin pushed it, the largest held. Null when none is held.
 */
export type CosignedCheckpointOf = (origin: string, size?: number) => Effect.Effect<OriginNote | null>;

export interface OriginLogPage {
  readonly origin: string;
  readonly from: number;
  readonly limit: number;
  readonly headSeq: number;
  readonly events: ReadonlyArray<WireEvent>;
  readonly checkpoints: ReadonlyArray<Checkpoint>;
  readonly next: number | null;
}

export interface OriginStream {
  readonly stream: string;
  readonly events: number;
  readonly firstSeq: number;
  readonly lastSeq: number;
}

/** The C2SP verifier key of an origin's Ed25519 key under `planledger/<origin>`; null when the id or key cannot make one. */
const verifierKeyOf = (origin: string, publicKey: string): string | null => {
  try {
    return verifierKey(ed25519NoteVerifier(tlogOrigin(origin), publicKey));
  } catch {
    return null;
  }
};

const withWitness = (cp: Checkpoint): Checkpoint => ({ ...cp, witness: cp.witness ?? null });

/** The head of `origin` as held here: undefined for an origin not held (this node's own log is always held). */
const headOf = (store: EventStoreService, origin: string) =>
  Effect.map(store.reader.originHead(origin), (head) =>
    head !== undefined ? { seq: head.seq, hash: head.hash } : origin === store.nodeId ? { seq: 0, hash: GENESIS_HASH } : undefined,
  );

/**
 * `origin`'s note: federation's, with every line it keeps; without federation (a node in tests), the own log's note
 * as the store signs it and nothing for another origin, whose note only federation keeps.
 */
const noteOf = (store: EventStoreService, origin: string, size: number, cosigned: CosignedCheckpointOf | undefined) =>
  Effect.gen(function* () {
    const own = origin === store.nodeId;
    if (cosigned !== undefined) {
      const kept = own && size === 0 ? null : yield* cosigned(origin, own ? size : undefined);
      return kept === null ? null : ({ treeSize: kept.treeSize, root: kept.root, note: kept.note, cosignatures: kept.cosignatures } satisfies OriginNote);
    }
    if (!own || size === 0) return null;
    const signed = yield* Effect.orDie(store.tlogCheckpoint(size));
    return { treeSize: signed.treeSize, root: signed.root, note: signed.note, cosignatures: [] } satisfies OriginNote;
  });

const summaryOf = (store: EventStoreService, origin: string, head: { seq: number; hash: string }, cosigned: CosignedCheckpointOf | undefined) =>
  Effect.gen(function* () {
    const { reader } = store;
    const own = origin === store.nodeId;
    const publicKey = own ? store.publicKey : yield* reader.nodeKey(origin);
    const [first] = head.seq > 0 ? yield* reader.readWire(origin, 0, 1) : [];
    const keys: OriginKey[] =
      publicKey === undefined
        ? []
        : [{ publicKey, verifierKey: verifierKeyOf(origin, publicKey), since: { seq: first?.[2] ?? 1, recordedAt: first?.[7] ?? null }, until: null }];
    const root = yield* Effect.orDie(store.treeHead(origin, head.seq));
    const last = head.seq > 0 ? yield* reader.lastCheckpointWithin(origin, 0, head.seq) : undefined;
    return {
      origin,
      own,
      keys,
      head,
      tree: { size: head.seq, root },
      lastCheckpoint: last === undefined ? null : withWitness(last),
      checkpoint: yield* noteOf(store, origin, head.seq, cosigned),
    } satisfies OriginSummary;
  });

/**
 * Every origin log this node holds, its own first, each with its C2SP checkpoint note as `cosigned` gives it.
 *
 * @example
 * const origins = await ctx.run(auditOrigins(ctx.cosignedCheckpoint)) // [{ origin: "luhanska", own: true, keys: [...], ... }, ...]
 */
export const auditOrigins = (cosigned?: CosignedCheckpointOf): Effect.Effect<ReadonlyArray<OriginSummary>, never, EventStore> =>
  Effect.gen(function* () {
    const store = yield* EventStore;
    const heads = yield* store.heads();
    const ownHead = yield* headOf(store, store.nodeId);
    const others = heads.filter((h) => h.origin !== store.nodeId);
    const own = yield* summaryOf(store, store.nodeId, ownHead ?? { seq: 0, hash: GENESIS_HASH }, cosigned);
    const rest = yield* Effect.forEach(others, (h) => summaryOf(store, h.origin, { seq: h.seq, hash: h.hash }, cosigned));
    return [own, ...rest];
  });

/**
 * `origin`'s events with `from ≤ seq < from + limit` in wire form, with the checkpoints stored for seqs in that
 * range; undefined for an origin not held here.
 *
 * @example
 * await ctx.run(auditLogPage("novopskovskyi", 1, 500)) // { events: [[…], …], checkpoints: [...], next: 501 }
 */
export const auditLogPage = (origin: string, from: number, limit: number): Effect.Effect<OriginLogPage | undefined, never, EventStore> =>
  Effect.gen(function* () {
    const store = yield* EventStore;
    const head = yield* headOf(store, origin);
    if (head === undefined) return undefined;
    const until = Math.min(head.seq, from - 1 + limit);
    const events = until >= from ? yield* store.reader.readWire(origin, from - 1, until) : [];
    // One indexed read per checkpoint in the page: never the origin's whole list of checkpoints.
    const checkpoints: Checkpoint[] = [];
    for (let cp = yield* store.reader.firstCheckpointAfter(origin, from - 1); cp !== undefined && cp.seq <= until; ) {
      checkpoints.push(withWitness(cp));
      cp = yield* store.reader.firstCheckpointAfter(origin, cp.seq);
    }
    const last = events.at(-1)?.[2] ?? from - 1;
    return { origin, from, limit, headSeq: head.seq, events, checkpoints, next: last < head.seq ? last + 1 : null } satisfies OriginLogPage;
  });

/** How many events one read of an origin's streams takes at a time. */
const STREAM_SCAN_PAGE = 5000;

/**
 * The streams `origin` wrote (plans, reports, …) with their event counts and first and last seq, in the order they
 * began; undefined for an origin not held here. It reads the origin's whole log once, a page at a time.
 *
 * @example
 * await ctx.run(auditStreams("novopskovskyi")) // [{ stream: "plan:novopskovskyi.328.…", events: 65, firstSeq: 1, lastSeq: 65 }, …]
 */
export const auditStreams = (origin: string): Effect.Effect<ReadonlyArray<OriginStream> | undefined, never, EventStore> =>
  Effect.gen(function* () {
    const store = yield* EventStore;
    const head = yield* headOf(store, origin);
    if (head === undefined) return undefined;
    const streams = new Map<string, { stream: string; events: number; firstSeq: number; lastSeq: number }>();
    for (let fromPosition = 1; ; ) {
      const page = yield* store.readAll({ fromPosition, limit: STREAM_SCAN_PAGE, origin, data: "lazy" });
      for (const e of page) {
        const known = streams.get(e.stream);
        if (known === undefined) streams.set(e.stream, { stream: e.stream, events: 1, firstSeq: e.seq, lastSeq: e.seq });
        else {
          known.events++;
          known.lastSeq = e.seq;
        }
      }
      const last = page.at(-1);
      if (last === undefined || page.length < STREAM_SCAN_PAGE) break;
      fromPosition = last.position + 1;
    }
    return [...streams.values()].sort((a, b) => a.firstSeq - b.firstSeq);
  });
