/**
 * @module The JSON bodies the node's own routes answer with, as `effect/Schema` values: the OpenAPI document is
 * generated from them (and from the views' schemas in @planledger/projections), and the route tests validate
 * every answer they receive against that document. Routes build their bodies `satisfies` these types.
 */
import { Anomaly, PlanDocument, ProgressRecorded, ReportRef } from "@planledger/domain";
import { Checkpoint, EventEnvelope, StoredEvent } from "@planledger/event-store";
import { WireEvents } from "@planledger/federation";
import { ReadingSchema } from "@planledger/importer";
import type { LinkSuggestion } from "@planledger/matching";
import { PlanSummaryView, ProvedPlanDiff, ReportEntryView } from "@planledger/projections";
import { Schema as S } from "effect";
import { Role } from "../auth/role.js";
import type { TokenStore } from "../auth/token-store.js";
import { NodeLevel } from "../node-config.js";

/** `GET /health`: who this node is, how much it holds, and when it last synced with its parent. */
export const HealthBody = S.Struct({
  node: S.String,
  level: NodeLevel,
  displayName: S.String,
  parent: S.NullOr(S.String).annotations({ description: "the parent's URL; null on a root node" }),
  events: S.Int.annotations({ description: "position of the last event in this node's log (own and replicated)" }),
  ownSeq: S.Int.annotations({ description: "seq of the last event of this node's own log" }),
  lastSync: S.NullOr(S.String).annotations({ description: "when this node last completed a sync with its parent (ISO instant); null before the first" }),
  verification: S.Struct({
    state: S.Literal("verified", "verifying", "broken"),
    checked: S.Int,
    total: S.Int,
    broken: S.NullOr(S.Struct({ origin: S.String, seq: S.NullOr(S.Int), reason: S.String })),
  }).annotations({
    description:
      "the check of the logs made on open: a tail longer than the store walks before it opens is walked behind the serving node (`verifying`, `checked` of `total` events); `broken` refuses every write",
  }),
}).annotations({ identifier: "Health" });

/**
 * The answer to a write: the stream written, its new version (also the `ETag`) and the types of the events the
 * command appended, beside what the route names (`planId`, `measureId`, `reportId`, …).
 */
const writtenFields = {
  stream: S.String,
  version: S.Int.annotations({ description: "the stream's version after the write; also the ETag" }),
  events: S.Array(S.String).annotations({ description: "the types of the events appended" }),
};
const written = <F extends S.Struct.Fields>(identifier: string, fields: F) => S.Struct({ ...fields, ...writtenFields }).annotations({ identifier });

export const PlanAdopted = written("PlanAdoptedAnswer", { planId: S.String, anomalies: S.Array(Anomaly) });
export const PlanWritten = written("PlanWrittenAnswer", {});
export const MeasureWritten = written("MeasureWrittenAnswer", { measureId: S.String });
export const ReportDraftedAnswer = written("ReportDraftedAnswer", { reportId: S.String });
export const ReportWritten = written("ReportWrittenAnswer", { reportId: S.String });
export const ProgressWritten = written("ProgressWrittenAnswer", { reportId: S.String, measureId: S.String });
/** A verdict, or a reopening: names the submission (`{ origin, seq, hash }` of its `ReportSubmitted`) it is about. */
export const ReviewWritten = written("ReviewWrittenAnswer", { reportId: S.String, reportRef: ReportRef });

/** `GET /api/v1/plans`. */
export const PlanListBody = S.Struct({
  node: S.String,
  plans: S.Array(PlanSummaryView),
}).annotations({ identifier: "PlanList" });

/** `POST /api/v1/plans/parse`: what the importer read, storing nothing. */
export const ParsedDocumentBody = S.Struct({
  layout: S.String,
  document: PlanDocument,
  reading: S.optional(ReadingSchema),
}).annotations({ identifier: "ParsedDocument" });

const { _tag: _progressTag, ...progressFields } = ProgressRecorded.fields;

/** One measure's progress in a report: the recorded data as stored, with when and by whom it was recorded. */
const ReportProgressEntry = S.Struct({
  ...progressFields,
  recordedAt: S.String,
  actor: S.optional(S.String),
}).annotations({ identifier: "ReportProgressEntry" });

