/**
 * @module `planledger demo`: the local federation of `shared/contract.md` — four nodes as separate processes,
 * seeded over their own HTTP API from the four source documents, with sample quarterly reports.
 */
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { type NodeProcess, repoRoot, spawnNode } from "@planledger/testing";
import { ensureDemoAccounts } from "../demo/demo-accounts.js";
import { demoNodes } from "../demo/demo-nodes.js";
import { seedDemo } from "../demo/seed-demo.js";

export const run = async (args: ReadonlyArray<string>): Promise<number> => {
  const { values } = parseArgs({ args: [...args], options: { data: { type: "string" } }, strict: true });
  const dataDir = resolve(repoRoot, values.data ?? "data/demo");
  mkdirSync(dataDir, { recursive: true });
  const basePort = Number(process.env.PLANLEDGER_DEMO_BASE_PORT ?? "8700");
  if (!Number.isInteger(basePort) || basePort < 1 || basePort > 65532) {
    process.stderr.write(`planledger demo: PLANLEDGER_DEMO_BASE_PORT має бути портом / must be a port: ${process.env.PLANLEDGER_DEMO_BASE_PORT}\n`);
    return 2;
  }
  const nodes = demoNodes(basePort);
  const tokenFile = (nodeId: string) => resolve(dataDir, `${nodeId}.token`);
  const running: NodeProcess[] = [];
  let stopping = false;
  const stopAll = async () => {
    stopping = true;
    await Promise.all(running.map((node) => node.stop()));
  };
  const log = (line: string) => process.stdout.write(`${line}\n`);

  try {
    const started = await Promise.allSettled(
      nodes.map((node) =>
        spawnNode({
          nodeId: node.nodeId,
          level: node.level,
          displayName: node.displayName,
          parentUrl: node.parentUrl,
          dbPath: resolve(dataDir, `${node.nodeId}.db`),
          adminTokenFile: tokenFile(node.nodeId),
          port: node.port,
        }).then((p) => {
          running.push(p);
          return p;
        }),
      ),
    );
    const failed = started.find((s) => s.status === "rejected");
    if (failed !== undefined) throw failed.reason;
    await seedDemo({ nodes, dataDir, fixturesDir: resolve(repoRoot, "fixtures/plans"), log });
    for (const node of nodes)
      await ensureDemoAccounts(resolve(dataDir, `${node.nodeId}.db`), node.nodeId, resolve(dataDir, `${node.nodeId}.accounts`));
    log("");
    log("Демонстраційна федерація працює / demo federation is running:");
    for (const node of nodes) {
      log(`  ${node.nodeId.padEnd(14)} ${node.url}  ${node.displayName}`);
    }
    log(`Токени адміністраторів / admin tokens: ${tokenFile("<node>")}`);
    log(`Облікові записи для входу на сторінках / accounts to sign in with: ${resolve(dataDir, "<node>.accounts")}`);
    const oblast = nodes.find((n) => n.level === "oblast") ?? nodes[0];
    if (oblast !== undefined) log(`Відкрийте в браузері / open in a browser: ${oblast.url}/`);
    log("Ctrl+C — зупинити / to stop");
  } catch (error) {
    process.stderr.write(`planledger demo: ${error instanceof Error ? error.message : String(error)}\n`);
    await stopAll();
    return 1;
  }

  await new Promise<void>((done) => {
    const interrupted = () => {
      stopping = true;
      done();
    };
    process.once("SIGINT", interrupted);
    process.once("SIGTERM", interrupted);
    for (const node of running) {
      node.child.once("exit", (code, signal) => {
        if (stopping) return;
        process.stderr.write(`planledger demo: вузол завершився / a node exited (${code ?? signal}); зупиняю / stopping\n`);
        done();
      });
    }
  });
  await stopAll();
  return 0;
};
