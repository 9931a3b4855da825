/**
 * @module `@planledger/federation/testing`: real node processes, a quarter of reporting recorded through a node's
 * API, and a fault proxy that makes the line between two nodes a poor one — for this package's tests and for
 * `bench/sync`. Not part of the federation's public face.
 */
export { api, type NodeProcess, repoRoot, startNodeProcess } from "./node-process.js";
export { adoptDistrictPlan, DISTRICT_PLAN_FIXTURE, recordQuarter } from "./quarter-reports.js";
export { type FaultProxy, type LineProfile, startFaultProxy } from "./fault-proxy.js";
export { tempDir } from "./test-nodes.js";
