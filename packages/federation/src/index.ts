/**
 * @module Public face of the federation package: protocol messages, batch verification, sync. (Measure matching
 * lives in @planledger/matching: planning work that sync does not need.)
 */
export * from "./protocol/replicated-event.js";
export * from "./protocol/messages.js";
export { WireEvents } from "./protocol/wire-events.js";
export * from "./protocol/endpoints.js";
export * from "./verify/refusals.js";
export type { ChainCrypto } from "./verify/chain-crypto.js";
export { isInSubtree, type RegisteredNode, type Registry } from "./verify/subtree.js";
export { verifyBatch, type Batch, type HeldLog, type VerifiedBatch } from "./verify/verify-batch.js";
export { FEDERATION_PREFIX, federationProblems, type FederationRequestError, toFederationProblem } from "./http/problem.js";
export { liveChainCrypto } from "./verify/live-chain-crypto.js";
export { witnessCheckpoint, witnessPayload, verifyWitness } from "./protocol/witness.js";
export {
  type FederationNode,
  type FederationNodeOptions,
  makeFederationNode,
  openFederationNode,
  type Uplink,
} from "./node/federation-node.js";
export type { NodeRegistry } from "./registry/node-registry.js";
export type { BatchReceiver } from "./receiver/batch-receiver.js";
export type { BatchServer } from "./pull/batch-server.js";
export type { UplinkStatus } from "./uplink/uplink-status.js";
export {
  DEFAULT_MAX_PUSH_BYTES,
  federationHandler,
  type FederationHandlerOptions,
  type PlainAnswer,
  pushAnswer,
  pushSender,
} from "./http/federation-handler.js";
export { pushListener } from "./http/push-listener.js";
export { makeSyncClient, SyncFailed, type SyncClient, type SyncClientOptions, type SyncReport, type OriginSync } from "./client/sync-client.js";
export { federationMigrations } from "./store/federation-migrations.js";
export { type FederationDb, type FederationTables, federationDb, federationDbOf, type NodeDatabase, postgresFederationDb } from "./store/federation-tables.js";
export { startFederation, type StartFederationOptions, type RunningFederation } from "./node/start-federation.js";
export { enrollOverHttp, syncOverHttp, type AdminEndpoint } from "./client/enroll-over-http.js";
export { auditWitnesses, auditWitnessesIn, type WitnessAudit, type WitnessFinding } from "./audit/witness-audit.js";
export { type ParentAudit, auditAgainstParent, auditAgainstParentIn } from "./audit/parent-audit.js";
export { cosignedNoteInFile } from "./audit/cosigned-note-in-file.js";
export type { QuorumCoverage, SplitViewSeen } from "./audit/witness-audit.js";
export { bodyHead, checkpointBody, cosignatureLine, noteBody, verifyCosignatureLine, withCosignatures } from "./witness/cosignature-line.js";
export { type Cosigned, type SplitSide, type Witness, makeWitness, witnessStream } from "./witness/witness-service.js";
export { type KeptCosignature, type NamedWitness, type SplitViewRecord, type WitnessStore, witnessStore } from "./witness/witness-store.js";
export { RestoreAuthorised, RestoreRequest, RestoreSource, RestoreSourceQuery } from "./restore/restore-messages.js";
export { RestoreFailed, type RestoreOptions, type RestoreOutcome, restoreNode } from "./restore/restore-node.js";
export { RestoreUnverified, type RestorePins, type VerifiedRestore, verifyRestore } from "./restore/verify-restore.js";
