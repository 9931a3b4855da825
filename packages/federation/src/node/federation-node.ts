/**
 * @module One node's side of federation: enrollment, receiving pushes, serving pulls, status, and the
 * bookkeeping a child keeps about its parent. Network calls live in the client; this is all local.
 */
import { createHash, randomBytes } from "node:crypto";
import {
  type EventStoreDatabase,
  type EventStoreService,
  type NodeKey,
  signCheckpoint,
} from "@planledger/event-store";
import { type Context, Effect, Either, Option } from "effect";
import {
  type ChildStatus,
  CursorList,
  EnrollAccepted,
  type EnrollRequest,
  FederationStatus,
  type NodeIdentity,
  type NodeLevel,
  PullBatch,
  PushAccepted,
  type PushBatch,
  type SubtreeMember,
} from "../protocol/messages.js";
import type { Checkpoint, Cursor, ReplicatedEvent } from "../protocol/replicated-event.js";
import { fromWireTuple, type WireTuple } from "../protocol/wire-events.js";
import { verifyWitness, witnessCheckpoint } from "../protocol/witness.js";
import { federationDb, type FederationDb, migrateFederation, witnessedCheckpointOf } from "../store/federation-tables.js";
import type { ChainCrypto } from "../verify/chain-crypto.js";
import { liveChainCrypto } from "../verify/live-chain-crypto.js";
import {
  type BatchRefusal,
  EnrollmentRefused,
  OriginNotServed,
  StoreRejected,
  UnknownSender,
} from "../verify/refusals.js";
import { isInSubtree, type RegisteredNode } from "../verify/subtree.js";
import { verifyBatch } from "../verify/verify-batch.js";

export interface FederationNodeOptions {
  readonly self: { readonly nodeId: string; readonly level: NodeLevel };
  readonly store: EventStoreService;
  readonly database: Context.Tag.Service<typeof EventStoreDatabase>;
  /** The node's key (the same one its store signs with): signs batch-end checkpoints and witness countersignatures. */
  readonly key: NodeKey;
  readonly now?: () => string;
  readonly crypto?: ChainCrypto;
}

export interface Uplink {
  readonly parentId: string;
  readonly url: string;
  readonly token: string;
  readonly lastSyncAt: string | null;
  readonly lastError: string | null;
}

const sha256 = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex");

/**
 * Builds the federation side of one node over its open store. Every method is synchronous (better-sqlite3
 * is), so a push is verified and stored without yielding: two overlapping pushes cannot interleave.
 *
 * @example
 * const fed = makeFederationNode({ self: { nodeId: "luhanska", level: "oblast" }, store, database, key })
 * const { token } = fed.invite({ nodeId: "novopskovskyi", level: "district" })
 */
