/**
 * @module Each origin log's Merkle tree (RFC 9162) inside the store: kept in step with the log in the write
 * transaction of every batch, built once at open for logs written before it, read for tree heads, inclusion and
 * consistency proofs and C2SP checkpoints, and recomputed from the events by `audit verify`.
 *
 * Leaves are the events' entries (`tree-leaf.ts`); leaf `seq − 1` of an origin's tree is its event at `seq`, so
 * the tree of size n is the log up to seq n. The store keeps the interior perfect subtrees (level ≥ 1) in
 * `tree_nodes`, one row per event on average, and recomputes a leaf from its event when a proof or a frontier
 * needs it (at most one per frontier or inclusion proof, two per consistency proof).
 */
import type { KeyObject } from "node:crypto";
import { Effect, Either } from "effect";
import { TreeSizeError, UnknownEventError } from "./event-store.errors.js";
import type { LogBackend, LogTransaction } from "./log-backend.js";
import type { Breakage } from "./log-verifier.js";
import type { LogReader, StoredTreeNode, TreeNodeQuery } from "./log-reader.js";
import { CompactRange, type TreeNodeId, rangeNodes } from "./merkle/compact-range.js";
import { MissingNodeError } from "./merkle/merkle.errors.js";
import { lastInteriorPosition, nodeAtPosition, nodePosition } from "./merkle/node-position.js";
import { verifyConsistency, verifyInclusion } from "./merkle/proof-verify.js";
import { type ProofPlan, consistencyPlan, inclusionPlan, planNodes, resolvePlan } from "./merkle/proofs.js";
import { ed25519NoteSigner, ed25519NoteVerifier, isKeyName, verifierKey } from "./merkle/signed-note.js";
import { signTlogCheckpoint } from "./merkle/tlog-checkpoint.js";
import { emptyRoot } from "./merkle/tree-hash.js";
import { type TreeLeaf, eventLeafHash, leafEntry } from "./tree-leaf.js";

/** One origin's events appended by a write: the tree held `size` leaves before them, the log ended in `headHash`. */
export interface LeafBatch {
  readonly origin: string;
  readonly size: number;
  /** The chained hash at seq `size` (the genesis hash at 0): it names the whole log before the batch. */
  readonly headHash: string;
  readonly leaves: ReadonlyArray<TreeLeaf>;
}

const key = (id: TreeNodeId): string => `${id.level} ${id.index}`;

/** The frontier of each batch's tree (one read for all of them), or a defect naming the first node missing. */
const frontiers = (
  read: (queries: ReadonlyArray<TreeNodeQuery>) => Effect.Effect<ReadonlyArray<ReadonlyArray<Uint8Array | undefined>>>,
  batches: ReadonlyArray<Pick<LeafBatch, "origin" | "size">>,
): Effect.Effect<Array<CompactRange>> => {
  const ids = batches.map((b) => rangeNodes(0, b.size));
  return Effect.flatMap(
    read(batches.map((b, i) => ({ origin: b.origin, ids: ids[i] as Array<TreeNodeId> }))),
    (answers) =>
      Effect.forEach(batches, (batch, i) => {
        const hashes = answers[i] ?? [];
        const missing = (ids[i] as Array<TreeNodeId>).findIndex((_, j) => hashes[j] === undefined);
        if (missing !== -1) {
          const id = (ids[i] as Array<TreeNodeId>)[missing] as TreeNodeId;
          return Effect.dieMessage(
            `дерево Меркла ${batch.origin} відстає від журналу / the Merkle tree of ${batch.origin} is behind its log: ${new MissingNodeError(id).message}`,
          );
        }
        return Effect.succeed(CompactRange.fromHashes(batch.size, hashes as ReadonlyArray<Uint8Array>));
      }),
  );
};

