/**
 * @module Public face of the node app: `createApp()` for tests and embedding, `startNode()` to listen.
 */
export { createApp, type NodeApp } from "./app.js";
export { startNode, type RunningNode } from "./main.js";
export { DEFAULT_LIMITS, limitsFromEnv, NodeConfig, NodeIdentity, NodeLevel, NodeLimits } from "./node-config.js";
export type { NodeDeps, NodeServices } from "./node-context.js";
export { Role, allows, type Permission } from "./auth/role.js";
export { hashToken, inMemoryTokenBackend, makeTokenStore, newToken, type Principal, type TokenStore } from "./auth/token-store.js";
export { sqliteTokenBackend } from "./auth/sqlite-token-backend.js";
export { postgresTokenBackend } from "./auth/postgres-token-backend.js";
export { NODE_MIGRATION_TABLE, nodeMigrations } from "./migrations/index.js";
export type { AuthTables } from "./auth/auth-tables.js";
export { parsePlanText } from "./parse-plan-text.js";
export { openApiDocument, type OpenApiDocument } from "./openapi/openapi.js";
export { apiOperations, type ApiOperation } from "./openapi/operations.js";
export { nodeProblems, toNodeProblem } from "./http/problem.js";
export { AccountError, type AccountStore, inMemoryAccountBackend, makeAccountStore, type Person } from "./auth/account-store.js";
export { sqliteAccountBackend } from "./auth/sqlite-account-backend.js";
export { postgresAccountBackend } from "./auth/postgres-account-backend.js";
