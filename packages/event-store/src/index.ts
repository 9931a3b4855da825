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
export { type Breakage, type OriginReport, verifyLog } from "./log-verifier.js";
export { auditDatabase } from "./audit-database.js";
export { SQLITE_PRAGMAS, openSqlite } from "./sqlite-connection.js";
export { eventStoreMigrations } from "./migrations/index.js";
export { MigrationFailed, type MigrationRun, type MigrationSet, type MigrationStep, migrateDatabase } from "./migrations/runner.js";
export {
  type LogEntry,
  type LogReader,
  type ReadOptions,
  type ScanRequest,
  WIRE_EVENT_FIELDS,
  type WireEvent,
} from "./log-reader.js";
export { sqliteLogReader } from "./sqlite-backend.js";
export type { CheckpointsTable, EventStoreTables, EventsTable, NodeKeysTable } from "./sqlite-schema.js";
export { type NodeKey, generateNodeKey, loadOrCreateNodeKey } from "./node-key.js";
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