/** The interior nodes an append completed, as stored: the leaves themselves are recomputed from their events. */
const storedNodes = (origin: string, range: CompactRange, leaves: ReadonlyArray<TreeLeaf>): { range: CompactRange; nodes: Array<StoredTreeNode> } => {
  const { range: next, nodes } = range.appendAll(leaves.map(eventLeafHash));
  const stored: Array<StoredTreeNode> = [];
  for (const node of nodes) if (node.level > 0) stored.push({ origin, position: nodePosition(node), hash: node.hash });
  return { range: next, nodes: stored };
};

/**
 * A frontier and the chained hash of the log's last event it covers. That hash names the whole log up to there,
 * so the frontier is the right one whenever the log ends in that hash again: a frontier kept from a write that was
 * rolled back, or made stale by another process's appends, simply does not match and is read again.
 */
export interface KnownFrontier {
  readonly headHash: string;
  readonly range: CompactRange;
}

/** The last known frontier of each origin's tree: an append of one event then reads no tree node at all. */
export type FrontierCache = Map<string, KnownFrontier>;

/**
 * Appends each batch's events to its origin's tree inside the write transaction that stores them: the frontiers
 * (the perfect subtrees of each tree as it was, one per bit set in its size) from `cache` when it knows the log's
 * head, else all in one read; then one write of the nodes the new leaves complete. The new frontiers go into
 * `cache`. A frontier node missing is a defect: the tree is behind its log.
 *
 * @example
 * yield* appendToTrees(tx, [{ origin: "luhanska", size: head.seq, headHash: head.hash, leaves: rows }], cache);
 */
export const appendToTrees = (
  tx: LogTransaction,
  batches: ReadonlyArray<LeafBatch>,
  cache?: FrontierCache,
): Effect.Effect<void> => {
  const wanted = batches.filter((b) => b.leaves.length > 0);
  if (wanted.length === 0) return Effect.void;
  const cached = wanted.map((b) => {
    const known = cache?.get(b.origin);
    return known !== undefined && known.range.size === b.size && known.headHash === b.headHash ? known.range : undefined;
  });
  const missing = wanted.filter((_, i) => cached[i] === undefined);
  const read = missing.length === 0 ? Effect.succeed([]) : frontiers(tx.treeNodes, missing);
  return Effect.flatMap(read, (readRanges) => {
    const nodes: Array<StoredTreeNode> = [];
    let r = 0;
    wanted.forEach((batch, i) => {
      const before = cached[i] ?? (readRanges[r++] as CompactRange);
      const appended = storedNodes(batch.origin, before, batch.leaves);
      for (const node of appended.nodes) nodes.push(node);
      cache?.set(batch.origin, { headHash: (batch.leaves.at(-1) as TreeLeaf).hash, range: appended.range });
    });
    return nodes.length === 0 ? Effect.void : tx.putTreeNodes(nodes);
  });
};

/** Leaves read per step while building or checking a tree. */
const PAGE = 5_000;

/** The tree size whose nodes a store holds when its last stored node is at `position` (0 for none). */
const sizeAfter = (position: number): number => {
  if (position < 0) return 0;
  const { level, index } = nodeAtPosition(position);
  return (index + 1) * 2 ** level;
};

/** An origin whose stored tree reaches past the end of its log: events were removed after the tree saw them. */
export interface TreeAhead extends Breakage {
  readonly origin: string;
}

/** What an opening did to the trees: the origins it built or caught up (from, to), or the first one ahead of its log. */
export interface TreeCatchUp {
  readonly built: ReadonlyArray<{ readonly origin: string; readonly fromSize: number; readonly toSize: number }>;
  readonly ahead: TreeAhead | null;
}

type BuildOutcome = { readonly ahead: TreeAhead } | { readonly built: TreeCatchUp["built"][number] };

const aheadOf = (origin: string, seq: number, last: number): TreeAhead => ({
  origin,
  position: null,
  seq: seq + 1,
  reason: `the Merkle tree holds nodes for ${sizeAfter(last)} leaves, but the log ends at seq ${seq}: events were removed`,
});

