/**
 * @module Public face of the event store: the append-only, hash-chained, signed log of a node.
 */
export { EventStore, EventStoreDatabase } from "./event-store.js";
export type { AppendError, EventStoreService, ReadAllRequest, StoreHead } from "./event-store-service.js";
export {
  ChainBrokenError,
  ConcurrencyError,
  ForeignStreamError,
  IdempotencyConflictError,
  ReplicationRejectedError,
  StoreOpenError,
  TreeSizeError,
  UnknownEventError,
} from "./event-store.errors.js";
export {
  type AppendOptions,
  type AppendResult,
  EventEnvelope,
  type ExpectedVersion,
  type NewEvent,
  type OriginHead,
  type ReplicationResult,
  StoredEvent,
} from "./stored-event.js";
export { Checkpoint, Witness, checkpointPayload, publicKeyObject, signCheckpoint, verifyCheckpoint } from "./checkpoint.js";
export { canonicalJson } from "./canonical-json.js";
export {
  GENESIS_HASH,
  type HashedFields,
  envelopeEncoding,
  envelopeHash,
  type HashedEnvelope,
  type ReplicaEvent,
  replicaHash,
  toReplica,
} from "./hash-chain.js";
export { type Breakage, type OriginReport, type VerifyOptions, verifyLog } from "./log-verifier.js";
export { LEAF_ENTRY_FORMAT, type TreeLeaf, eventLeafHash, leafEntry } from "./tree-leaf.js";
export {
  type ConsistencyProof,
  type InclusionProof,
  type TlogCheckpointNote,
  consistencyProofOf,
  inclusionProofOf,
  tlogCheckpointOf,
  tlogOrigin,
  treeHeadOf,
} from "./log-tree.js";
export { type AuditConnection, type AuditOutcome, type ReadOutcome, auditDatabase, ownNodeOf, readNodeDatabase } from "./audit-database.js";
export { type ProofRefused, type ProvedConsistency, type ProvedEvent, auditConsistency, auditProve } from "./audit-proofs.js";
export {
  type BundleEvent,
  type BundleLeaf,
  type BundleLog,
  type BundleSigning,
  PROOF_BUNDLE_FORMAT,
  type ProofBundle,
  ProofBundleRefused,
  type SinceSize,
  auditExport,
  parseSinceSize,
  planStreamsOf,
  proofBundleOf,
} from "./audit-bundle.js";
export { SQLITE_PRAGMAS, openSqlite } from "./sqlite-connection.js";
export { eventStoreMigrations } from "./migrations/index.js";
export { MigrationFailed, type MigrationRun, type MigrationSet, type MigrationStep, migrateDatabase } from "./migrations/runner.js";
export {
  type LogEntry,
  type LogReader,
  type ReadOptions,
  type ScanRequest,
  type StoredTreeNode,
  type TreeNodeQuery,
  WIRE_EVENT_FIELDS,
  type WireEvent,
} from "./log-reader.js";
export { sqliteLogReader } from "./sqlite-backend.js";
export type { CheckpointsTable, EventStoreTables, EventsTable, NodeKeysTable, TreeNodesTable } from "./sqlite-schema.js";
export { type NodeKey, generateNodeKey, loadOrCreateNodeKey, readNodeKey } from "./node-key.js";
export { uuidV7 } from "./uuid-v7.js";
export { toNewEvents } from "./new-events.js";
export {
  type CommandExpectation,
  type CommandHandler,
  type CommandHandlerOptions,
  commandHandler,
  foldStored,
  type HandleOptions,
  type Handled,
  StaleStreamVersion,
  type StreamState,
} from "./command-handler.js";
export type { PostgresStoreOptions } from "./postgres/postgres-store.js";
export {
  CheckpointOriginError,
  InvalidProofError,
  MalformedCheckpointError,
  MalformedNoteError,
  MalformedVerifierKeyError,
  MissingNodeError,
  NoteVerificationError,
  ProofRequestError,
} from "./merkle/merkle.errors.js";
export { HASH_SIZE, emptyRoot, largestPowerOfTwoBelow, leafHash, merkleTreeHash, merkleTreeHashOfLeaves, nodeHash } from "./merkle/tree-hash.js";
export { type Appended, CompactRange, type TreeNode, type TreeNodeId, foldRight, rangeNodes } from "./merkle/compact-range.js";
export { MemoryNodeStore, type NodeHashReader, type NodeHashStore } from "./merkle/node-store.js";
export { lastInteriorPosition, lastNodePosition, nodeAtPosition, nodePosition } from "./merkle/node-position.js";
export {
  type ProofPlan,
  consistencyPlan,
  consistencyProof,
  inclusionPlan,
  inclusionProof,
  planNodes,
  resolvePlan,
  rootAt,
  rootPlan,
} from "./merkle/proofs.js";
export {
  consistencyProofLength,
  inclusionProofLength,
  rootFromConsistencyProof,
  rootFromInclusionProof,
  verifyConsistency,
  verifyInclusion,
} from "./merkle/proof-verify.js";
export { MerkleTree } from "./merkle/merkle-tree.js";
export {
  ED25519_SIGNATURE_TYPE,
  MAX_NOTE_SIGNATURES,
  type NoteSignature,
  type NoteSigner,
  type NoteVerifier,
  type SignedNote,
  type VerifiedNote,
  type VerifiedSignature,
  ed25519KeyObject,
  ed25519NoteSigner,
  ed25519NoteVerifier,
  ed25519PublicKey,
  formatKeyId,
  formatSignedNote,
  isKeyName,
  noteKeyId,
  openNote,
  parseSignedNote,
  signNote,
  verifierKey,
} from "./merkle/signed-note.js";
export {
  COSIGNATURE_V1_TYPE,
  type Cosignature,
  type VerifiedCosignature,
  cosignatureMessage,
  cosignaturesOf,
  ed25519CosignatureVerifier,
  ed25519Cosigner,
  parseCosignature,
} from "./merkle/cosignature.js";
export { parseVerifierKey } from "./merkle/verifier-key.js";
export {
  type CheckpointKeys,
  type OpenedCheckpoint,
  type TlogCheckpoint,
  cosignTlogCheckpoint,
  formatTlogCheckpoint,
  openTlogCheckpoint,
  parseTlogCheckpoint,
  signTlogCheckpoint,
} from "./merkle/tlog-checkpoint.js";
