/**
 * @module Public face of the node app: `createApp()` for tests and embedding, `startNode()` to listen.
 */
export { createApp, type NodeApp } from "./app.js";
export { startNode, type RunningNode } from "./main.js";
export { NodeConfig, NodeIdentity, NodeLevel } from "./node-config.js";
export type { NodeDeps, NodeServices } from "./node-context.js";
export { Role, allows, type Permission } from "./auth/role.js";
export { hashToken, inMemoryTokenBackend, makeTokenStore, type Principal, type TokenStore } from "./auth/token-store.js";
export { sqliteTokenBackend } from "./auth/sqlite-token-backend.js";
export { NODE_MIGRATION_TABLE, migrateNode } from "./migrations/index.js";
export { parsePlanText } from "./parse-plan-text.js";
export { openApiDocument, operations } from "./openapi/openapi.js";
export { toProblem, type Problem } from "./http/problem.js";
export { demoNodes, type DemoNode } from "./demo/demo-nodes.js";
export { seedDemo, type SeedOptions } from "./demo/seed-demo.js";
export { repoRoot, spawnNode, type NodeProcess, type NodeProcessSpec } from "./process/spawn-node.js";
export { freeBasePort, startDemoProcess, stopDemoProcess, type DemoProcess } from "./testing/demo-process.js";
export { AccountError, type AccountStore, inMemoryAccountBackend, makeAccountStore, type Person } from "./auth/account-store.js";
export { sqliteAccountBackend } from "./auth/sqlite-account-backend.js";
export { ensureDemoAccounts, readDemoAccounts } from "./demo/demo-accounts.js";
