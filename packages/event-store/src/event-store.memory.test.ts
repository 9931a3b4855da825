import { Effect, Layer } from "effect";
import { asyncMemoryBackend } from "./async-backend.js";
import { commandHandlerBehaviour } from "./command-handler.behaviour.js";
import { EventStore } from "./event-store.js";
import { eventStoreBehaviour } from "./event-store.behaviour.js";
import { makeEventStoreService } from "./event-store-service.js";
import { generateNodeKey } from "./node-key.js";

eventStoreBehaviour("in-memory", (nodeId, now) => EventStore.inMemory(now === undefined ? { nodeId } : { nodeId, now }));
commandHandlerBehaviour("in-memory", (nodeId) => EventStore.inMemory({ nodeId }));

// The same rules over a backend whose every call answers on a later turn of the event loop, as a server engine's
// round trips do: nothing in the log's rules may rely on the engine answering at once.
const answeringLater = (nodeId: string, now?: () => string) =>
  Layer.effect(
    EventStore,
    Effect.gen(function* () {
      const backend = asyncMemoryBackend();
      const key = generateNodeKey();
      yield* backend.write((tx) => tx.putNodeKey(nodeId, key.publicKey, true));
      return makeEventStoreService(backend, nodeId, key, now);
    }),
  );
eventStoreBehaviour("answering later", answeringLater);
commandHandlerBehaviour("answering later", (nodeId) => answeringLater(nodeId));