/**
 * Brings every origin's tree up to its log's head, once, at open (after the logs were verified): a database
 * written before the trees existed — or with events written around the store — gets them built here, from the
 * leaf after the last stored node on (linear: one hash per leaf and one per node, read and written a page at a
 * time). Each origin is built in one write transaction, which also keeps out other writers of the same database
 * meanwhile; one already in step costs one seek. A tree that reaches past its log's end is reported, not touched.
 *
 * @example
 * const { built, ahead } = yield* catchUpTrees(backend);
 */
export const catchUpTrees = (backend: LogBackend): Effect.Effect<TreeCatchUp> =>
  Effect.gen(function* () {
    const built: Array<TreeCatchUp["built"][number]> = [];
    for (const head of yield* backend.reader.heads()) {
      const expected = lastInteriorPosition(head.seq);
      const last = yield* backend.reader.lastTreePosition(head.origin);
      if (last === expected) continue;
      if (last > expected) return { built, ahead: aheadOf(head.origin, head.seq, last) };
      const outcome = yield* backend.write((tx) =>
        Effect.gen(function* () {
          // Again under the write lock: another process may have built it meanwhile, or appended.
          const seq = (yield* tx.originHead(head.origin))?.seq ?? 0;
          const from = yield* tx.lastTreePosition(head.origin);
          if (from > lastInteriorPosition(seq)) return { ahead: aheadOf(head.origin, seq, from) } as BuildOutcome;
          const fromSize = sizeAfter(from);
          let [range] = yield* frontiers(tx.treeNodes, [{ origin: head.origin, size: fromSize }]);
          for (let after = fromSize; after < seq; after += PAGE) {
            const leaves = yield* tx.treeLeaves(head.origin, after, Math.min(after + PAGE, seq));
            const appended = storedNodes(head.origin, range as CompactRange, leaves);
            range = appended.range;
            if (appended.nodes.length > 0) yield* tx.putTreeNodes(appended.nodes);
          }
          return { built: { origin: head.origin, fromSize, toSize: seq } } as BuildOutcome;
        }),
      );
      if ("ahead" in outcome) return { built, ahead: outcome.ahead };
      if (outcome.built.fromSize < outcome.built.toSize) built.push(outcome.built);
    }
    return { built, ahead: null };
  });

/** What a check of one origin's stored tree against its events found. */
export interface TreeCheck {
  /** The root recomputed from the events, at the log's size. */
  readonly root: Buffer;
  /** The first stored node that is not the one the events give (or missing, or beyond the log); null when all hold. */
  readonly broken: Breakage | null;
}

const nodeName = (position: number): string => {
  const { level, index } = nodeAtPosition(position);
  return `level ${level}, index ${index}`;
};

/**
 * Recomputes `origin`'s tree of `size` leaves from its events and compares every stored node with it, both walked
 * in position order a page at a time: linear in events, memory bounded. Catches an altered, missing or added node.
 *
 * @example
 * const { root, broken } = yield* checkTree(reader, "luhanska", head.seq);
 */
