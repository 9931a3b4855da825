/**
 * @module The two facts federation needs from the event store's crypto, passed in so verification stays pure.
 */
import type { Checkpoint, ReplicatedEvent } from "../protocol/replicated-event.js";

/**
 * How an origin log is hashed and its checkpoints signed. The live value comes from
 * `@planledger/event-store` (its canonical encoding); federation never re-implements it.
 */
export interface ChainCrypto {
  /** The `prevHash` of an origin's first event. */
  readonly genesisHash: string;
  /** The hash the origin must have stored for this event (its canonical encoding with `prevHash`). */
  readonly hashOf: (event: ReplicatedEvent) => string;
  /** Whether `checkpoint.signature` is the origin's Ed25519 signature under `publicKey`. */
  readonly verifyCheckpoint: (checkpoint: Checkpoint, publicKey: string) => boolean;
}
