/**
 * @module A node's key rotated end to end: the next key written beside the key file, the rotation recorded in the
 * database, then the key file swapped (the old one kept as `<key>.retired-<time>`). Any engine.
 */
import { Effect } from "effect";
import type { EventStoreService } from "./event-store-service.js";
import type { KeyHistoryError } from "./event-store.errors.js";
import type { KeyRotation } from "./key-changes.js";
import { abandonPendingKey, generateNodeKey, settlePendingKey, writePendingKey } from "./node-key.js";

/**
 * Rotates the key of the node whose store is open and whose key file is `keyPath`. The order makes every crash
 * recoverable: the next key is on disk (`<key>.next`) before the database takes it, and the next opening finishes a
 * swap the database committed (or sets aside a key it never took) — see `settleInterruptedRotation`.
 *
 * @example
 * const { rotation, retired } = yield* rotateNodeKey(store, "data/novopskovskyi.db.key", "admin@novopskovskyi");
 */
export const rotateNodeKey = (
  store: EventStoreService,
  keyPath: string,
  actor: string,
): Effect.Effect<{ readonly rotation: KeyRotation; readonly retired: string | null; readonly publicKey: string }, KeyHistoryError> =>
  Effect.gen(function* () {
    const next = generateNodeKey();
    yield* Effect.sync(() => writePendingKey(keyPath, next));
    const rotation = yield* store.rotateKey(next, { actor }).pipe(Effect.tapError(() => Effect.sync(() => abandonPendingKey(keyPath))));
    const retired = yield* Effect.sync(() => settlePendingKey(keyPath));
    return { rotation, retired, publicKey: next.publicKey };
  });