export const checkTree = (reader: LogReader, origin: string, size: number): Effect.Effect<TreeCheck> =>
  Effect.gen(function* () {
    let range = CompactRange.empty;
    let lastChecked = -1;
    const fail = (position: number, reason: string): TreeCheck => {
      const { level, index } = nodeAtPosition(position);
      return { root: range.root(), broken: { position: null, seq: Math.min((index + 1) * 2 ** level, size + 1), reason } };
    };
    for (let after = 0; after < size; after += PAGE) {
      const until = Math.min(after + PAGE, size);
      const leaves = yield* reader.treeLeaves(origin, after, until);
      if (leaves.length !== until - after) return { root: range.root(), broken: { position: null, seq: after + 1, reason: "events are missing" } };
      const appended = storedNodes(origin, range, leaves);
      range = appended.range;
      const stored = yield* reader.treeNodesBetween(origin, lastChecked, lastInteriorPosition(until));
      let s = 0;
      for (const node of appended.nodes) {
        const held = stored[s];
        if (held !== undefined && held.position < node.position)
          return fail(held.position, `the Merkle tree holds a node (${nodeName(held.position)}) that the events do not give`);
        if (held === undefined || held.position > node.position)
          return fail(node.position, `the Merkle tree node (${nodeName(node.position)}) is missing`);
        if (!Buffer.from(held.hash).equals(node.hash))
          return fail(node.position, `the Merkle tree node (${nodeName(node.position)}) differs from the one the events give`);
        s++;
      }
      if (s < stored.length) {
        const extra = (stored[s] as StoredTreeNode).position;
        return fail(extra, `the Merkle tree holds a node (${nodeName(extra)}) that the events do not give`);
      }
      lastChecked = lastInteriorPosition(until);
    }
    const last = yield* reader.lastTreePosition(origin);
    if (last > lastChecked)
      return { root: range.root(), broken: { position: null, seq: size + 1, reason: `the Merkle tree holds nodes beyond the end of the log (seq ${size})` } };
    return { root: range.root(), broken: null };
  });

// ---- Reads: tree heads, proofs, checkpoints ----

const hex = (hash: Uint8Array): string => Buffer.from(hash).toString("hex");

/** The origin's tree size here (its head seq), and `size` checked against it. */
const sizeWithin = (reader: LogReader, origin: string, size: number | undefined, what: readonly [uk: string, en: string] = ["розмір", "size"]) =>
  Effect.flatMap(reader.originHead(origin), (head) => {
    const held = head?.seq ?? 0;
    const n = size ?? held;
    const problem = (reason: string) => Effect.fail(new TreeSizeError({ origin, treeSize: held, reason }));
    if (!Number.isSafeInteger(n) || n < 0) return problem(`${what[0]} ${n}: не ціле число від 0 / ${what[1]} ${n}: not a whole number from 0`);
    if (n > held) return problem(`${what[0]} ${n} більший за кількість подій журналу, ${held} / ${what[1]} ${n} is beyond the ${held} events held`);
    return Effect.succeed({ held, size: n });
  });

/** The hashes of every node the plans need, in one read; a node missing is a defect (the tree is damaged or behind). */
const readPlans = (reader: LogReader, origin: string, plans: ReadonlyArray<ProofPlan>): Effect.Effect<Array<Array<Buffer>>> => {
  const ids = planNodes(plans.flat());
  return Effect.flatMap(reader.treeNodes([{ origin, ids }]), ([hashes]) => {
    const byId = new Map<string, Uint8Array | undefined>(ids.map((id, i) => [key(id), hashes?.[i]]));
    const resolved: Array<Array<Buffer>> = [];
    for (const plan of plans) {
      const proof = resolvePlan(plan, (id) => byId.get(key(id)));
      if (Either.isLeft(proof)) return Effect.dieMessage(`дерево Меркла ${origin} пошкоджене / the Merkle tree of ${origin} is damaged: ${proof.left.message}`);
      resolved.push(proof.right);
    }
    return Effect.succeed(resolved);
  });
};

/** A tree's root as a plan of one group: its frontier, folded right to left. */
const rootPlanOf = (size: number): ProofPlan => [rangeNodes(0, size)];
/** The root a resolved root plan gives (the empty tree's root for size 0, which has no frontier). */
const rootOf = (resolved: ReadonlyArray<Buffer> | undefined, size: number): Buffer => (size === 0 ? emptyRoot() : (resolved?.[0] as Buffer));

/**
 * The root of `origin`'s tree at `size` (default: every event held), lower-case hex; the empty tree's root at 0.
 *
 * @example
 * yield* treeHeadOf(reader, "luhanska") // "5a1c…"
 */
export const treeHeadOf = (reader: LogReader, origin: string, size?: number): Effect.Effect<string, TreeSizeError> =>
  Effect.flatMap(sizeWithin(reader, origin, size), ({ size: n }) =>
    Effect.map(readPlans(reader, origin, [rootPlanOf(n)]), ([root]) => hex(rootOf(root, n))),
  );

