/**
 * @module Registry and enrollment: the nodes this node knows (its children and their subtrees below, its parent
 * and ancestors above), their keys, invitations and enrollment, and who a credential belongs to.
 */
import { createHash, randomBytes } from "node:crypto";
import type { EventStoreService } from "@planledger/event-store";
import { Effect, Either, Option } from "effect";
import { EnrollAccepted, type EnrollRequest, type NodeIdentity, type NodeLevel, type SubtreeMember } from "../protocol/messages.js";
import type { FederationDb } from "../store/federation-tables.js";
import { ChildRemoved, EnrollmentRefused, NoSuchChild, UnknownSender } from "../verify/refusals.js";
import { isInSubtree, type RegisteredNode } from "../verify/subtree.js";

export interface NodeSelf {
  readonly nodeId: string;
  readonly level: NodeLevel;
}

/** A node below this one, as the registry holds it. */
export interface NodeBelow {
  readonly nodeId: string;
  readonly level: NodeLevel;
  readonly parentId: string;
  readonly enrolledAt: string | null;
  /** When an admin removed this child; null while it is one. */
  readonly removedAt: string | null;
}

/** Registry and enrollment, as the other federation services and the HTTP handler use it. Every call is an Effect. */
export interface NodeRegistry {
  /** Parent side: allow `nodeId` to enroll with the returned token (a fresh one unless given). */
  readonly invite: (child: NodeSelf, token?: string) => Effect.Effect<{ readonly token: string }>;
  /** Parent side: a child presents its invitation token and its key; the answer names this node and its ancestors. */
  readonly enroll: (request: EnrollRequest) => Effect.Effect<EnrollAccepted, EnrollmentRefused>;
  /**
   * Undoes an enrollment: the child's credential is refused from now on (`ChildRemoved`); its log, and every
   * node it relayed, stays held, verifiable and relayed upward. A new invitation admits it again.
   */
  readonly removeChild: (nodeId: string, reason: string) => Effect.Effect<{ readonly removedAt: string }, NoSuchChild>;
  /** Withdraws an invitation not yet used: its token enrolls nothing. */
  readonly cancelInvitation: (nodeId: string) => Effect.Effect<{ readonly invitedAt: string | null }, NoSuchChild>;
  /** Which enrolled child a credential belongs to. */
  readonly authenticate: (token: string | null) => Effect.Effect<string, UnknownSender | ChildRemoved>;
  /** Every node with a known key, this one included; a fresh copy the caller may extend. */
  readonly registry: () => Effect.Effect<Map<string, RegisteredNode>>;
  /** Every node known below `root` (not `root` itself, not this node), sorted. */
  readonly subtreeOf: (root: string) => Effect.Effect<string[]>;
  /** What a child of this node must know above its parent: this node's parent first, then the rest upward. */
  readonly ancestorsForChild: (child?: string) => Effect.Effect<SubtreeMember[]>;
  /** The registrations this node relays upward: every node below it that it knows a key for. */
  readonly members: () => Effect.Effect<SubtreeMember[]>;
  /**
   * The sender's word for nodes below it, taken only under nodes already known (or just taken) to be below it, and
   * only for ids this node does not know yet: the registry extended with them, and the new ones.
   */
  readonly withMembers: (
    sender: string,
    members: ReadonlyArray<SubtreeMember>,
  ) => Effect.Effect<{ readonly registry: Map<string, RegisteredNode>; readonly fresh: SubtreeMember[] }>;
  /** Stores members taken from a batch that passed verification (a refused batch leaves no trace). */
  readonly registerMembers: (sender: string, members: ReadonlyArray<SubtreeMember>) => Effect.Effect<void>;
  /**
   * Child side: keep the parent (from an accepted enrollment) as the node above, its key registered; `alongside`
   * writes in the same transaction (the uplink's row).
   */
  readonly rememberAbove: (parent: NodeIdentity, parentOfParent: string | null, enrolledAt: string, alongside?: Effect.Effect<void>) => Effect.Effect<void, EnrollmentRefused>;
  /**
   * Child side: the nodes above the parent, as the parent lists them (at enrollment and with every cursor list), so
   * a node enrolled before its parent was also pulls the ancestors the parent learnt of later. Nodes no longer
   * listed are forgotten (a parent moved elsewhere); their copies stay.
   */
  readonly rememberAncestors: (parentId: string, list: ReadonlyArray<SubtreeMember>) => Effect.Effect<void>;
  /** The public key held for a node above or below, if any. */
  readonly keyOf: (nodeId: string) => Effect.Effect<string | null>;
  /** Whether `origin` is this node or one above it: what a child may pull from here. */
  readonly servesPull: (origin: string) => Effect.Effect<boolean>;
  /** Nodes below this one, sorted, with what the registry holds of each. */
  readonly below: () => Effect.Effect<ReadonlyArray<NodeBelow>>;
  /** What a push carries up: this node's own log and every log below it. */
  readonly originsToPush: () => Effect.Effect<string[]>;
  /** What a pull brings down: the parent's log and its ancestors'. */
  readonly originsToPull: () => Effect.Effect<string[]>;
}

