/**
 * @module The witnessing tables of a node (`0002-witness-cosignatures`): cosignature lines, origins' notes, the
 * latest head this node cosigned per origin, split views seen, and the named witnesses with their quorum.
 */
import { Effect } from "effect";
import type { FederationDb, FederationSplitViewsTable } from "../store/federation-tables.js";

/** A kept cosignature line of one witness over one origin's checkpoint at one size. */
export interface KeptCosignature {
  readonly origin: string;
  readonly size: number;
  readonly root: string;
  readonly witness: string;
  readonly line: string;
  readonly cosignedAt: number;
}

/** A split view as this node recorded it. */
export interface SplitViewRecord {
  readonly id: number;
  readonly origin: string;
  readonly source: string;
  readonly heldSize: number;
  readonly heldRoot: string;
  readonly presentedSize: number;
  readonly presentedRoot: string;
  readonly evidence: unknown;
  /** Whether the evidence proves the split by itself; only such a split stops the origin. */
  readonly conclusive: boolean;
  readonly eventId: string | null;
  readonly detectedAt: string;
  readonly liftedAt: string | null;
  readonly liftedBy: string | null;
}

/** A named witness of this node's log. */
export interface NamedWitness {
  readonly nodeId: string;
  readonly publicKey: string;
  readonly url: string | null;
}

export const splitViewOf = (r: Omit<FederationSplitViewsTable, "id"> & { id: number }): SplitViewRecord => ({
  id: r.id,
  origin: r.origin,
  source: r.source,
  heldSize: r.held_size,
  heldRoot: r.held_root,
  presentedSize: r.presented_size,
  presentedRoot: r.presented_root,
  evidence: JSON.parse(r.evidence) as unknown,
  conclusive: r.conclusive === 1,
  eventId: r.event_id,
  detectedAt: r.detected_at,
  liftedAt: r.lifted_at,
  liftedBy: r.lifted_by,
});

/**
 * @example
 * const ws = witnessStore(db); yield* ws.keepCosignature({ origin, size, root, witness: "luhanska", line, cosignedAt }, now)
 */
