/**
 * @module The chain crypto of real nodes: the event store's envelope hash and checkpoint signatures.
 */
import { GENESIS_HASH, replicaHash, verifyCheckpoint } from "@planledger/event-store";
import type { ChainCrypto } from "./chain-crypto.js";

/**
 * Hashes exactly as the origin's store did (`envelopeHash` over the event's own `data` text, computed once per
 * event object for verifying and storing it) and checks checkpoint signatures against a base64 SPKI Ed25519 key.
 *
 * @example
 * verifyBatch(batch, { registry, held, crypto: liveChainCrypto })
 */
export const liveChainCrypto: ChainCrypto = {
  genesisHash: GENESIS_HASH,
  // Remembered per event object, so the store does not hash it again when it stores the event.
  hashOf: (event) => replicaHash(event),
  verifyCheckpoint: (checkpoint, publicKey) => verifyCheckpoint(publicKey, checkpoint),
};
