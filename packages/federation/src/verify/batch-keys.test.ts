import { canonicalJson, enrolledKey, generateNodeKey, keyStream, type NodeKey, signKeyAuthorisation } from "@planledger/event-store";
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import type { ReplicatedEvent } from "../protocol/replicated-event.js";
import { checkpointOf, makeOrigin, record, type TestOrigin, testCrypto } from "../testing/test-chain.js";
import { checkBatchKeys } from "./batch-keys.js";

/** A `KeyRotated` event at the origin's next seq, naming `next` and signed by `signer` (the old key, or not). */
const rotation = (origin: TestOrigin, next: NodeKey, signer: NodeKey): ReplicatedEvent => {
  const prev = origin.events.at(-1) as ReplicatedEvent;
  const seq = prev.seq + 1;
  const signature = signKeyAuthorisation(signer.privateKey, { origin: origin.nodeId, fromSeq: seq, publicKey: next.publicKey, authority: "rotated", authorisedBy: origin.nodeId });
  const draft: ReplicatedEvent = {
    ...prev,
    eventId: `${origin.nodeId}-${seq}`,
    seq,
    stream: keyStream(origin.nodeId),
    streamVersion: 1,
    type: "KeyRotated",
    dataJson: canonicalJson({ node: origin.nodeId, fromSeq: seq, publicKey: next.publicKey, previousKey: origin.publicKey, signature }),
    prevHash: prev.hash,
  };
  const event = { ...draft, hash: testCrypto.hashOf(draft) };
  origin.events.push(event);
  return event;
};

describe("checkBatchKeys: a batch's key changes and its closing checkpoint", () => {
  it("accepts a rotation signed by the previous key, the checkpoint after it signed by the new key", () => {
    const district = makeOrigin("novopskovskyi");
    const next = generateNodeKey();
    const events = [...record(district, 3), rotation(district, next, district.key)];
    const keys = checkBatchKeys("novopskovskyi", [], district.publicKey, events, checkpointOf(district, 4, next));
    expect(Either.isRight(keys) && keys.right.map((e) => [e.fromSeq, e.publicKey, e.authority])).toEqual([
      [0, district.publicKey, "enrolled"],
      [4, next.publicKey, "rotated"],
    ]);
    // The old key signs nothing after the rotation.
    const old = checkBatchKeys("novopskovskyi", [], district.publicKey, events, checkpointOf(district, 4));
    expect(Either.isLeft(old) && old.left._tag).toBe("BadSignature");
  });

  it("refuses BadKeyRotation when the KeyRotated is not signed by the previous key", () => {
    const district = makeOrigin("novopskovskyi");
    const thief = generateNodeKey();
    const events = [...record(district, 3), rotation(district, thief, thief)];
    const keys = checkBatchKeys("novopskovskyi", [], district.publicKey, events, checkpointOf(district, 4, thief));
    expect(Either.isLeft(keys) && [keys.left._tag, keys.left.seq]).toEqual(["BadKeyRotation", 4]);
  });

  it("refuses KeyRevoked for a checkpoint signed by a key revoked by its seq, and takes one before it", () => {
    const district = makeOrigin("novopskovskyi");
    const events = record(district, 5);
    const revoked = { ...enrolledKey("novopskovskyi", district.publicKey, ""), revokedFromSeq: 4, revokedReason: "викрадено", revokedBy: "luhanska" };
    const late = checkBatchKeys("novopskovskyi", [revoked], district.publicKey, events, checkpointOf(district, 5));
    expect(Either.isLeft(late) && [late.left._tag, late.left.seq]).toEqual(["KeyRevoked", 5]);
    expect(Either.isRight(checkBatchKeys("novopskovskyi", [revoked], district.publicKey, events.slice(0, 3), checkpointOf(district, 3)))).toBe(true);
  });
});