/** `GET /api/v1/reports/{reportId}`. */
export const ReportBody = S.Struct({
  reportId: S.String,
  planId: S.String,
  year: S.Int,
  quarter: S.Int,
  origin: S.String,
  version: S.Int.annotations({ description: "the report stream's version; also the ETag" }),
  state: ReportEntryView.fields.state,
  entry: S.NullOr(ReportEntryView),
  progress: S.Array(ReportProgressEntry),
}).annotations({ identifier: "Report" });

const { eventId, seq, type, actor, recordedAt, causationId, correlationId, origin, prevHash, hash, receivedAt, data } = StoredEvent.fields;

/** `GET /api/v1/streams/{stream}/history`. */
export const HistoryBody = S.Struct({
  stream: S.String,
  events: S.Array(
    S.Struct({
      version: S.Int,
      type,
      actor,
      node: S.String.annotations({ description: "the origin: the node whose log the event was written to" }),
      recordedAt,
      receivedAt,
      seq,
      eventId,
      causationId,
      correlationId,
      origin,
      prevHash: prevHash.annotations({ description: "the hash of the event before it in its origin's log (the genesis hash, 64 zeros, before seq 1)" }),
      hash,
      data,
    }).annotations({ identifier: "HistoryEvent" }),
  ),
}).annotations({ identifier: "History" });

const AuditKeyMark = S.Struct({
  seq: S.Int,
  recordedAt: S.NullOr(S.String).annotations({ description: "the origin's clock at that seq; null when none of its events is held" }),
});

/** One key an origin signed with, over the seqs from `since` to `until` (null: still in use). */
const AuditOriginKey = S.Struct({
  publicKey: S.String.annotations({ description: "Ed25519 public key, base64 SPKI DER, as federation registers it" }),
  verifierKey: S.NullOr(S.String).annotations({
    description: "the C2SP verifier key of the same key, `planledger/<origin>+<key ID hex>+<base64 0x01 ‖ key>`",
  }),
  since: AuditKeyMark,
  until: S.NullOr(AuditKeyMark).annotations({ description: "null while the key is in use (rotation: a later issue)" }),
}).annotations({ identifier: "AuditOriginKey" });

const HeldHead = S.Struct({ seq: S.Int, hash: S.String });

/** An origin's C2SP checkpoint note with the tlog-cosignature/v1 lines kept for it (docs/audit.md §8). */
const AuditOriginNote = S.Struct({
  treeSize: S.Int.annotations({ description: "the size the note states: the head for the node's own log, the largest note held for another origin" }),
  root: S.String.annotations({ description: "RFC 9162 root at that size, hex" }),
  note: S.String.annotations({
    description: "the signed note as text (c2sp.org/tlog-checkpoint): the origin's own signature line, then every cosignature line kept for that size and root",
  }),
  cosignatures: S.Array(
    S.Struct({
      witness: S.String.annotations({ description: "the cosigning node; its line is named `planledger/<witness>`" }),
      cosignedAt: S.Int.annotations({ description: "the cosignature's timestamp, POSIX seconds" }),
    }),
  ),
}).annotations({ identifier: "AuditOriginNote" });

/** `GET /api/v1/audit/origins`: every origin log the node holds. */
export const AuditOriginsBody = S.Struct({
  node: S.String.annotations({ description: "the node that answers" }),
  origins: S.Array(
    S.Struct({
      origin: S.String,
      own: S.Boolean.annotations({ description: "true for the answering node's own log" }),
      keys: S.Array(AuditOriginKey).annotations({ description: "the keys the origin signed with, oldest first" }),
      head: HeldHead,
      tree: S.Struct({ size: S.Int, root: S.String.annotations({ description: "RFC 9162 root, hex" }) }),
      lastCheckpoint: S.NullOr(Checkpoint),
      checkpoint: S.NullOr(AuditOriginNote).annotations({
        description: "the origin's C2SP checkpoint note with its cosignatures; null when no note of that origin is held (it did not push one)",
      }),
    }).annotations({ identifier: "AuditOrigin" }),
  ),
}).annotations({ identifier: "AuditOrigins" });

