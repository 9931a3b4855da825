/**
 * @module A plan diff with the proof of each of its events: the event's inclusion in its origin's Merkle tree
 * (RFC 9162), every proof against one tree head — for the node's own log its signed C2SP checkpoint, for a replica
 * the origin's latest JSON checkpoint held here — so that an auditor checks the changes without the node's word.
 */
import { Checkpoint, type LogReader, type TlogCheckpointNote, inclusionProofOf, lastInteriorPosition } from "@planledger/event-store";
import { Effect, Schema as S } from "effect";
import { DiffEvent, PlanDiffView } from "./plan-diff.js";

const Hex = S.String.annotations({ description: "lower-case hex SHA-256" });

/** An event's inclusion proof, as `planledger audit prove` gives it (docs/audit.md §7). */
export const DiffEventProof = S.Struct({
  entry: S.String.annotations({ description: "base64 of the exact leaf bytes `planledger-event/v1\\n<origin>\\n<seq>\\n<eventId>\\n<hash>\\n`" }),
  leafIndex: S.Int.annotations({ description: "seq − 1" }),
  treeSize: S.Int,
  proof: S.Array(Hex).annotations({ description: "the audit path, RFC 9162 §2.1.3.1, leaf end first" }),
  root: Hex,
}).annotations({ identifier: "DiffEventProof" });
export type DiffEventProof = typeof DiffEventProof.Type;

/** The tree head every proof of a diff leads to, and what signs it. */
export const DiffCheckpoint = S.Struct({
  origin: S.String.annotations({ description: "the node whose log holds the plan stream" }),
  treeSize: S.Int,
  root: Hex,
  note: S.NullOr(S.String).annotations({ description: "the C2SP signed note (tlog-checkpoint) of the tree at `treeSize`: the node's own log only" }),
  verifierKey: S.NullOr(S.String).annotations({ description: "the C2SP verifier key of the note's signer" }),
  jsonCheckpoint: S.NullOr(Checkpoint).annotations({ description: "a replicated origin's JSON checkpoint at seq `treeSize`, signed by the origin's own key" }),
  originPublicKey: S.NullOr(S.String).annotations({ description: "a replicated origin's public key as registered here (base64 SPKI DER)" }),
  remark: S.NullOr(S.String).annotations({ description: "why a signed head is missing, when it is" }),
}).annotations({ identifier: "DiffCheckpoint" });
export type DiffCheckpoint = typeof DiffCheckpoint.Type;

export const ProvedDiffEvent = S.Struct({ ...DiffEvent.fields, proof: S.NullOr(DiffEventProof) }).annotations({ identifier: "ProvedDiffEvent" });

/** A plan diff whose events carry their inclusion proofs, and the checkpoint they lead to (null when no event changed). */
export const ProvedPlanDiff = S.Struct({
  ...PlanDiffView.fields,
  events: S.Array(ProvedDiffEvent),
  checkpoint: S.NullOr(DiffCheckpoint),
}).annotations({ identifier: "ProvedPlanDiff" });
export type ProvedPlanDiff = typeof ProvedPlanDiff.Type;

/** What signs the node's own log: the API's store, or the CLI's key file beside a database. */
export interface DiffSigner {
  /** This node's id: its own log's heads are signed as C2SP notes; other origins' come with their JSON checkpoints. */
  readonly nodeId: string | null;
  /** The note of the node's own log at `size`, or in words why it cannot be signed (a key file missing). */
  readonly sign: (size: number) => Effect.Effect<TlogCheckpointNote | string>;
}

const NOT_BUILT = "дерева Меркла ще не побудовано — запустіть вузол один раз / the Merkle trees are not built yet: start the node once";

/**
 * Proves each event of `diff` in its origin's tree: the node's own log at its current size with a signed note;
 * a replica at the seq of its latest JSON checkpoint when that covers every event (so that proof and signature speak
 * of one log prefix), else at the size held, unsigned, with a remark. `trees: false` (a file no node of this
 * version has opened) gives the diff without proofs.
 *
 * @example
 * const proved = yield* provePlanDiff(store.reader, diff, { nodeId: store.nodeId, sign: (n) => store.tlogCheckpoint(n).pipe(Effect.orDie) });
 */
export const provePlanDiff = (
  reader: LogReader,
  diff: PlanDiffView,
  signer: DiffSigner,
  options: { readonly trees?: boolean } = {},
): Effect.Effect<ProvedPlanDiff> =>
  Effect.gen(function* () {
    const unproved = { ...diff, events: diff.events.map((e) => ({ ...e, proof: null })) };
    const last = diff.events.reduce((n, e) => Math.max(n, e.seq), 0);
    const origin = diff.origin;
    const head = yield* reader.originHead(origin);
    if (last === 0 || head === undefined) return { ...unproved, checkpoint: null };
    const own = origin === signer.nodeId;
    const json = own ? undefined : yield* reader.lastCheckpointWithin(origin, last - 1, Number.MAX_SAFE_INTEGER);
    const size = json === undefined ? head.seq : json.seq;
    const ready = options.trees !== false && (yield* reader.lastTreePosition(origin)) === lastInteriorPosition(head.seq);
    if (!ready) {
      const remark = NOT_BUILT;
      return { ...unproved, checkpoint: { origin, treeSize: size, root: "", note: null, verifierKey: null, jsonCheckpoint: null, originPublicKey: null, remark } };
    }
    const events = yield* Effect.forEach(diff.events, (event) =>
      Effect.map(Effect.orDie(inclusionProofOf(reader, event.eventId, size)), (p) => ({
        ...event,
        proof: { entry: p.entry.toString("base64"), leafIndex: p.leafIndex, treeSize: p.treeSize, proof: [...p.proof], root: p.root },
      })),
    );
    const root = events[0]?.proof.root ?? "";
    if (own) {
      const signed = yield* signer.sign(size);
      const note = typeof signed === "string" ? null : signed;
      return {
        ...diff,
        events,
        checkpoint: {
          origin,
          treeSize: size,
          root,
          note: note?.note ?? null,
          verifierKey: note?.verifierKey ?? null,
          jsonCheckpoint: null,
          originPublicKey: null,
          remark: typeof signed === "string" ? signed : null,
        },
      };
    }
    const remark =
      json === undefined
        ? `${origin} — журнал іншого вузла; його JSON-контрольної точки, що покривала б ці події, тут ще немає: корінь обчислено цим вузлом, не підписано / ` +
          `${origin} is another node's log; no JSON checkpoint of it held here covers these events yet: the root was computed by this node and is unsigned`
        : `${origin} — журнал іншого вузла: підписана нотатка C2SP його дерева потребує ключа ${origin}; докази дано на seq його JSON-контрольної точки, ` +
          `підписаної його ключем (хеш ланцюга) / ${origin} is another node's log: a C2SP note of its tree needs ${origin}'s key; the proofs are at the seq ` +
          `of its JSON checkpoint, signed with its key (a chain hash)`;
    return {
      ...diff,
      events,
      checkpoint: {
        origin,
        treeSize: size,
        root,
        note: null,
        verifierKey: null,
        jsonCheckpoint: json ?? null,
        originPublicKey: (yield* reader.nodeKey(origin)) ?? null,
        remark,
      },
    };
  });
