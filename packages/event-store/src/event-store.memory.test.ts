import { EventStore } from "./event-store.js";
import { eventStoreBehaviour } from "./event-store.behaviour.js";
import { commandHandlerBehaviour } from "./command-handler.behaviour.js";

eventStoreBehaviour("in-memory", (nodeId, now) => EventStore.inMemory(now === undefined ? { nodeId } : { nodeId, now }));
commandHandlerBehaviour("in-memory", (nodeId) => EventStore.inMemory({ nodeId }));
