/**
 * @module Which key a batch's checkpoint must be signed with: the origin's key history as the receiver holds it,
 * extended by the `KeyRotated` events the batch itself carries (each checked under the key in force before it), and
 * the checkpoint checked under the key in force at its seq. Pure: the receiver passes the history in.
 */
import {
  type Checkpoint,
  checkpointKeyProblem,
  enrolledKey,
  type KeyEntry,
  KeyRotatedData,
  keyAt,
  keyStream,
  verifyKeyAuthorisation,
} from "@planledger/event-store";
import { Either, Schema as S } from "effect";
import type { ReplicatedEvent } from "../protocol/replicated-event.js";
import { BadKeyRotation, BadSignature, KeyRevoked } from "./refusals.js";

const decodeRotation = S.decodeUnknownEither(S.parseJson(KeyRotatedData));

const revokedText = (origin: string, seq: number, entry: KeyEntry): string =>
  `ключ ${origin}, яким підписано seq ${seq}, відкликано з seq ${entry.revokedFromSeq}${entry.revokedBy === null ? "" : ` вузлом ${entry.revokedBy}`}: ${entry.revokedReason ?? ""} / ` +
  `${origin}'s key that signed seq ${seq} was revoked from seq ${entry.revokedFromSeq}${entry.revokedBy === null ? "" : ` by ${entry.revokedBy}`}: ${entry.revokedReason ?? ""}`;

/**
 * Checks the key side of a batch: every `KeyRotated` among `fresh` (the events the receiver does not hold yet) and
 * the closing checkpoint. `history` is the origin's history held here (possibly empty), `current` its registered key.
 * Returns the history as it will be once the batch is stored.
 *
 * @example
 * const keys = checkBatchKeys("novopskovskyi", history, registeredKey, verified.fresh, batch.checkpoint)
 * if (Either.isLeft(keys)) return Either.left(keys.left)
 */
export const checkBatchKeys = (
  origin: string,
  history: ReadonlyArray<KeyEntry>,
  current: string,
  fresh: ReadonlyArray<ReplicatedEvent>,
  checkpoint: Checkpoint,
): Either.Either<ReadonlyArray<KeyEntry>, BadKeyRotation | KeyRevoked | BadSignature> => {
  let entries: Array<KeyEntry> = history.length > 0 ? [...history] : [enrolledKey(origin, current, "")];
  for (const event of fresh) {
    if (event.type !== "KeyRotated") continue;
    const bad = (detail: string) => Either.left(new BadKeyRotation({ origin, seq: event.seq, detail }));
    if (event.stream !== keyStream(origin)) return bad(`KeyRotated outside ${keyStream(origin)}`);
    const decoded = decodeRotation(event.dataJson);
    if (Either.isLeft(decoded)) return bad("KeyRotated: дані не розібрано / unreadable data");
    const d = decoded.right;
    if (d.node !== origin || d.fromSeq !== event.seq)
      return bad(`KeyRotated має бути ключем ${origin} від власного seq / must be ${origin}'s own key from its own seq (node ${d.node}, fromSeq ${d.fromSeq})`);
    const before = keyAt(entries, event.seq - 1) as KeyEntry;
    if (before.revokedFromSeq !== null && event.seq >= before.revokedFromSeq)
      return Either.left(
        new KeyRevoked({ origin, seq: event.seq, revokedFromSeq: before.revokedFromSeq, revokedBy: before.revokedBy, detail: revokedText(origin, event.seq, before) }),
      );
    const authorised = { origin, fromSeq: d.fromSeq, publicKey: d.publicKey, authority: "rotated" as const, authorisedBy: origin };
    if (d.previousKey !== before.publicKey || !verifyKeyAuthorisation(before.publicKey, authorised, d.signature))
      return bad(
        `новий ключ від seq ${event.seq} не підписано ключем, чинним до нього (з seq ${before.fromSeq}) / the new key from seq ${event.seq} is not signed by the key in force before it (from seq ${before.fromSeq})`,
      );
    entries = [
      ...entries.filter((e) => e.fromSeq < d.fromSeq),
      { ...authorised, signature: d.signature, eventId: event.eventId, recordedAt: event.recordedAt, revokedFromSeq: null, revokedReason: null, revokedBy: null },
    ];
  }
  const problem = checkpointKeyProblem(entries, current, checkpoint);
  if (problem?._tag === "Revoked")
    return Either.left(
      new KeyRevoked({
        origin,
        seq: checkpoint.seq,
        revokedFromSeq: problem.entry.revokedFromSeq as number,
        revokedBy: problem.entry.revokedBy,
        detail: revokedText(origin, checkpoint.seq, problem.entry),
      }),
    );
  if (problem !== null) return Either.left(new BadSignature({ origin, seq: checkpoint.seq }));
  return Either.right(entries);
};