export const makeFederationNode = (options: FederationNodeOptions) => {
  const { self, store, key } = options;
  const now = options.now ?? (() => new Date().toISOString());
  const crypto = options.crypto ?? liveChainCrypto;
  const db: FederationDb = federationDb(options.database);
  migrateFederation(db);
  const run = <A, E>(effect: Effect.Effect<A, E>): Either.Either<A, E> => Effect.runSync(Effect.either(effect));

  // Asked several times per pushed batch: built once, compiled once.
  const nodesQuery = db.q.selectFrom("federation_nodes").selectAll();
  const uplinkQuery = db.q.selectFrom("federation_uplink").selectAll().where("id", "=", 1);
  const nodes = () => db.cachedAll(nodesQuery);
  const uplink = (): Uplink | null => {
    const row = db.cachedAll(uplinkQuery)[0];
    return row === undefined
      ? null
      : { parentId: row.parent_id, url: row.url, token: row.token, lastSyncAt: row.last_sync_at, lastError: row.last_error };
  };

  let knownRegistry: { readonly generation: number; readonly map: ReadonlyMap<string, RegisteredNode> } | undefined;
  /** Every node with a known key, this one included; a fresh copy the caller may extend. */
  const registry = (): Map<string, RegisteredNode> => {
    const generation = db.generation();
    if (knownRegistry === undefined || knownRegistry.generation !== generation || generation < 0) {
      const map = new Map<string, RegisteredNode>();
      for (const n of nodes()) {
        if (n.public_key !== null) map.set(n.node_id, { nodeId: n.node_id, parentId: n.parent_id, publicKey: n.public_key });
      }
      map.set(self.nodeId, { nodeId: self.nodeId, parentId: uplink()?.parentId ?? null, publicKey: store.publicKey });
      knownRegistry = { generation, map };
    }
    return new Map(knownRegistry.map);
  };

  const str = JSON.stringify;
  // Pages of an origin's log come from the store in wire form (arrays in wire order, `data` last as the canonical
  // text its origin hashed): a batch is one `JSON.stringify` of them. The store's reads are synchronous on
  // SQLite, so they run to completion here and a push is still verified and stored without yielding.
  const { reader } = store;
  const eventRows = (origin: string, afterSeq: number, untilSeq: number): WireTuple[] =>
    Effect.runSync(reader.readWire(origin, afterSeq, untilSeq)) as WireTuple[];
  /** `origin`'s events with `afterSeq < seq <= untilSeq` as the JSON text of their wire arrays. */
  const eventsJson = (origin: string, afterSeq: number, untilSeq: number): string => str(eventRows(origin, afterSeq, untilSeq));
  const eventsAfter = (origin: string, afterSeq: number, untilSeq: number): ReplicatedEvent[] =>
    eventRows(origin, afterSeq, untilSeq).map(fromWireTuple);

  const hashAt = (origin: string, seq: number): string | undefined => Effect.runSync(reader.hashAt(origin, seq));

  type Heads = ReadonlyMap<string, Cursor>;
  const heads = (): Heads => new Map(Effect.runSync(store.heads()).map((h) => [h.origin, { origin: h.origin, seq: h.seq, hash: h.hash }]));
  const cursorOf = (origin: string, known: Heads = heads()): Cursor => known.get(origin) ?? { origin, seq: 0, hash: null };

  const subtreeOf = (root: string): string[] => {
    const reg = registry();
    return [...reg.keys()].filter((id) => id !== self.nodeId && isInSubtree(reg, root, id)).sort();
  };

  const registerKey = (nodeId: string, publicKey: string): void => {
    const result = run(store.registerNodeKey(nodeId, publicKey));
    if (Either.isLeft(result)) throw new EnrollmentRefused({ nodeId, detail: result.left.reason });
  };

  /** Parent side: allow `nodeId` to enroll with the returned token (a fresh one unless given). */
  const invite = (child: { readonly nodeId: string; readonly level: NodeLevel }, token?: string): { readonly token: string } => {
    const secret = token ?? randomBytes(24).toString("base64url");
    const existing = nodes().find((n) => n.node_id === child.nodeId);
    if (existing === undefined) {
      db.run(
        db.q.insertInto("federation_nodes").values({
          node_id: child.nodeId,
          level: child.level,
          parent_id: self.nodeId,
          public_key: null,
          relation: "below",
          token_hash: sha256(secret),
          via: null,
          invited_at: now(),
          enrolled_at: null,
        }),
      );
    } else {
      db.run(db.q.updateTable("federation_nodes").set({ token_hash: sha256(secret), invited_at: now() }).where("node_id", "=", child.nodeId));
    }
    return { token: secret };
  };

  const ancestors = (): SubtreeMember[] =>
    nodes()
      .filter((n) => n.relation === "above" && n.public_key !== null)
      .map((n) => ({ nodeId: n.node_id, level: n.level as NodeLevel, publicKey: n.public_key as string, parentId: n.parent_id ?? "" }));

  /** What a child of this node must know above its parent: this node's parent first, then the rest upward. */
  const ancestorsForChild = (): SubtreeMember[] => {
    const parentId = uplink()?.parentId;
    const all = ancestors();
    return [...all.filter((a) => a.nodeId === parentId), ...all.filter((a) => a.nodeId !== parentId)];
  };

  /** Parent side: a child presents its invitation token and its key; the answer names this node and its ancestors. */
  const enroll = (request: EnrollRequest): Either.Either<EnrollAccepted, EnrollmentRefused> => {
    const { child, token } = request;
    const invited = nodes().find((n) => n.node_id === child.nodeId && n.relation === "below" && n.via === null);
    if (invited === undefined || invited.token_hash !== sha256(token)) {
      return Either.left(new EnrollmentRefused({ nodeId: child.nodeId, detail: "no invitation for this node id and token" }));
    }
    if (invited.public_key !== null && invited.public_key !== child.publicKey) {
      return Either.left(new EnrollmentRefused({ nodeId: child.nodeId, detail: "this node enrolled with another public key" }));
    }
    try {
      registerKey(child.nodeId, child.publicKey);
    } catch (refused) {
      return Either.left(refused as EnrollmentRefused);
    }
    const enrolledAt = invited.enrolled_at ?? now();
    db.run(
      db.q
        .updateTable("federation_nodes")
        .set({ public_key: child.publicKey, level: child.level, enrolled_at: enrolledAt })
        .where("node_id", "=", child.nodeId),
    );
    return Either.right(
      new EnrollAccepted({
        parent: { nodeId: self.nodeId, level: self.level, publicKey: store.publicKey },
        ancestors: ancestorsForChild(),
        enrolledAt,
      }),
    );
  };

  const upsertAbove = (n: NodeIdentity, parentId: string | null, via: string | null, at: string): void => {
    db.run(
      db.q
        .insertInto("federation_nodes")
        .values({
          node_id: n.nodeId,
          level: n.level,
          parent_id: parentId,
          public_key: n.publicKey,
          relation: "above",
          token_hash: null,
          via,
          invited_at: null,
          enrolled_at: at,
        })
        .onConflict((oc) => oc.column("node_id").doUpdateSet({ public_key: n.publicKey, level: n.level, parent_id: parentId, via })),
    );
  };

  /**
   * Child side: the nodes above the parent, as the parent lists them (at enrollment and with every cursor
   * list), so a node enrolled before its parent was also pulls the ancestors the parent learnt of later.
   * Nodes no longer listed are forgotten (a parent moved elsewhere); their copies stay.
   */
  const rememberAncestors = (parentId: string, list: ReadonlyArray<SubtreeMember>): void => {
    const known = list.filter((a) => a.nodeId !== self.nodeId && Either.isRight(run(store.registerNodeKey(a.nodeId, a.publicKey))));
    db.transaction(() => {
      db.run(
        db.q
          .deleteFrom("federation_nodes")
          .where("relation", "=", "above")
          .where("node_id", "not in", [parentId, ...known.map((a) => a.nodeId)]),
      );
      for (const a of known) upsertAbove(a, a.parentId || null, parentId, now());
    });
  };

  /** Child side: remember the parent (and its ancestors) after a successful enrollment. */
  const rememberParent = (url: string, token: string, accepted: EnrollAccepted): void => {
    const parent = accepted.parent;
    registerKey(parent.nodeId, parent.publicKey);
    db.transaction(() => {
      upsertAbove(parent, accepted.ancestors[0]?.nodeId ?? null, null, accepted.enrolledAt);
      db.run(
        db.q
          .insertInto("federation_uplink")
          .values({ id: 1, parent_id: parent.nodeId, url, token, last_sync_at: null, last_error: null })
          .onConflict((oc) => oc.column("id").doUpdateSet({ parent_id: parent.nodeId, url, token })),
      );
    });
    rememberAncestors(parent.nodeId, accepted.ancestors);
  };

  const authenticate = (token: string | null): Either.Either<string, UnknownSender> => {
    if (token === null) return Either.left(new UnknownSender({ sender: "", detail: "no credential" }));
    const hash = sha256(token);
    const child = nodes().find((n) => n.token_hash === hash && n.relation === "below" && n.via === null && n.public_key !== null);
    return child === undefined
      ? Either.left(new UnknownSender({ sender: "", detail: "the credential matches no enrolled child" }))
      : Either.right(child.node_id);
  };

  /**
   * The sender's word for nodes below it, taken only under nodes already known (or just taken) to be below
   * it, and only for ids this node does not know yet. Returns the registry extended with them, and the new ones.
   */
  const withMembers = (sender: string, members: ReadonlyArray<SubtreeMember>) => {
    const reg = registry();
    const fresh: SubtreeMember[] = [];
    for (const m of members) {
      if (reg.has(m.nodeId) || !isInSubtree(reg, sender, m.parentId)) continue;
      const held = Effect.runSync(store.nodeKey(m.nodeId));
      if (Option.isSome(held) && held.value !== m.publicKey) continue;
      reg.set(m.nodeId, { nodeId: m.nodeId, parentId: m.parentId, publicKey: m.publicKey });
      fresh.push(m);
    }
    return { registry: reg, fresh };
  };

  /** Stores members taken from a batch that passed verification (a refused batch leaves no trace). */
  const registerMembers = (sender: string, members: ReadonlyArray<SubtreeMember>): void => {
    for (const m of members) {
      if (Either.isLeft(run(store.registerNodeKey(m.nodeId, m.publicKey)))) continue;
      db.run(
        db.q
          .insertInto("federation_nodes")
          .values({
            node_id: m.nodeId,
            level: m.level,
            parent_id: m.parentId,
            public_key: m.publicKey,
            relation: "below",
            token_hash: null,
            via: sender,
            invited_at: null,
            enrolled_at: now(),
          })
          .onConflict((oc) => oc.column("node_id").doNothing()),
      );
    }
  };

  const cursorsFor = (sender: string, known: Heads = heads()): CursorList =>
    new CursorList(
      {
        node: self.nodeId,
        cursors: [sender, ...subtreeOf(sender)].map((origin) => cursorOf(origin, known)),
        ancestors: ancestorsForChild(),
      },
      // Built here from stored values, not input: the schema check on construction would only cost time.
      true,
    );

  // Parameters in this order: sender, origin, first_seq, last_seq, stored, skipped, checkpoint_seq,
  // checkpoint_hash, checkpoint_signed_at, received_at.
  const insertReceipt = db.prepare(
    db.q.insertInto("federation_receipts").values({
      sender: "",
      origin: "",
      first_seq: null,
      last_seq: null,
      stored: 0,
      skipped: 0,
      checkpoint_seq: 0,
      checkpoint_hash: "",
      checkpoint_signed_at: "",
      received_at: "",
    }),
  );

  /**
   * Parent side: verify a pushed batch, store its new events verbatim, keep its checkpoint with this node's
   * witness countersignature, and record the receipt. Refusals store nothing.
   */
  // Pushes parked until the batch ahead of them (still arriving on another connection) is stored.
  const waiting = new Map<string, Array<{ readonly seq: number; readonly resume: () => void }>>();
  const wake = (origin: string, seq: number): void => {
    const parked = waiting.get(origin);
    if (parked === undefined) return;
    const still = parked.filter((w) => w.seq > seq);
    for (const w of parked) if (w.seq <= seq) w.resume();
    if (still.length === 0) waiting.delete(origin);
    else waiting.set(origin, still);
  };

  /**
   * Resolves once this node holds `origin`'s log up to `seq`, or after `timeoutMs` (whichever comes first): a
   * batch that overtook the one ahead of it (two batches in flight on two connections) waits for it here
   * instead of being refused with `SequenceGap` and sent again.
   */
  const whenHolding = (origin: string, seq: number, timeoutMs: number): Promise<void> => {
    if (cursorOf(origin).seq >= seq) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const parked = waiting.get(origin)?.filter((w) => w.resume !== resume) ?? [];
        if (parked.length === 0) waiting.delete(origin);
        else waiting.set(origin, parked);
        resolve();
      }, timeoutMs);
      const resume = () => {
        clearTimeout(timer);
        resolve();
      };
      waiting.set(origin, [...(waiting.get(origin) ?? []), { seq, resume }]);
    });
  };

  const receivePush = (
    sender: string,
    batch: PushBatch,
  ): Either.Either<PushAccepted, BatchRefusal | UnknownSender | StoreRejected> => {
    if (batch.sender !== sender) {
      return Either.left(new UnknownSender({ sender: batch.sender, detail: `the credential belongs to ${sender}` }));
    }
    const members = withMembers(sender, batch.members);
    const before = heads();
    const held = cursorOf(batch.origin, before);
    const verified = verifyBatch(batch, {
      registry: members.registry,
      held: { cursor: held, heldHash: (seq) => hashAt(batch.origin, seq) },
      crypto,
    });
    if (Either.isLeft(verified)) return Either.left(verified.left);
    registerMembers(sender, members.fresh);
    const { fresh, skipped, checkpoint, cursor } = verified.right;
    const receivedAt = now();
    // Signed before anything is stored (the signature needs only the verified checkpoint), so that the
    // events, the witnessed checkpoint and the receipt go in with one commit.
    const witnessed = witnessCheckpoint(checkpoint, self.nodeId, key.privateKey, receivedAt);
    let receiptId = 0;
    const storedResult = run(
      store.appendReplicated(fresh, () => {
        if (checkpoint.seq > 0) run(store.appendReplicatedCheckpoint(witnessed));
        receiptId = Number(
          insertReceipt.run(
            sender,
            batch.origin,
            batch.events[0]?.seq ?? null,
            batch.events[batch.events.length - 1]?.seq ?? null,
            fresh.length,
            skipped,
            checkpoint.seq,
            checkpoint.hash,
            checkpoint.signedAt,
            receivedAt,
          ).lastInsertRowid,
        );
      }),
    );
    if (Either.isLeft(storedResult)) {
      const e = storedResult.left;
      return Either.left(new StoreRejected({ origin: e.origin, seq: e.seq, detail: e.reason }));
    }
    if (fresh.length > 0) wake(batch.origin, cursor.seq);
    return Either.right(
      new PushAccepted(
        {
          origin: batch.origin,
          stored: fresh.length,
          skipped,
          cursor,
          cursors: cursorsFor(sender, new Map([...before, [batch.origin, cursor]])).cursors,
          witnessed,
          receiptId,
        },
        true,
      ),
    );
  };

  /**
   * The checkpoint that closes a batch of `origin` starting after `afterSeq`: this node signs its own log at
   * any seq; for another origin only checkpoints that origin signed can be passed on, so the batch ends at
   * the last held one within `limit` events (or the first beyond, if none is).
   */
  const closingCheckpoint = (origin: string, afterSeq: number, limit: number, headSeq?: number): Checkpoint | null => {
    if (origin === self.nodeId) {
      const seq = Math.min(headSeq ?? cursorOf(origin).seq, afterSeq + limit);
      if (seq <= afterSeq) return null;
      const hash = hashAt(origin, seq) as string;
      return signCheckpoint(key.privateKey, { origin, seq, hash, signedAt: now() });
    }
    // Two seeks on the checkpoints' (origin, seq) key, not a read of every checkpoint held for the origin.
    const held =
      Effect.runSync(reader.lastCheckpointWithin(origin, afterSeq, afterSeq + limit)) ??
      Effect.runSync(reader.firstCheckpointAfter(origin, afterSeq));
    // Passed on as its origin signed it: a witness's countersignature is the receiver's own to add.
    return held === undefined ? null : { origin: held.origin, seq: held.seq, hash: held.hash, signedAt: held.signedAt, signature: held.signature, witness: null };
  };

  /**
   * Sender side: the next batch of `origin` after `afterSeq` as the JSON text of a `PushBatch` body, or null
   * when nothing checkpointed is left. `headSeq` bounds this node's own log (read once per push, not per batch).
   */
  const nextBatchBody = (origin: string, afterSeq: number, limit: number, headSeq: number, members: ReadonlyArray<SubtreeMember>) => {
    const checkpoint = closingCheckpoint(origin, afterSeq, limit, headSeq);
    if (checkpoint === null) return null;
    const body =
      `{"_tag":"PushBatch","sender":${str(self.nodeId)},"origin":${str(origin)},` +
      `"events":${eventsJson(origin, afterSeq, checkpoint.seq)},"checkpoint":${str(checkpoint)},"members":${str(members)}}`;
    return { body, checkpoint };
  };

  /** The next batch of `origin` after `afterSeq` as envelopes, or null when nothing checkpointed is left. */
  const nextBatch = (origin: string, afterSeq: number, limit: number, headSeq?: number) => {
    const checkpoint = closingCheckpoint(origin, afterSeq, limit, headSeq);
    if (checkpoint === null) return null;
    return { origin, events: eventsAfter(origin, afterSeq, checkpoint.seq), checkpoint };
  };

  /** Parent side: a child pulls this node's own log or an ancestor's, from `afterSeq`. */
  const servePull = (origin: string, afterSeq: number, limit: number): Either.Either<PullBatch, OriginNotServed> => {
    const servable = origin === self.nodeId || nodes().some((n) => n.node_id === origin && n.relation === "above");
    if (!servable) return Either.left(new OriginNotServed({ origin }));
    const batch = nextBatch(origin, afterSeq, limit);
    if (batch === null) return Either.right(new PullBatch({ origin, events: [], checkpoint: null, more: false }));
    const more = batch.checkpoint.seq < cursorOf(origin).seq;
    return Either.right(new PullBatch({ origin, events: batch.events, checkpoint: batch.checkpoint, more }));
  };

  /** Child side: verify and store a pulled batch of an ancestor's log. */
  const acceptPulled = (pulled: PullBatch): Either.Either<number, BatchRefusal | StoreRejected> => {
    if (pulled.checkpoint === null) return Either.right(0);
    const reg = registry();
    const origin = reg.get(pulled.origin);
    const held = cursorOf(pulled.origin);
    const verified = verifyBatch(
      { sender: pulled.origin, origin: pulled.origin, events: pulled.events, checkpoint: pulled.checkpoint },
      {
        registry: origin === undefined ? new Map() : new Map([[pulled.origin, { ...origin, parentId: null }]]),
        held: { cursor: held, heldHash: (seq) => hashAt(pulled.origin, seq) },
        crypto,
      },
    );
    if (Either.isLeft(verified)) return Either.left(verified.left);
    const stored = run(store.appendReplicated(verified.right.fresh));
    if (Either.isLeft(stored)) {
      return Either.left(new StoreRejected({ origin: stored.left.origin, seq: stored.left.seq, detail: stored.left.reason }));
    }
    if (pulled.checkpoint.seq > 0) run(store.appendReplicatedCheckpoint(pulled.checkpoint));
    return Either.right(verified.right.fresh.length);
  };

  /**
   * Child side: keep the parent's countersignature of a checkpoint we pushed — only if it is the parent's
   * valid signature over exactly that checkpoint. False when it is not (nothing is kept).
   */
  const keepWitness = (witnessed: Checkpoint, sent: Checkpoint): boolean => {
    const w = witnessed.witness;
    const up = uplink();
    const parentKey = up === null ? undefined : nodes().find((n) => n.node_id === up.parentId)?.public_key;
    const same =
      witnessed.origin === sent.origin && witnessed.seq === sent.seq && witnessed.hash === sent.hash && witnessed.signature === sent.signature;
    if (w === undefined || w === null || !same || w.node !== up?.parentId || parentKey == null || !verifyWitness(witnessed, parentKey)) {
      return false;
    }
    db.run(
      db.q
        .insertInto("federation_witnesses")
        .values({
          origin: witnessed.origin,
          seq: witnessed.seq,
          hash: witnessed.hash,
          signed_at: witnessed.signedAt,
          signature: witnessed.signature,
          witness_node: w.node,
          witnessed_at: w.signedAt,
          witness_signature: w.signature,
          received_at: now(),
        })
        .onConflict((oc) => oc.columns(["origin", "seq", "witness_node"]).doNothing()),
    );
    return true;
  };

  const witnesses = (origin?: string): Checkpoint[] =>
    db
      .all(
        origin === undefined
          ? db.q.selectFrom("federation_witnesses").selectAll().orderBy("seq")
          : db.q.selectFrom("federation_witnesses").selectAll().where("origin", "=", origin).orderBy("seq"),
      )
      .map(witnessedCheckpointOf);

  const noteSync = (error: string | null): void => {
    db.run(db.q.updateTable("federation_uplink").set({ last_sync_at: now(), last_error: error }).where("id", "=", 1));
  };

  /** The registrations this node relays upward: every node below it that it knows a key for. */
  const members = (): SubtreeMember[] =>
    nodes()
      .filter((n) => n.relation === "below" && n.public_key !== null)
      .map((n) => ({ nodeId: n.node_id, level: n.level as NodeLevel, publicKey: n.public_key as string, parentId: n.parent_id ?? self.nodeId }));

  /** Per child (and node below), the last checkpoint received and when. */
  const status = (): FederationStatus => {
    const up = uplink();
    const children: ChildStatus[] = nodes()
      .filter((n) => n.relation === "below")
      .sort((a, b) => a.node_id.localeCompare(b.node_id))
      .map((n) => {
        const checkpoints = Effect.runSync(store.checkpoints(n.node_id));
        const last = checkpoints.reduce<Checkpoint | null>((best, cp) => (best === null || cp.seq > best.seq ? cp : best), null);
        const receipt = db.all(
          db.q
            .selectFrom("federation_receipts")
            .select("received_at")
            .where("origin", "=", n.node_id)
            .orderBy("id", "desc")
            .limit(1),
        )[0];
        return {
          nodeId: n.node_id,
          level: n.level as NodeLevel,
          parentId: n.parent_id ?? self.nodeId,
          enrolledAt: n.enrolled_at,
          lastCheckpoint: last,
          lastReceivedAt: receipt?.received_at ?? null,
          events: cursorOf(n.node_id).seq,
        };
      });
    return new FederationStatus({
      node: self.nodeId,
      parent: up === null ? null : { nodeId: up.parentId, url: up.url, lastSyncAt: up.lastSyncAt, lastError: up.lastError },
      children,
    });
  };

  /** What a push carries up: this node's own log and every log below it. */
  const originsToPush = (): string[] => [self.nodeId, ...subtreeOf(self.nodeId)];
  /** What a pull brings down: the parent's log and its ancestors'. */
  const originsToPull = (): string[] =>
    nodes()
      .filter((n) => n.relation === "above" && n.public_key !== null)
      .map((n) => n.node_id);

  return {
    self,
    publicKey: store.publicKey,
    invite,
    enroll,
    rememberParent,
    rememberAncestors,
    authenticate,
    receivePush,
    whenHolding,
    cursorsFor,
    cursorOf,
    nextBatch,
    nextBatchBody,
    servePull,
    acceptPulled,
    keepWitness,
    witnesses,
    uplink,
    noteSync,
    members,
    status,
    originsToPush,
    originsToPull,
  };
};

export type FederationNode = ReturnType<typeof makeFederationNode>;