/** `GET /api/v1/audit/origins/{origin}/log`: a page of one origin's log in federation's wire form. */
export const AuditLogBody = S.Struct({
  origin: S.String,
  from: S.Int,
  limit: S.Int,
  headSeq: S.Int.annotations({ description: "the last seq of the origin held here" }),
  events: WireEvents,
  checkpoints: S.Array(Checkpoint).annotations({ description: "the checkpoints stored for seqs in this page, with their witness" }),
  next: S.NullOr(S.Int).annotations({ description: "the `from` of the next page; null at the head" }),
}).annotations({ identifier: "AuditLog" });

/** `GET /api/v1/audit/origins/{origin}/streams`. */
export const AuditStreamsBody = S.Struct({
  origin: S.String,
  streams: S.Array(S.Struct({ stream: S.String, events: S.Int, firstSeq: S.Int, lastSeq: S.Int }).annotations({ identifier: "AuditStream" })),
}).annotations({ identifier: "AuditStreams" });

const TokenInfo = S.Struct({ id: S.String, name: S.String, role: Role, createdAt: S.String, revokedAt: S.NullOr(S.String) }).annotations({
  identifier: "TokenInfo",
});

/** `GET /api/v1/tokens`: the node's tokens, without secrets. */
export const TokenListBody = S.Struct({ tokens: S.Array(TokenInfo) }).annotations({ identifier: "TokenList" });

/** `POST /api/v1/tokens`: the token, its secret shown this once. */
export const IssuedTokenBody = S.Struct({ id: S.String, name: S.String, role: Role, createdAt: S.String, token: S.String }).annotations({
  identifier: "IssuedToken",
});

export const RevokedTokenBody = S.Struct({ id: S.String, revoked: S.Literal(true) }).annotations({ identifier: "RevokedToken" });

/** One candidate parent measure with its score in [0, 1] and the parts the score was made of. */
const LinkCandidate = S.Struct({
  measureId: S.String,
  label: S.String,
  title: S.String,
  sectionLabel: S.String,
  score: S.Number,
  parts: S.Struct({ title: S.Number, indicator: S.Number, section: S.Number, task: S.Number }),
}).annotations({ identifier: "LinkCandidate" });

/** `GET /federation/v1/links/suggestions`. */
export const LinkSuggestionsBody = S.Struct({
  plan: S.String,
  parent: S.String,
  suggestions: S.Array(
    S.Struct({
      measureId: S.String,
      label: S.String,
      title: S.String,
      best: S.NullOr(LinkCandidate),
      runnersUp: S.Array(LinkCandidate),
    }).annotations({ identifier: "LinkSuggestion" }),
  ),
}).annotations({ identifier: "LinkSuggestions" });

/** `GET /api/v1/openapi.json`: this description. */
export const OpenApiBody = S.Struct({ openapi: S.Literal("3.1.0") }, S.Record({ key: S.String, value: S.Unknown })).annotations({
  identifier: "OpenApiDocument",
});

/** Mutually assignable and with the same keys: each schema describes its type exactly. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? ([keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false) : false) : false;
const checks: ReadonlyArray<true> = [
  true as Same<typeof TokenInfo.Type, Awaited<ReturnType<TokenStore["list"]>>[number]>,
  true as Same<typeof LinkSuggestionsBody.Type.suggestions[number], LinkSuggestion>,
];
void checks;

const hex = S.String.annotations({ description: "lower-case hex SHA-256" });
/** A C2SP tlog-checkpoint of this node's own log: the signed note and the key to check it with. */
export const TlogCheckpointBody = S.Struct({
  origin: S.String.annotations({ description: "the note's origin line and key name, `planledger/<nodeId>`" }),
  treeSize: S.Int,
  root: hex,
  note: S.String.annotations({ description: "the signed note as text (C2SP signed-note, tlog-checkpoint body)" }),
  verifierKey: S.String.annotations({ description: "the C2SP verifier key `name+keyID+base64(0x01 ‖ Ed25519 key)`" }),
}).annotations({ identifier: "TlogCheckpoint" });

