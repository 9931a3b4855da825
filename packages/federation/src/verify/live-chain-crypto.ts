/**
 * @module The chain crypto of real nodes: the event store's canonical envelope hash and checkpoint signatures.
 */
import { canonicalJson, envelopeHash, GENESIS_HASH, verifyCheckpoint } from "@planledger/event-store";
import type { ChainCrypto } from "./chain-crypto.js";

/**
 * Hashes exactly as the origin's store did (`envelopeHash` over the canonical JSON of `data`) and checks
 * checkpoint signatures against a base64 SPKI Ed25519 key.
 *
 * @example
 * verifyBatch(batch, { registry, held, crypto: liveChainCrypto })
 */
export const liveChainCrypto: ChainCrypto = {
  genesisHash: GENESIS_HASH,
  hashOf: (event) => envelopeHash(event, canonicalJson(event.data)),
  verifyCheckpoint: (checkpoint, publicKey) => verifyCheckpoint(publicKey, checkpoint),
};