/** An event's inclusion proof: its leaf entry, where it is, the audit path and the root it leads to. */
export interface InclusionProof {
  readonly origin: string;
  /** The exact leaf bytes (`leafEntry`): SHA-256(0x00 ‖ entry) is the leaf hash. */
  readonly entry: Buffer;
  readonly leafIndex: number;
  readonly treeSize: number;
  /** The audit path (RFC 9162 §2.1.3.1), leaf end first, lower-case hex. */
  readonly proof: ReadonlyArray<string>;
  /** The root of the tree at `treeSize`, lower-case hex. */
  readonly root: string;
}

/**
 * The inclusion proof of the event `eventId` in its origin's tree at `treeSize` (default: every event held). The
 * proof is checked against the root read with it before it is given: one that does not verify is a defect (the
 * stored tree is damaged; `audit verify` names the node).
 *
 * @example
 * const { entry, leafIndex, treeSize, proof, root } = yield* inclusionProofOf(reader, eventId);
 */
export const inclusionProofOf = (
  reader: LogReader,
  eventId: string,
  treeSize?: number,
): Effect.Effect<InclusionProof, UnknownEventError | TreeSizeError> =>
  Effect.gen(function* () {
    const leaf = yield* reader.leafOf(eventId);
    if (leaf === undefined) return yield* new UnknownEventError({ eventId });
    const { origin } = leaf;
    const { held, size } = yield* sizeWithin(reader, origin, treeSize);
    if (size < leaf.seq)
      return yield* new TreeSizeError({
        origin,
        treeSize: held,
        reason: `розмір ${size} не містить події ${eventId} (seq ${leaf.seq}) / size ${size} does not hold event ${eventId} (seq ${leaf.seq})`,
      });
    const plan = Either.getOrThrow(inclusionPlan(leaf.seq - 1, size));
    const [proof, root] = yield* readPlans(reader, origin, [plan, rootPlanOf(size)]);
    const rootHash = rootOf(root, size);
    const entry = leafEntry(leaf);
    const verified = verifyInclusion(leaf.seq - 1, size, eventLeafHash(leaf), proof as Array<Buffer>, rootHash);
    if (Either.isLeft(verified)) return yield* Effect.dieMessage(`дерево Меркла ${origin} пошкоджене / the Merkle tree of ${origin} is damaged: ${verified.left.message}`);
    return { origin, entry, leafIndex: leaf.seq - 1, treeSize: size, proof: (proof as Array<Buffer>).map(hex), root: hex(rootHash) };
  });

/** A consistency proof between two sizes of an origin's tree, with both roots. */
export interface ConsistencyProof {
  readonly origin: string;
  readonly fromSize: number;
  readonly toSize: number;
  /** RFC 9162 §2.1.4.1's PROOF(fromSize, D[toSize]), lower-case hex (empty when the sizes are equal). */
  readonly proof: ReadonlyArray<string>;
  readonly fromRoot: string;
  readonly toRoot: string;
}

/**
 * The consistency proof from `origin`'s tree at `fromSize` to the tree at `toSize` (1 ≤ fromSize ≤ toSize ≤ the
 * events held), with both roots, checked before it is given as an inclusion proof is.
 *
 * @example
 * const { proof, fromRoot, toRoot } = yield* consistencyProofOf(reader, "luhanska", kept.size, 1000);
 */
