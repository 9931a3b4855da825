/**
 * @module The federation endpoints as data: for each route of `federationHandler`, the credential it asks for, the
 * schema of its query and body, its answer's schema, and every refusal it can answer with (by `code`). A node's
 * API description (the OpenAPI document of apps/node) is generated from this list, and a test holds the list to
 * the handler's routes, so the description names every route and nothing the handler does not answer.
 *
 * The admin bodies (`/invitations`, `/join`) are the shapes the handler decodes; the handler still spells them
 * out itself, and `endpoints.test.ts` checks the two accept and refuse the same bodies.
 */
import { Schema as S } from "effect";
import type { FederationRequestError } from "../http/problem.js";
import type { SyncReport } from "../client/sync-client.js";
import type { FederationRefusal } from "../verify/refusals.js";
import { ACCEPT_ENCODING } from "./content-coding.js";
import { AuthoriseKeyRequest, KeyChanged, RevokeKeyRequest } from "../keys/key-messages.js";
import { RestoreAuthorised, RestoreRequest, RestoreSource, RestoreSourceQuery } from "../restore/restore-messages.js";
import {
  CursorList,
  EnrollAccepted,
  EnrollRequest,
  FederationStatus,
  NodeLevel,
  PullBatch,
  PushAccepted,
  PushBatch,
  SplitViewEntry,
  WitnessCosigned,
  WitnessRequest,
} from "./messages.js";

/** A parent's admin invites a child: the child's id and level, and the token it will enroll with (fresh unless given). */
export const InvitationRequest = S.Struct({
  nodeId: S.String.pipe(S.pattern(/^[a-z][a-z0-9-]{0,62}$/)),
  level: NodeLevel,
  token: S.optional(S.String.pipe(S.minLength(16))),
}).annotations({ identifier: "InvitationRequest" });

/** The invitation: the token the child's admin passes to `POST /join` (shown once). */
export const Invitation = S.Struct({ nodeId: S.String, level: NodeLevel, token: S.String }).annotations({ identifier: "Invitation" });