export const witnessStore = (db: FederationDb) => {
  const { q } = db;
  const openSplits = q.selectFrom("federation_split_views").selectAll().where("lifted_at", "is", null).orderBy("id");
  const first = <A>(rows: ReadonlyArray<A>): A | undefined => rows[0];
  return {
    keepCosignature: (c: KeptCosignature, receivedAt: string): Effect.Effect<void> =>
      db.run(
        q
          .insertInto("federation_cosignatures")
          .values({ origin: c.origin, size: c.size, root: c.root, witness: c.witness, line: c.line, cosigned_at: c.cosignedAt, received_at: receivedAt })
          .onConflict((oc) => oc.columns(["origin", "size", "witness"]).doUpdateSet({ root: c.root, line: c.line, cosigned_at: c.cosignedAt, received_at: receivedAt })),
      ),
    cosignatures: (origin?: string, size?: number): Effect.Effect<KeptCosignature[]> => {
      let query = q.selectFrom("federation_cosignatures").selectAll();
      if (origin !== undefined) query = query.where("origin", "=", origin);
      if (size !== undefined) query = query.where("size", "=", size);
      return Effect.map(db.all(query.orderBy("origin").orderBy("size").orderBy("witness")), (rows) =>
        rows.map((r) => ({ origin: r.origin, size: r.size, root: r.root, witness: r.witness, line: r.line, cosignedAt: r.cosigned_at })),
      );
    },
    keepNote: (origin: string, size: number, root: string, note: string, receivedAt: string): Effect.Effect<void> =>
      db.run(
        q
          .insertInto("federation_notes")
          .values({ origin, size, root, note, received_at: receivedAt })
          .onConflict((oc) => oc.columns(["origin", "size"]).doNothing()),
      ),
    noteAt: (origin: string, size: number): Effect.Effect<{ readonly root: string; readonly note: string } | undefined> =>
      Effect.map(db.all(q.selectFrom("federation_notes").select(["root", "note"]).where("origin", "=", origin).where("size", "=", size)), first),
    /** The note of `origin` with the largest size at or below `size`. */
    noteAtOrBelow: (origin: string, size: number): Effect.Effect<{ readonly size: number; readonly root: string; readonly note: string } | undefined> =>
      Effect.map(
        db.all(
          q
            .selectFrom("federation_notes")
            .select(["size", "root", "note"])
            .where("origin", "=", origin)
            .where("size", "<=", size)
            .orderBy("size", "desc")
            .limit(1),
        ),
        first,
      ),
    witnessedHead: (origin: string): Effect.Effect<{ readonly size: number; readonly root: string; readonly note: string | null } | undefined> =>
      Effect.map(db.all(q.selectFrom("federation_witnessed_heads").select(["size", "root", "note"]).where("origin", "=", origin)), first),
    /** Remembers the head cosigned for `origin` when it is larger than the one remembered. */
    rememberWitnessed: (origin: string, size: number, root: string, note: string | null, at: string): Effect.Effect<void> =>
      db.run(
        q
          .insertInto("federation_witnessed_heads")
          .values({ origin, size, root, note, cosigned_at: at })
          .onConflict((oc) =>
            oc
              .column("origin")
              .doUpdateSet({ size, root, note, cosigned_at: at })
              .where("federation_witnessed_heads.size", "<", size),
          ),
      ),
    /** Stores a split view; its row id. */
    recordSplit: (split: Omit<SplitViewRecord, "id" | "liftedAt" | "liftedBy">): Effect.Effect<number> =>
      Effect.map(
        db.all(
          q
            .insertInto("federation_split_views")
            .values({
              origin: split.origin,
              source: split.source,
              held_size: split.heldSize,
              held_root: split.heldRoot,
              presented_size: split.presentedSize,
              presented_root: split.presentedRoot,
              evidence: JSON.stringify(split.evidence),
              conclusive: split.conclusive ? 1 : 0,
              event_id: split.eventId,
              detected_at: split.detectedAt,
              lifted_at: null,
              lifted_by: null,
            })
            .returning("id"),
        ),
        (rows) => Number(rows[0]?.id ?? 0),
      ),
    /** Split views not lifted yet, oldest first (of one origin, or all). */
    openSplits: (origin?: string): Effect.Effect<SplitViewRecord[]> =>
      Effect.map(db.cachedAll(openSplits), (rows) => rows.filter((r) => origin === undefined || r.origin === origin).map(splitViewOf)),
    splits: (): Effect.Effect<SplitViewRecord[]> =>
      Effect.map(db.all(q.selectFrom("federation_split_views").selectAll().orderBy("id")), (rows) => rows.map(splitViewOf)),
    /** Lifts every open split view of `origin`; how many were lifted. */
    liftSplits: (origin: string, by: string, at: string): Effect.Effect<number> =>
      Effect.gen(function* () {
        const open = (yield* db.all(openSplits)).filter((r) => r.origin === origin).length;
        yield* db.run(q.updateTable("federation_split_views").set({ lifted_at: at, lifted_by: by }).where("origin", "=", origin).where("lifted_at", "is", null));
        return open;
      }),
    policy: (): Effect.Effect<{ readonly quorum: number; readonly witnesses: NamedWitness[] }> =>
      Effect.map(db.all(q.selectFrom("federation_witness_policy").selectAll().orderBy("node_id")), (rows) => ({
        quorum: rows[0]?.quorum ?? 1,
        witnesses: rows.map((r) => ({ nodeId: r.node_id, publicKey: r.public_key, url: r.url })),
      })),
    setPolicy: (quorum: number, witnesses: ReadonlyArray<NamedWitness>): Effect.Effect<void> =>
      db.transaction(
        Effect.gen(function* () {
          yield* db.run(q.deleteFrom("federation_witness_policy"));
          for (const w of witnesses)
            yield* db.run(q.insertInto("federation_witness_policy").values({ node_id: w.nodeId, public_key: w.publicKey, url: w.url, quorum }));
        }),
      ),
  };
};
export type WitnessStore = ReturnType<typeof witnessStore>;