export const consistencyProofOf = (
  reader: LogReader,
  origin: string,
  fromSize: number,
  toSize: number,
): Effect.Effect<ConsistencyProof, TreeSizeError> =>
  Effect.gen(function* () {
    const { held } = yield* sizeWithin(reader, origin, toSize, ["кінцевий розмір", "to size"]);
    yield* sizeWithin(reader, origin, fromSize, ["початковий розмір", "from size"]);
    const problem = (reason: string) => new TreeSizeError({ origin, treeSize: held, reason });
    if (fromSize === 0) return yield* problem("доказ узгодженості від порожнього дерева нічого не доводить / a consistency proof from the empty tree (size 0) proves nothing");
    if (fromSize > toSize) return yield* problem(`початковий розмір ${fromSize} більший за кінцевий ${toSize} / from size ${fromSize} is greater than to size ${toSize}`);
    const plan = Either.getOrThrow(consistencyPlan(fromSize, toSize));
    const [proof, from, to] = yield* readPlans(reader, origin, [plan, rootPlanOf(fromSize), rootPlanOf(toSize)]);
    const fromRoot = rootOf(from, fromSize);
    const toRoot = rootOf(to, toSize);
    const verified = verifyConsistency(fromSize, toSize, proof as Array<Buffer>, fromRoot, toRoot);
    if (Either.isLeft(verified)) return yield* Effect.dieMessage(`дерево Меркла ${origin} пошкоджене / the Merkle tree of ${origin} is damaged: ${verified.left.message}`);
    return { origin, fromSize, toSize, proof: (proof as Array<Buffer>).map(hex), fromRoot: hex(fromRoot), toRoot: hex(toRoot) };
  });

/**
 * The origin line (and note key name) of a node's log in C2SP checkpoints: `planledger/<nodeId>`. tlog-checkpoint
 * asks for a non-empty line, recommends a schema-less URL with neither spaces nor "+", and recommends the log's
 * key name to match it; signed-note's key names may hold neither. Throws a TypeError for a node id that breaks
 * them (configuration, not data).
 *
 * @example
 * tlogOrigin("luhanska") // "planledger/luhanska"
 */
export const tlogOrigin = (nodeId: string): string => {
  const origin = `planledger/${nodeId}`;
  if (nodeId === "" || nodeId.includes("/") || !isKeyName(origin)) throw new TypeError(`node id ${JSON.stringify(nodeId)} cannot name a C2SP log: it is empty or holds a space, "+" or "/"`);
  return origin;
};

/** A node's own log as a C2SP tlog-checkpoint: the signed note and what a verifier needs to open it. */
export interface TlogCheckpointNote {
  /** The origin line and key name, `planledger/<nodeId>`. */
  readonly origin: string;
  readonly treeSize: number;
  /** The root at `treeSize`, lower-case hex (the note carries it in base64). */
  readonly root: string;
  /** The signed note, as text: `<origin>\n<size>\n<base64 root>\n\n— <origin> <base64 key ID ‖ signature>\n`. */
  readonly note: string;
  /** The C2SP verifier key of the node's Ed25519 key under the origin's name: `name+hex(key ID)+base64(0x01 ‖ key)`. */
  readonly verifierKey: string;
}

/**
 * This node's log at `size` (default: its head) as a C2SP signed note, signed with the node's Ed25519 key under
 * the name {@link tlogOrigin}. Ed25519 signatures are deterministic, so the note of one size is the same bytes
 * however often it is asked for: nothing needs storing to keep one checkpoint per size.
 *
 * @example
 * const { note, verifierKey } = yield* tlogCheckpointOf(reader, "luhanska", key.privateKey);
 */
export const tlogCheckpointOf = (
  reader: LogReader,
  nodeId: string,
  privateKey: KeyObject,
  size?: number,
): Effect.Effect<TlogCheckpointNote, TreeSizeError> =>
  Effect.gen(function* () {
    const origin = tlogOrigin(nodeId);
    const { size: n } = yield* sizeWithin(reader, nodeId, size);
    const [root] = yield* readPlans(reader, nodeId, [rootPlanOf(n)]);
    const rootHash = rootOf(root, n);
    const note = signTlogCheckpoint({ origin, size: n, rootHash, extensions: [] }, [ed25519NoteSigner(origin, privateKey)]);
    if (Either.isLeft(note)) return yield* Effect.die(note.left);
    return { origin, treeSize: n, root: hex(rootHash), note: note.right, verifierKey: verifierKey(ed25519NoteVerifier(origin, privateKey)) };
  });
