/**
 * @module `planledger demo`: the local federation of `shared/contract.md` — four nodes as separate processes,
 * seeded over their own HTTP API from the four source documents, with sample quarterly reports.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { demoNodes, seedDemo } from "@planledger/node";

const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
const cliMain = fileURLToPath(new URL("../main.ts", import.meta.url));

/** Resolves once the child prints its `listening …` line; rejects if it exits first. */
const started = (child: ChildProcess, nodeId: string): Promise<string> =>
  new Promise((resolveUrl, reject) => {
    let out = "";
    const onData = (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const match = /listening (\S+)/.exec(out);
      if (match?.[1] !== undefined) {
        child.stdout?.off("data", onData);
        resolveUrl(match[1]);
      }
    };
    child.stdout?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`вузол ${nodeId} завершився з кодом ${code} / node ${nodeId} exited with ${code}`)));
  });

export const run = async (args: ReadonlyArray<string>): Promise<number> => {
  const { values } = parseArgs({ args: [...args], options: { data: { type: "string" } }, strict: true });
  const dataDir = resolve(repoRoot, values.data ?? "data/demo");
  mkdirSync(dataDir, { recursive: true });
  const basePort = Number(process.env.PLANLEDGER_DEMO_BASE_PORT ?? "8700");
  const nodes = demoNodes(basePort);
  const children: ChildProcess[] = [];

  let stopping = false;
  const stopAll = async () => {
    stopping = true;
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once("exit", () => done());
            child.kill("SIGTERM");
          }),
      ),
    );
  };

  try {
    const urls = await Promise.all(
      nodes.map((node) => {
        const child = spawn(
          process.execPath,
          [
            "--import",
            "tsx",
            cliMain,
            "serve",
            "--node",
            node.nodeId,
            "--level",
            node.level,
            "--name",
            node.displayName,
            ...(node.parentUrl === null ? [] : ["--parent", node.parentUrl]),
            "--db",
            resolve(dataDir, `${node.nodeId}.db`),
            "--admin-token-file",
            resolve(dataDir, `${node.nodeId}.token`),
            "--port",
            String(node.port),
          ],
          { cwd: repoRoot, stdio: ["ignore", "pipe", "inherit"] },
        );
        children.push(child);
        return started(child, node.nodeId);
      }),
    );
    for (const child of children) child.stdout?.resume();
    const log = (line: string) => process.stdout.write(`${line}\n`);
    await seedDemo({ nodes, dataDir, fixturesDir: resolve(repoRoot, "fixtures/plans"), log });
    log("");
    log("Демонстраційна федерація працює / demo federation is running:");
    nodes.forEach((node, i) => {
      log(`  ${node.nodeId.padEnd(14)} ${urls[i]}  (${node.displayName}; токен / token: ${resolve(dataDir, `${node.nodeId}.token`)})`);
    });
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
    for (const child of children) {
      child.once("exit", (code, signal) => {
        if (stopping) return;
        process.stderr.write(`planledger demo: вузол завершився / a node exited (${code ?? signal})\n`);
        done();
      });
    }
  });
  await stopAll();
  return 0;
};