/** A child's admin enrolls the child with its parent, with the parent's invitation token. */
export const JoinRequest = S.Struct({
  parentUrl: S.String.pipe(S.pattern(/^https?:\/\//)),
  token: S.String.pipe(S.minLength(1)),
}).annotations({ identifier: "JoinRequest" });

/** `GET /pull`: the origin, the seq after which to read (0 unless given) and a page size (1000 unless given, at most 5000). */
export const PullQuery = S.Struct({
  origin: S.String,
  after: S.optional(S.String.pipe(S.pattern(/^\d+$/)).annotations({ description: "seq after which to read; 0 unless given" })),
  limit: S.optional(
    S.String.pipe(S.pattern(/^\d+$/)).annotations({ description: "events per page; 1000 unless given, at most the node's maximum (5000)" }),
  ),
}).annotations({ identifier: "PullQuery" });

/** `GET /checkpoint`: whose log, and the tree size (default: the largest held). */
export const CheckpointQuery = S.Struct({
  origin: S.String.pipe(S.minLength(1)),
  size: S.optional(S.String.pipe(S.pattern(/^[1-9]\d{0,15}$/)).annotations({ description: "the tree size; the largest held unless given" })),
}).annotations({ identifier: "CheckpointQuery" });

/** An origin's C2SP checkpoint as this node holds it, with the cosignature lines kept for it. */
export const CosignedCheckpoint = S.Struct({
  _tag: S.Literal("CosignedCheckpoint"),
  origin: S.String,
  treeSize: S.Int,
  root: S.String.annotations({ description: "the tree root, lower-case hex (the note carries it in base64)" }),
  note: S.String.annotations({ description: "the signed note: the origin's signature, then each cosignature line kept (tlog-cosignature/v1)" }),
  cosignatures: S.Array(S.Struct({ witness: S.String, cosignedAt: S.Int.annotations({ description: "POSIX seconds, as the line stamps it" }) })),
}).annotations({ identifier: "CosignedCheckpoint" });

/** An admin lifts the split views of an origin, saying why. */
export const LiftSplitViewRequest = S.Struct({
  origin: S.String.pipe(S.minLength(1)),
  reason: S.String.pipe(S.minLength(1), S.maxLength(2000)),
}).annotations({ identifier: "LiftSplitViewRequest" });

/** An admin removes an enrolled child, saying why (recorded in the node's own log). */
export const RemoveChildRequest = S.Struct({
  nodeId: S.String.pipe(S.minLength(1), S.maxLength(63)),
  reason: S.String.pipe(S.minLength(1), S.maxLength(2000)),
}).annotations({ identifier: "RemoveChildRequest" });

export const ChildRemovedAnswer = S.Struct({ _tag: S.Literal("ChildRemoved"), nodeId: S.String, removedAt: S.String }).annotations({
  identifier: "ChildRemovedAnswer",
});

/** An admin withdraws an invitation not yet used. */
export const CancelInvitationRequest = S.Struct({ nodeId: S.String.pipe(S.minLength(1), S.maxLength(63)) }).annotations({
  identifier: "CancelInvitationRequest",
});

export const InvitationCancelledAnswer = S.Struct({ _tag: S.Literal("InvitationCancelled"), nodeId: S.String, invitedAt: S.NullOr(S.String) }).annotations({
  identifier: "InvitationCancelledAnswer",
});

export const SplitViewLiftedAnswer = S.Struct({ _tag: S.Literal("SplitViewLifted"), origin: S.String, lifted: S.Int }).annotations({
  identifier: "SplitViewLifted",
});

export const SplitViewList = S.Struct({ _tag: S.Literal("SplitViewList"), node: S.String, views: S.Array(SplitViewEntry) }).annotations({
  identifier: "SplitViewList",
});

const NamedWitnessSchema = S.Struct({
  nodeId: S.String.pipe(S.pattern(/^[a-z][a-z0-9-]{0,62}$/)),
  publicKey: S.String.pipe(S.minLength(40), S.maxLength(200)).annotations({ description: "base64 SPKI DER of the witness's Ed25519 key" }),
  url: S.optional(S.NullOr(S.String.pipe(S.pattern(/^https?:\/\//)))),
}).annotations({ identifier: "NamedWitness" });

/**
 * The witnesses of this node's log besides its parent (which always is one), and k: a checkpoint counts as witnessed
 * when k of them, the parent included, cosigned it.
 */
export const WitnessPolicyBody = S.Struct({
  quorum: S.Int.pipe(S.between(1, 32)),
  witnesses: S.Array(NamedWitnessSchema).pipe(S.minItems(1), S.maxItems(32)),
})
  .pipe(
    S.filter(
      (p) =>
        p.quorum <= p.witnesses.length + 1 ||
        `k = ${p.quorum} більше за ${p.witnesses.length + 1} свідків (названі й батьківський вузол) / k = ${p.quorum} is more than the ${p.witnesses.length + 1} witnesses (those named and the parent)`,
    ),
  )
  .annotations({ identifier: "WitnessPolicyRequest" });

export const WitnessPolicyAnswer = S.Struct({
  _tag: S.Literal("WitnessPolicy"),
  quorum: S.Int,
  witnesses: S.Array(S.Struct({ nodeId: S.String, publicKey: S.String, url: S.NullOr(S.String) })),
}).annotations({ identifier: "WitnessPolicy" });

/** A node's admin names a log this node witnesses for without holding it: the log's node id and key. */
export const WitnessForRequest = S.Struct({
  nodeId: S.String.pipe(S.pattern(/^[a-z][a-z0-9-]{0,62}$/)),
  publicKey: S.String.pipe(S.minLength(40), S.maxLength(200)).annotations({ description: "base64 SPKI DER of the log's Ed25519 key" }),
}).annotations({ identifier: "WitnessForRequest" });

export const WitnessForAnswer = S.Struct({ _tag: S.Literal("WitnessFor"), nodeId: S.String, publicKey: S.String }).annotations({
  identifier: "WitnessFor",
});

/** What asking the named witnesses gave, per witness: its cosignature kept, or why not. */
export const WitnessRound = S.Struct({
  _tag: S.Literal("WitnessRound"),
  origin: S.String,
  size: S.Int,
  quorum: S.Int,
  cosigned: S.Int.annotations({ description: "named witnesses whose cosignature of this size is held, the parent's included" }),
  witnessed: S.Boolean.annotations({ description: "cosigned ≥ quorum" }),
  results: S.Array(S.Struct({ witness: S.String, outcome: S.String })),
}).annotations({ identifier: "WitnessRound" });

const OriginSync = S.Struct({ origin: S.String, batches: S.Int, stored: S.Int, skipped: S.Int, cursor: S.Int }).annotations({
  identifier: "OriginSync",
});

/** One sync round with the parent, as `POST /sync` answers it (`SyncReport` of the sync client). */
export const SyncReportSchema = S.Struct({
  node: S.String,
  parent: S.NullOr(S.String),
  startedAt: S.String,
  finishedAt: S.String,
  pushed: S.Array(OriginSync),
  pulled: S.Array(OriginSync),
  error: S.NullOr(S.String).annotations({ description: "null when the round completed; else the parent's problem code or the network error" }),
  bytesSent: S.Int.annotations({ description: "push bodies as they went on the wire (compressed when the parent reads a coding)" }),
  bytesRaw: S.Int.annotations({ description: "the same push bodies before compression" }),
  bytesReceived: S.Int.annotations({ description: "answer bodies as they came off the wire" }),
  coding: S.String.annotations({ description: "the content coding of the pushes: br, gzip or identity" }),
  retries: S.Int.annotations({ description: "how often the round started again from the parent's cursors after its line failed" }),
  rttMs: S.NullOr(S.Int).annotations({ description: "the round trip to the parent as measured (null before any request)" }),
  bytesPerSecond: S.NullOr(S.Int).annotations({ description: "the line's throughput per request as measured (null before a large request)" }),
}).annotations({ identifier: "SyncReport" });

/** Mutually assignable and with the same keys: the schema describes the client's report exactly. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? ([keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false) : false) : false;
const sameReport: Same<typeof SyncReportSchema.Type, SyncReport> = true;
void sameReport;

/** The codings a federation body may come in and an answer may be sent in, as `Accept-Encoding` lists them. */
export const FEDERATION_CODINGS = ACCEPT_ENCODING;

/** Every `code` a federation endpoint answers a refusal with (its status is federation's catalogue's). */
export type FederationCode = FederationRefusal["_tag"] | FederationRequestError["_tag"] | "ParseError";

/**
 * Who may call: nobody in particular (`none`), this node's admin (an API token of role admin), an enrolled child
 * (the token its parent invited it with), or either of the last two.
 */
export type FederationCredential = "none" | "admin" | "child" | "adminOrChild";

export interface FederationEndpoint {
  readonly method: "GET" | "POST";
  /** Relative to {@link FEDERATION_PREFIX}. */
  readonly path: string;
  readonly summary: string;
  readonly credential: FederationCredential;
  /** Each field a query parameter. */
  readonly query?: { readonly fields: S.Struct.Fields };
  readonly body?: S.Schema.AnyNoContext;
  readonly answer: {
    readonly status: 200 | 201;
    readonly schema: S.Schema.AnyNoContext;
    readonly description: string;
    /** Compressed in a coding the request accepts (`Accept-Encoding`), when large enough to gain by it. */
    readonly encoded?: boolean;
  };
  /** The body may come compressed (`Content-Encoding`: one of the codings this node reads). */
  readonly encodedBody?: boolean;
  readonly refusals: ReadonlyArray<FederationCode>;
}

/** What a push batch can be refused for, besides its sender and its size. */
const batchRefusals: ReadonlyArray<FederationCode> = [
  "OriginOutsideSubtree",
  "EventOriginMismatch",
  "BatchOutOfOrder",
  "SequenceGap",
  "HashMismatch",
  "ChainBroken",
  "ConflictingHistory",
  "CheckpointMismatch",
  "BadSignature",
  "KeyRevoked",
  "BadKeyRotation",
  "StoreRejected",
  "SplitView",
];

/** Every route of `federationHandler`, in the order it matches them. */
export const federationEndpoints: ReadonlyArray<FederationEndpoint> = [
  {
    method: "GET",
    path: "/status",
    summary: "Батьківський вузол, дочірні вузли, контрольні точки, остання помилка / parent, children, checkpoints, last error",
    credential: "adminOrChild",
    answer: { status: 200, schema: FederationStatus, description: "this node's place in the federation" },
    refusals: ["UnknownSender", "Forbidden"],
  },
  {
    method: "POST",
    path: "/enroll",
    summary: "Дочірній вузол реєструється за токеном запрошення / a child enrolls with its invitation token",
    credential: "none",
    body: EnrollRequest,
    answer: { status: 200, schema: EnrollAccepted, description: "enrolled: the parent's identity and its ancestors'" },
    encodedBody: true,
    refusals: ["MalformedJson", "ParseError", "PayloadTooLarge", "UnsupportedEncoding", "EnrollmentRefused"],
  },
  {
    method: "GET",
    path: "/cursors",
    summary: "Курсори батьківського вузла для піддерева дочірнього / the parent's cursors for the child's subtree",
    credential: "child",
    answer: { status: 200, schema: CursorList, description: "how far the parent holds each origin of the caller's subtree" },
    refusals: ["UnknownSender", "ChildRemoved"],
  },
  {
    method: "POST",
    path: "/push",
    summary: "Пакет подій одного джерела вгору / one origin's batch of events, pushed up",
    credential: "child",
    body: PushBatch,
    answer: { status: 200, schema: PushAccepted, description: "verified and stored (or already held): the receiver's cursors and its witness" },
    encodedBody: true,
    refusals: ["UnknownSender", "ChildRemoved", "MalformedJson", "ParseError", "PayloadTooLarge", "UnsupportedEncoding", ...batchRefusals],
  },
  {
    method: "GET",
    path: "/pull",
    summary: "Наступні події джерела-предка / the next events of an ancestor origin",
    credential: "child",
    query: PullQuery,
    answer: { status: 200, schema: PullBatch, description: "the next page, closed by a checkpoint where one is stored", encoded: true },
    refusals: ["UnknownSender", "ChildRemoved", "OriginNotServed"],
  },
  {
    method: "POST",
    path: "/invitations",
    summary: "Запросити дочірній вузол / invite a child node",
    credential: "admin",
    body: InvitationRequest,
    answer: { status: 201, schema: Invitation, description: "the invitation; its token is shown once" },
    encodedBody: true,
    refusals: ["Forbidden", "MalformedJson", "ParseError", "PayloadTooLarge", "UnsupportedEncoding"],
  },
  {
    method: "POST",
    path: "/join",
    summary: "Приєднатися до батьківського вузла / enroll this node with a parent",
    credential: "admin",
    body: JoinRequest,
    answer: { status: 200, schema: EnrollAccepted, description: "enrolled with the parent" },
    encodedBody: true,
    refusals: ["Forbidden", "MalformedJson", "ParseError", "PayloadTooLarge", "UnsupportedEncoding", "JoinFailed"],
  },
  {
    method: "POST",
    path: "/sync",
    summary: "Синхронізувати з батьківським вузлом зараз / sync with the parent now",
    credential: "admin",
    answer: {
      status: 200,
      schema: SyncReportSchema,
      description: "the round's report (a call while a round runs gets that round's report)",
    },
    refusals: ["UnknownSender", "Forbidden", "NoParent"],
  },
  {
    method: "POST",
    path: "/witness",
    summary:
      "Контрпідписати контрольну точку C2SP журналу (свідок) / cosign a log's C2SP checkpoint (witness: checked against what it holds and its earlier cosignature by a consistency proof)",
    credential: "none",
    body: WitnessRequest,
    answer: { status: 200, schema: WitnessCosigned, description: "the witness's tlog-cosignature/v1 line over the checkpoint" },
    encodedBody: true,
    refusals: ["MalformedJson", "ParseError", "PayloadTooLarge", "UnsupportedEncoding", "WitnessRefused", "SplitView"],
  },
  {
    method: "POST",
    path: "/witness/logs",
    summary: "Свідчити для журналу, якого вузол не тримає: ідентифікатор і ключ / witness for a log this node does not hold: its id and key",
    credential: "admin",
    body: WitnessForRequest,
    answer: { status: 200, schema: WitnessForAnswer, description: "the log's key is registered here; its checkpoints may be brought to `POST /witness`" },
    encodedBody: true,
    refusals: ["UnknownSender", "Forbidden", "MalformedJson", "ParseError", "PayloadTooLarge", "UnsupportedEncoding", "EnrollmentRefused"],
  },
  {
    method: "GET",
    path: "/checkpoint",
    summary: "Контрольна точка C2SP журналу з контрпідписами / an origin's C2SP checkpoint with the cosignatures held",
    credential: "none",
    query: CheckpointQuery,
    answer: { status: 200, schema: CosignedCheckpoint, description: "the signed note with every cosignature line kept for that size" },
    refusals: ["ParseError", "OriginNotServed"],
  },
  {
    method: "GET",
    path: "/split-views",
    summary: "Розбіжні бачення журналів, виявлені цим вузлом / split views this node has seen",
    credential: "admin",
    answer: { status: 200, schema: SplitViewList, description: "every split view recorded, open and lifted, with its evidence" },
    refusals: ["UnknownSender", "Forbidden"],
  },
  {
    method: "POST",
    path: "/split-views/lift",
    summary: "Зняти блокування джерела після розбіжного бачення / lift the block on an origin after a split view",
    credential: "admin",
    body: LiftSplitViewRequest,
    answer: { status: 200, schema: SplitViewLiftedAnswer, description: "how many open split views of the origin were lifted" },
    encodedBody: true,
    refusals: ["UnknownSender", "Forbidden", "MalformedJson", "ParseError", "PayloadTooLarge", "UnsupportedEncoding"],
  },
  {
    method: "POST",
    path: "/children/remove",
    summary: "Вилучити дочірній вузол: його запити відхиляються, журнал лишається / remove a child: its requests are refused, its log stays held",
    credential: "admin",
    body: RemoveChildRequest,
    answer: { status: 200, schema: ChildRemovedAnswer, description: "the child removed, and when (also recorded as ChildRemoved in this node's log)" },
    encodedBody: true,
    refusals: ["UnknownSender", "Forbidden", "NoSuchChild", "MalformedJson", "ParseError", "PayloadTooLarge", "UnsupportedEncoding"],
  },
  {
    method: "POST",
    path: "/children/revoke-key",
    summary: "Відкликати ключ вузла нижче з певного seq / revoke a key of a node below from a seq",
    credential: "admin",
    body: RevokeKeyRequest,
    answer: { status: 200, schema: KeyChanged, description: "the key history entry, revoked; recorded as KeyRevoked in this node's log" },
    encodedBody: true,
    refusals: ["UnknownSender", "Forbidden", "NoSuchChild", "KeyAlreadyRevoked", "KeyBeyondLog", "KeyChangeRefused", "MalformedJson", "ParseError", "PayloadTooLarge", "UnsupportedEncoding"],
  },
  {
    method: "POST",
    path: "/children/authorise-key",
    summary: "Дозволити вузлу нижче новий ключ від наступного seq / authorise a new key of a node below from the next seq",
    credential: "admin",
    body: AuthoriseKeyRequest,
    answer: { status: 200, schema: KeyChanged, description: "the new key history entry, signed by this node; recorded as KeyAuthorised in this node's log" },
    encodedBody: true,
    refusals: ["UnknownSender", "Forbidden", "NoSuchChild", "KeyBeyondLog", "KeyChangeRefused", "MalformedJson", "ParseError", "PayloadTooLarge", "UnsupportedEncoding"],
  },
  {
    method: "POST",
    path: "/invitations/cancel",
    summary: "Скасувати невикористане запрошення / cancel an invitation not yet used",
    credential: "admin",
    body: CancelInvitationRequest,
    answer: { status: 200, schema: InvitationCancelledAnswer, description: "the invitation withdrawn (recorded as InvitationCancelled)" },
    encodedBody: true,
    refusals: ["UnknownSender", "Forbidden", "NoSuchChild", "MalformedJson", "ParseError", "PayloadTooLarge", "UnsupportedEncoding"],
  },
  {
    method: "GET",
    path: "/restore",
    summary: "Що цей вузол тримає з журналу втраченого вузла: засвідчена контрольна точка / what this node holds of a lost node's log: its witnessed checkpoint",
    credential: "admin",
    query: RestoreSourceQuery,
    answer: { status: 200, schema: RestoreSource, description: "the latest checkpoint of the node witnessed here, its C2SP note, the key, when it was last heard from" },
    refusals: ["UnknownSender", "Forbidden", "ParseError", "OriginNotServed", "RestoreRefused"],
  },
  {
    method: "POST",
    path: "/restore",
    summary: "Дозволити відновленому дочірньому вузлу новий ключ від наступного seq / authorise a restored child's new key from the next seq",
    credential: "admin",
    body: RestoreRequest,
    answer: { status: 200, schema: RestoreAuthorised, description: "the key authorised, the old one revoked, a new credential; recorded as NodeRestored" },
    encodedBody: true,
    refusals: ["UnknownSender", "Forbidden", "NoSuchChild", "RestoreRefused", "MalformedJson", "ParseError", "PayloadTooLarge", "UnsupportedEncoding"],
  },
  {
    method: "GET",
    path: "/witnesses",
    summary: "Названі свідки журналу цього вузла і кворум k / this node's named witnesses and k",
    credential: "admin",
    answer: { status: 200, schema: WitnessPolicyAnswer, description: "the witnesses (the parent unless others are named) and k" },
    refusals: ["UnknownSender", "Forbidden"],
  },
  {
    method: "POST",
    path: "/witnesses",
    summary: "Назвати свідків журналу і кворум k / name this node's witnesses and k",
    credential: "admin",
    body: WitnessPolicyBody,
    answer: { status: 200, schema: WitnessPolicyAnswer, description: "the policy as stored" },
    encodedBody: true,
    refusals: ["UnknownSender", "Forbidden", "MalformedJson", "ParseError", "PayloadTooLarge", "UnsupportedEncoding"],
  },
  {
    method: "POST",
    path: "/witnesses/ask",
    summary: "Попросити названих свідків контрпідписати журнал зараз / ask the named witnesses to cosign this node's log now",
    credential: "admin",
    answer: { status: 200, schema: WitnessRound, description: "per witness, the outcome; whether k of n now cosigned the checkpoint" },
    refusals: ["UnknownSender", "Forbidden", "NoParent"],
  },
];
