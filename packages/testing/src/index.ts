/**
 * @module Public face of the testing package: nodes and the demo as real processes, and the demo's credentials
 * file. Used by the CLI's `demo` verb, the end-to-end tests of apps/node and apps/cli, and the benchmarks;
 * it imports no app (a process is started by the CLI's path, never by importing it).
 */
export { repoRoot, spawnNode, type NodeProcess, type NodeProcessSpec } from "./spawn-node.js";
export { freeBasePort, startDemoProcess, stopDemoProcess, type DemoProcess } from "./demo-process.js";
export { readDemoAccounts, writeDemoAccounts, type DemoAccount } from "./demo-accounts-file.js";
