/**
 * @module Public face of the event store: the append-only, hash-chained, signed log of a node.
 */

export {
  auditExport,
  type BundleEvent,
  type BundleLeaf,
  type BundleLog,
  type BundleSigning,
  PROOF_BUNDLE_FORMAT,
  type ProofBundle,
  ProofBundleRefused,
  parseSinceSize,
  planStreamsOf,
  proofBundleOf,
  type SinceSize,
} from "./audit-bundle.js";
export { type AuditConnection, type AuditOutcome, auditDatabase, ownNodeOf, type ReadOutcome, readNodeDatabase } from "./audit-database.js";
export { auditConsistency, auditProve, type NoteCosigning, type ProofRefused, type ProvedConsistency, type ProvedEvent } from "./audit-proofs.js";
export { canonicalJson } from "./canonical-json.js";
export { Checkpoint, checkpointPayload, publicKeyObject, signCheckpoint, verifyCheckpoint, Witness } from "./checkpoint.js";
export {
  type CommandExpectation,
  type CommandHandler,
  type CommandHandlerOptions,
  commandHandler,
  foldStored,
  type Handled,
  type HandleOptions,
  StaleStreamVersion,
  type StreamState,
} from "./command-handler.js";
export { type CopiedOrigin, type CopyOutcome, copyNodeDatabase } from "./database-copy.js";
export {
  ChainBrokenError,
  ConcurrencyError,
  ForeignStreamError,
  IdempotencyConflictError,
  KeyHistoryError,
  ReplicationRejectedError,
  StoreOpenError,
  TreeSizeError,
  UnknownEventError,
} from "./event-store.errors.js";
export { EventStore, EventStoreDatabase, PostgresDatabase } from "./event-store.js";
export type { AppendError, EventStoreService, ReadAllRequest, StoreHead } from "./event-store-service.js";
export {
  envelopeEncoding,
  envelopeHash,
  GENESIS_HASH,
  type HashedEnvelope,
  type HashedFields,
  type ReplicaEvent,
  replicaHash,
  toReplica,
} from "./hash-chain.js";
export type { AuthoriseKeyRequest, KeyEventRow, KeyRotation, RevokeKeyRequest } from "./key-changes.js";
export {
  type CheckpointKeyProblem,
  checkpointKeyProblem,
  enrolledKey,
  historyProblem,
  KEY_EVENT_TYPES,
  KeyAuthorisedData,
  KeyAuthority,
  KeyEntry,
  KeyRevokedData,
  KeyRotatedData,
  keyAt,
  keyAuthorisationPayload,
  keyStream,
  signKeyAuthorisation,
  verifyKeyAuthorisation,
} from "./key-history.js";
export {
  type EntriesAtOptions,
  type LogEntry,
  type LogReader,
  type ReadOptions,
  type ScanRequest,
  type StoredTreeNode,
  type TreeNodeQuery,
  WIRE_EVENT_FIELDS,
  type WireEvent,
} from "./log-reader.js";
export {
  type ConsistencyProof,
  consistencyProofOf,
  type InclusionProof,
  inclusionProofOf,
  type TlogCheckpointNote,
  tlogCheckpointOf,
  tlogOrigin,
  treeHeadOf,
} from "./log-tree.js";
export { type Breakage, type OriginReport, type RevokedFinding, type VerifyOptions, verifyLog } from "./log-verifier.js";
export { type Appended, CompactRange, foldRight, rangeNodes, type TreeNode, type TreeNodeId } from "./merkle/compact-range.js";
export {
  COSIGNATURE_V1_TYPE,
  type Cosignature,
  cosignatureMessage,
  cosignaturesOf,
  ed25519CosignatureVerifier,
  ed25519Cosigner,
  parseCosignature,
  type VerifiedCosignature,
} from "./merkle/cosignature.js";
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
export { MerkleTree } from "./merkle/merkle-tree.js";
export { lastInteriorPosition, lastNodePosition, nodeAtPosition, nodePosition } from "./merkle/node-position.js";
export { MemoryNodeStore, type NodeHashReader, type NodeHashStore } from "./merkle/node-store.js";
export {
  consistencyProofLength,
  inclusionProofLength,
  rootFromConsistencyProof,
  rootFromInclusionProof,
  verifyConsistency,
  verifyInclusion,
} from "./merkle/proof-verify.js";
export {
  consistencyPlan,
  consistencyProof,
  inclusionPlan,
  inclusionProof,
  type ProofPlan,
  planNodes,
  resolvePlan,
  rootAt,
  rootPlan,
} from "./merkle/proofs.js";
export {
  ED25519_SIGNATURE_TYPE,
  ed25519KeyObject,
  ed25519NoteSigner,
  ed25519NoteVerifier,
  ed25519PublicKey,
  formatKeyId,
  formatSignedNote,
  isKeyName,
  MAX_NOTE_SIGNATURES,
  type NoteSignature,
  type NoteSigner,
  type NoteVerifier,
  noteKeyId,
  openNote,
  parseSignedNote,
  type SignedNote,
  signNote,
  type VerifiedNote,
  type VerifiedSignature,
  verifierKey,
} from "./merkle/signed-note.js";
export {
  type CheckpointKeys,
  cosignTlogCheckpoint,
  formatTlogCheckpoint,
  type OpenedCheckpoint,
  openTlogCheckpoint,
  parseTlogCheckpoint,
  signTlogCheckpoint,
  type TlogCheckpoint,
} from "./merkle/tlog-checkpoint.js";
export { emptyRoot, HASH_SIZE, largestPowerOfTwoBelow, leafHash, merkleTreeHash, merkleTreeHashOfLeaves, nodeHash } from "./merkle/tree-hash.js";
export { parseVerifierKey } from "./merkle/verifier-key.js";
export { columnTypes, dialectOf, type SqlDialect } from "./migrations/dialect.js";
export { eventStoreMigrations } from "./migrations/index.js";
export { MigrationFailed, type MigrationRun, type MigrationSet, type MigrationStep, migrateDatabase } from "./migrations/runner.js";
export { toNewEvents } from "./new-events.js";
export {
  auditNodeDatabase,
  type DatabaseAudit,
  isPostgresUrl,
  type OpenedDatabase,
  type OpenRefusal,
  openEmptyTarget,
  openForReading,
  type SideTables,
  selfOriginIn,
  shownDatabase,
  type TargetRefusal,
  tablesIn,
} from "./node-database.js";
export {
  abandonPendingKey,
  generateNodeKey,
  loadOrCreateNodeKey,
  type NodeKey,
  pendingKey,
  readNodeKey,
  settleInterruptedRotation,
  settlePendingKey,
  writePendingKey,
} from "./node-key.js";
export type { PostgresSql } from "./postgres/postgres-backend.js";
export type { PostgresStoreOptions } from "./postgres/postgres-store.js";
export { type RestoredLog, writeRestoredLog } from "./restored-log.js";
export { rotateNodeKey } from "./rotate-node-key.js";
export { type OpenVerification, VERIFY_BEFORE_OPEN } from "./open-verifier.js";
export { type CopiedTable, type NewerSource, readSideTables, type SideTableRows, writeSideTables } from "./side-tables.js";
export { sqliteLogReader } from "./sqlite-backend.js";
export { openSqlite, SQLITE_PRAGMAS } from "./sqlite-connection.js";
export type { CheckpointsTable, EventStoreTables, EventsTable, NodeKeyHistoryTable, NodeKeysTable, TreeNodesTable } from "./sqlite-schema.js";
export { standaloneVerifier, standaloneVerifierPath } from "./standalone-verifier.js";
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
export { eventLeafHash, LEAF_ENTRY_FORMAT, leafEntry, type TreeLeaf } from "./tree-leaf.js";
export { uuidV7 } from "./uuid-v7.js";
