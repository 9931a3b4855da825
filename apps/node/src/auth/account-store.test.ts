import { inMemoryAccountBackend } from "./account-store.js";
import { authBackendsBehaviour } from "./auth-backends.behaviour.js";
import { inMemoryTokenBackend } from "./token-store.js";

// The stores' rules over Maps; the same cases run on SQLite (sqlite-auth-backends.int.test.ts) and PostgreSQL
// (postgres-auth-backends.int.test.ts). "Another connection" in memory is the same Maps.
authBackendsBehaviour("in memory", async () => {
  const tokens = inMemoryTokenBackend();
  const accounts = inMemoryAccountBackend();
  return { tokens: () => tokens, accounts: () => accounts, close: async () => {} };
});