export interface NodeRegistryOptions {
  readonly self: NodeSelf;
  readonly store: EventStoreService;
  readonly db: FederationDb;
  /** This node's parent, when it has enrolled with one (the uplink's). */
  readonly parentId: () => Effect.Effect<string | null>;
  readonly now: () => string;
}

const sha256 = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex");

/** Where a node's succession is kept: `succession:<node>` (the domain's `successionStream`). */
const SUCCESSION_PREFIX = "succession:";

/**
 * @example
 * const registry = makeNodeRegistry({ self, store, db, parentId: () => Effect.succeed(null), now })
 * const { token } = yield* registry.invite({ nodeId: "novopskovskyi", level: "district" })
 */
export const makeNodeRegistry = (options: NodeRegistryOptions): NodeRegistry => {
  const { self, store, db, parentId, now } = options;
  // Asked several times per pushed batch: built once, compiled once, answered from memory while unchanged.
  const nodesQuery = db.q.selectFrom("federation_nodes").selectAll();
  const nodes = () => db.cachedAll(nodesQuery);

  let known: { readonly generation: number; readonly selfKey: string; readonly map: ReadonlyMap<string, RegisteredNode> } | undefined;
  const registry = (): Effect.Effect<Map<string, RegisteredNode>> =>
    Effect.gen(function* () {
      const generation = yield* db.generation;
      // This node's own key moves with its log, not with the tables: a rotation is seen at once.
      if (known === undefined || known.generation !== generation || generation < 0 || known.selfKey !== store.publicKey) {
        const map = new Map<string, RegisteredNode>();
        for (const n of yield* nodes()) {
          if (n.public_key !== null) map.set(n.node_id, { nodeId: n.node_id, parentId: n.parent_id, publicKey: n.public_key });
        }
        map.set(self.nodeId, { nodeId: self.nodeId, parentId: yield* parentId(), publicKey: store.publicKey });
        known = { generation, selfKey: store.publicKey, map };
      }
      return new Map(known.map);
    });

  const subtreeOf = (root: string): Effect.Effect<string[]> =>
    Effect.map(registry(), (reg) => [...reg.keys()].filter((id) => id !== self.nodeId && id !== root && isInSubtree(reg, root, id)).sort());

  const registerKey = (nodeId: string, publicKey: string): Effect.Effect<void, EnrollmentRefused> =>
    Effect.mapError(store.registerNodeKey(nodeId, publicKey), (e) => new EnrollmentRefused({ nodeId, detail: e.reason }));

  const invite = (child: NodeSelf, token?: string): Effect.Effect<{ readonly token: string }> =>
    Effect.gen(function* () {
      const secret = token ?? randomBytes(24).toString("base64url");
      const existing = (yield* nodes()).find((n) => n.node_id === child.nodeId);
      if (existing === undefined) {
        yield* db.run(
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
            removed_at: null,
            removed_reason: null,
          }),
        );
      } else {
        // Invited again after a removal: the new token admits it once more.
        yield* db.run(
          db.q
            .updateTable("federation_nodes")
            .set({ token_hash: sha256(secret), invited_at: now(), removed_at: null, removed_reason: null })
            .where("node_id", "=", child.nodeId),
        );
      }
      return { token: secret };
    });

  const ancestors = (): Effect.Effect<SubtreeMember[]> =>
    Effect.map(nodes(), (rows) =>
      rows
        .filter((n) => n.relation === "above" && n.public_key !== null)
        .map((n) => ({ nodeId: n.node_id, level: n.level as NodeLevel, publicKey: n.public_key as string, parentId: n.parent_id ?? "" })),
    );

  /**
   * Issue #18: the nodes below this one whose succession (`SuccessorNamed`, stream `succession:<node>`, held here)
   * names `child` — or any successor when no child is named. The successor pulls their logs as it pulls its
   * ancestors', to continue their plans (docs/federation.md "The hierarchy over time").
   */
  const predecessorsOf = (child?: string): Effect.Effect<SubtreeMember[]> =>
    Effect.gen(function* () {
      // Every succession held, in one read of the streams' index (asked on every push: not a read per node below).
      const successorOf = new Map<string, unknown>();
      for (const e of yield* store.reader.readStreamsPrefixed(SUCCESSION_PREFIX)) {
        const node = e.stream.slice(SUCCESSION_PREFIX.length);
        if (e.type === "SuccessorNamed" && !successorOf.has(node)) successorOf.set(node, (e.data as { successor?: unknown }).successor);
      }
      if (successorOf.size === 0) return [];
      const found: SubtreeMember[] = [];
      for (const n of yield* nodes()) {
        if (n.relation !== "below" || n.public_key === null) continue;
        const successor = successorOf.get(n.node_id);
        if (typeof successor !== "string" || (child !== undefined && successor !== child)) continue;
        found.push({ nodeId: n.node_id, level: n.level as NodeLevel, publicKey: n.public_key, parentId: n.parent_id ?? self.nodeId });
      }
      return found;
    });

  const ancestorsForChild = (child?: string): Effect.Effect<SubtreeMember[]> =>
    Effect.gen(function* () {
      const parent = yield* parentId();
      const all = yield* ancestors();
      const above = [...all.filter((a) => a.nodeId === parent), ...all.filter((a) => a.nodeId !== parent)];
      return child === undefined ? above : [...above, ...(yield* predecessorsOf(child)).filter((p) => p.nodeId !== child)];
    });

  const enroll = (request: EnrollRequest): Effect.Effect<EnrollAccepted, EnrollmentRefused> =>
    Effect.gen(function* () {
      const { child, token } = request;
      const invited = (yield* nodes()).find((n) => n.node_id === child.nodeId && n.relation === "below" && n.via === null);
      if (invited === undefined || invited.token_hash !== sha256(token)) {
        return yield* new EnrollmentRefused({ nodeId: child.nodeId, detail: "no invitation for this node id and token" });
      }
      if (invited.removed_at !== null) {
        return yield* new EnrollmentRefused({ nodeId: child.nodeId, detail: `removed on ${invited.removed_at}: ask the parent's admin for a new invitation` });
      }
      if (invited.public_key !== null && invited.public_key !== child.publicKey) {
        return yield* new EnrollmentRefused({ nodeId: child.nodeId, detail: "this node enrolled with another public key" });
      }
      yield* registerKey(child.nodeId, child.publicKey);
      const enrolledAt = invited.enrolled_at ?? now();
      yield* db.run(
        db.q
          .updateTable("federation_nodes")
          .set({ public_key: child.publicKey, level: child.level, enrolled_at: enrolledAt })
          .where("node_id", "=", child.nodeId),
      );
      return new EnrollAccepted({
        parent: { nodeId: self.nodeId, level: self.level, publicKey: store.publicKey },
        ancestors: yield* ancestorsForChild(child.nodeId),
        enrolledAt,
      });
    });

  const upsertAbove = (n: NodeIdentity, parent: string | null, via: string | null, at: string): Effect.Effect<void> =>
    db.run(
      db.q
        .insertInto("federation_nodes")
        .values({
          node_id: n.nodeId,
          level: n.level,
          parent_id: parent,
          public_key: n.publicKey,
          relation: "above",
          token_hash: null,
          via,
          invited_at: null,
          enrolled_at: at,
        })
        .onConflict((oc) => oc.column("node_id").doUpdateSet({ public_key: n.publicKey, level: n.level, parent_id: parent, via })),
    );

  const rememberAbove: NodeRegistry["rememberAbove"] = (parent, parentOfParent, enrolledAt, alongside) =>
    Effect.gen(function* () {
      yield* registerKey(parent.nodeId, parent.publicKey);
      yield* db.transaction(Effect.zipRight(upsertAbove(parent, parentOfParent, null, enrolledAt), alongside ?? Effect.void));
    });

  const rememberAncestors = (parent: string, list: ReadonlyArray<SubtreeMember>): Effect.Effect<void> =>
    Effect.gen(function* () {
      const kept: SubtreeMember[] = [];
      for (const a of list) {
        if (a.nodeId !== self.nodeId && Either.isRight(yield* Effect.either(store.registerNodeKey(a.nodeId, a.publicKey)))) kept.push(a);
      }
      yield* db.transaction(
        Effect.gen(function* () {
          yield* db.run(
            db.q
              .deleteFrom("federation_nodes")
              .where("relation", "=", "above")
              .where("node_id", "not in", [parent, ...kept.map((a) => a.nodeId)]),
          );
          for (const a of kept) yield* upsertAbove(a, a.parentId || null, parent, now());
        }),
      );
    });

  const authenticate = (token: string | null): Effect.Effect<string, UnknownSender | ChildRemoved> =>
    Effect.gen(function* () {
      if (token === null) return yield* new UnknownSender({ sender: "", detail: "no credential" });
      const hash = sha256(token);
      const child = (yield* nodes()).find((n) => n.token_hash === hash && n.relation === "below" && n.via === null && n.public_key !== null);
      if (child === undefined) return yield* new UnknownSender({ sender: "", detail: "the credential matches no enrolled child" });
      if (child.removed_at !== null)
        return yield* new ChildRemoved({ sender: child.node_id, removedAt: child.removed_at, reason: child.removed_reason ?? "" });
      return child.node_id;
    });

  const directChild = (nodeId: string) =>
    Effect.map(nodes(), (rows) => rows.find((n) => n.node_id === nodeId && n.relation === "below" && n.via === null));

  const removeChild = (nodeId: string, reason: string): Effect.Effect<{ readonly removedAt: string }, NoSuchChild> =>
    Effect.gen(function* () {
      const child = yield* directChild(nodeId);
      if (child === undefined)
        return yield* new NoSuchChild({ nodeId, detail: "not a child of this node (a node relayed by a child is removed with it, or by that child)" });
      if (child.public_key === null) return yield* new NoSuchChild({ nodeId, detail: "invited, never enrolled: cancel the invitation instead" });
      if (child.removed_at !== null) return yield* new NoSuchChild({ nodeId, detail: `already removed on ${child.removed_at}` });
      const removedAt = now();
      yield* db.run(db.q.updateTable("federation_nodes").set({ removed_at: removedAt, removed_reason: reason }).where("node_id", "=", nodeId));
      return { removedAt };
    });

  const cancelInvitation = (nodeId: string): Effect.Effect<{ readonly invitedAt: string | null }, NoSuchChild> =>
    Effect.gen(function* () {
      const child = yield* directChild(nodeId);
      if (child === undefined) return yield* new NoSuchChild({ nodeId, detail: "no invitation for this node id" });
      if (child.public_key !== null) return yield* new NoSuchChild({ nodeId, detail: "already enrolled: remove the child instead" });
      yield* db.run(db.q.deleteFrom("federation_nodes").where("node_id", "=", nodeId).where("public_key", "is", null));
      return { invitedAt: child.invited_at };
    });

  const withMembers = (sender: string, members: ReadonlyArray<SubtreeMember>) =>
    Effect.gen(function* () {
      const reg = yield* registry();
      const fresh: SubtreeMember[] = [];
      for (const m of members) {
        if (reg.has(m.nodeId) || !isInSubtree(reg, sender, m.parentId)) continue;
        const held = yield* store.nodeKey(m.nodeId);
        if (Option.isSome(held) && held.value !== m.publicKey) continue;
        reg.set(m.nodeId, { nodeId: m.nodeId, parentId: m.parentId, publicKey: m.publicKey });
        fresh.push(m);
      }
      return { registry: reg, fresh };
    });

  const registerMembers = (sender: string, members: ReadonlyArray<SubtreeMember>): Effect.Effect<void> =>
    Effect.gen(function* () {
      for (const m of members) {
        if (Either.isLeft(yield* Effect.either(store.registerNodeKey(m.nodeId, m.publicKey)))) continue;
        yield* db.run(
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
    });

  return {
    invite,
    enroll,
    removeChild,
    cancelInvitation,
    authenticate,
    registry,
    subtreeOf,
    ancestorsForChild,
    members: () =>
      Effect.map(nodes(), (rows) =>
        rows
          .filter((n) => n.relation === "below" && n.public_key !== null)
          .map((n) => ({ nodeId: n.node_id, level: n.level as NodeLevel, publicKey: n.public_key as string, parentId: n.parent_id ?? self.nodeId })),
      ),
    withMembers,
    registerMembers,
    rememberAbove,
    rememberAncestors,
    keyOf: (nodeId) => Effect.map(nodes(), (rows) => rows.find((n) => n.node_id === nodeId)?.public_key ?? null),
    servesPull: (origin) =>
      Effect.gen(function* () {
        if (origin === self.nodeId || (yield* nodes()).some((n) => n.node_id === origin && n.relation === "above")) return true;
        return (yield* predecessorsOf()).some((p) => p.nodeId === origin);
      }),
    below: () =>
      Effect.map(nodes(), (rows) =>
        rows
          .filter((n) => n.relation === "below")
          .sort((a, b) => a.node_id.localeCompare(b.node_id))
          .map((n) => ({
            nodeId: n.node_id,
            level: n.level as NodeLevel,
            parentId: n.parent_id ?? self.nodeId,
            enrolledAt: n.enrolled_at,
            removedAt: n.removed_at ?? null,
          })),
      ),
    originsToPush: () => Effect.map(subtreeOf(self.nodeId), (below) => [self.nodeId, ...below]),
    originsToPull: () =>
      Effect.map(nodes(), (rows) =>
        rows
          .filter((n) => n.relation === "above" && n.public_key !== null)
          .map((n) => n.node_id),
      ),
  };
};
