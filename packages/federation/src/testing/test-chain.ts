/**
 * @module Test support: origin logs built in memory with the event store's real hash and Ed25519 checkpoints.
 */
import { type NodeKey, canonicalJson, generateNodeKey, signCheckpoint } from "@planledger/event-store";
import type { Checkpoint, ReplicatedEvent } from "../protocol/replicated-event.js";
import { liveChainCrypto } from "../verify/live-chain-crypto.js";

export const testCrypto = liveChainCrypto;

export interface TestOrigin {
  readonly nodeId: string;
  readonly key: NodeKey;
  readonly publicKey: string;
  readonly events: ReplicatedEvent[];
}

export const makeOrigin = (nodeId: string): TestOrigin => {
  const key = generateNodeKey();
  return { nodeId, key, publicKey: key.publicKey, events: [] };
};

/** Appends `count` events to the origin's log, chained and hashed as the event store does. */
export const record = (origin: TestOrigin, count: number, note = "виконано"): ReplicatedEvent[] => {
  const added: ReplicatedEvent[] = [];
  for (let i = 0; i < count; i++) {
    const prev = origin.events[origin.events.length - 1];
    const seq = (prev?.seq ?? 0) + 1;
    const draft: ReplicatedEvent = {
      eventId: `${origin.nodeId}-${seq}`,
      origin: origin.nodeId,
      seq,
      stream: `report:${origin.nodeId}-plan:2025-Q1`,
      streamVersion: seq,
      type: "ProgressRecorded",
      dataJson: canonicalJson({ measureId: `m${seq}`, status: "done", narrative: `${note} ${seq}` }),
      actor: "executor@district",
      recordedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, seq)).toISOString(),
      causationId: null,
      correlationId: null,
      prevHash: prev?.hash ?? testCrypto.genesisHash,
      hash: "",
    };
    const event = { ...draft, hash: testCrypto.hashOf(draft) };
    origin.events.push(event);
    added.push(event);
  }
  return added;
};

/** The origin's signed checkpoint at `seq` (default: its head), optionally signed with another key. */
export const checkpointOf = (origin: TestOrigin, seq = origin.events.length, key = origin.key): Checkpoint => {
  const hash = seq === 0 ? testCrypto.genesisHash : (origin.events[seq - 1] as ReplicatedEvent).hash;
  return signCheckpoint(key.privateKey, { origin: origin.nodeId, seq, hash, signedAt: "2025-01-02T00:00:00.000Z" });
};