/** `GET /api/v1/proof/inclusion`: an event's leaf in its origin's Merkle tree, its audit path and the tree's root. */
export const InclusionProofBody = S.Struct({
  origin: S.String,
  entry: S.String.annotations({ description: "base64 of the exact leaf bytes `planledger-event/v1\\n<origin>\\n<seq>\\n<eventId>\\n<hash>\\n` (docs/audit.md §7)" }),
  leafIndex: S.Int.annotations({ description: "seq − 1" }),
  treeSize: S.Int,
  proof: S.Array(hex).annotations({ description: "the audit path, RFC 9162 §2.1.3.1, leaf end first" }),
  root: hex,
  checkpoint: S.NullOr(TlogCheckpointBody).annotations({
    description: "this node's signed checkpoint at `treeSize` when the event is of its own log; null for a replicated origin (its root is signed by its own node)",
  }),
}).annotations({ identifier: "InclusionProof" });

/** `GET /api/v1/proof/consistency`: that the tree of `toSize` extends the tree of `fromSize`. */
export const ConsistencyProofBody = S.Struct({
  origin: S.String,
  fromSize: S.Int,
  toSize: S.Int,
  proof: S.Array(hex).annotations({ description: "RFC 9162 §2.1.4.1 PROOF(fromSize, D[toSize]); empty when the sizes are equal" }),
  fromRoot: hex,
  toRoot: hex,
  fromCheckpoint: S.NullOr(TlogCheckpointBody),
  toCheckpoint: S.NullOr(TlogCheckpointBody),
}).annotations({ identifier: "ConsistencyProof" });

/** One event's leaf in a proof bundle: the exact entry bytes, where it is, its audit path. */
const BundleLeafBody = S.Struct({
  entry: S.String.annotations({ description: "base64 of the exact leaf bytes `planledger-event/v1\\n<origin>\\n<seq>\\n<eventId>\\n<hash>\\n`" }),
  leafIndex: S.Int.annotations({ description: "seq − 1" }),
  proof: S.Array(hex).annotations({ description: "the audit path to the root of the event's log in the bundle, RFC 9162 §2.1.3.1" }),
});

/** `GET /api/v1/plans/{planId}/proof-bundle`: a plan's history with every proof to check it offline (docs/audit.md §9). */
export const ProofBundleBody = S.Struct({
  format: S.Literal("planledger-proof-bundle/v1"),
  planId: S.String,
  exportedBy: S.String.annotations({ description: "the node that made the bundle" }),
  exportedAt: S.String,
  streams: S.Array(S.String).annotations({ description: "the plan's streams: the plan, its quarterly reports, the reviews of them" }),
  logs: S.Array(
    S.Struct({
      origin: S.String,
      logOrigin: S.String.annotations({ description: "the C2SP origin line, `planledger/<node id>`" }),
      treeSize: S.Int,
      root: hex,
      checkpoint: S.NullOr(S.String).annotations({
        description: "C2SP signed note of the tree at `treeSize`: signed by the log's key for this node's own log; cosigned (tlog-cosignature/v1) by this node for another origin's log it holds",
      }),
      verifierKey: S.NullOr(S.String).annotations({ description: "the log's C2SP verifier key" }),
      publicKey: S.NullOr(S.String).annotations({ description: "the origin's Ed25519 public key, base64 SPKI DER" }),
      originCheckpoint: S.optional(
        S.NullOr(
          S.Struct({
            origin: S.String,
            seq: S.Int,
            hash: hex,
            signedAt: S.String,
            signature: S.String,
            leaf: BundleLeafBody,
          }),
        ),
      ).annotations({ description: "another origin's log: its own signed JSON checkpoint at `treeSize` and that seq's leaf" }),
      consistency: S.optional(S.Struct({ fromSize: S.Int, fromRoot: hex, proof: S.Array(hex) })).annotations({
        description: "present when asked with `since`: RFC 9162 §2.1.4.1 PROOF(fromSize, D[treeSize])",
      }),
    }),
  ),
  witnesses: S.Array(S.String).annotations({ description: "C2SP verifier keys (type 0x04) of the cosigners on the checkpoints" }),
  events: S.Array(
    S.Struct({ ...EventEnvelope.fields, leaf: BundleLeafBody }),
  ),
  notes: S.Array(S.String).annotations({ description: "what the bundle cannot prove by itself, Ukrainian first" }),
}).annotations({ identifier: "ProofBundle" });

/** `GET /api/v1/plans/{planId}/diff`: what changed between two moments, each event with its inclusion proof. */
export const PlanDiffBody = S.Struct({
  node: S.String.annotations({ description: "the node that answered" }),
  ...ProvedPlanDiff.fields,
}).annotations({ identifier: "PlanDiff" });
