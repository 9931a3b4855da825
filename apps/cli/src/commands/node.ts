/**
 * @module `planledger node succeed|restore|rotate-key|revoke-key`: a node's place and identity over time (issue #18).
 * Each subcommand lives in its own module, `node-<subcommand>.ts`, loaded only when asked for.
 */

type Subcommand = () => Promise<{ run: (args: ReadonlyArray<string>) => Promise<number> }>;

/** The subcommands this build has: each module adds its own line. */
const subcommands: Record<string, Subcommand> = {
  restore: () => import("./node-restore.js"),
  "revoke-key": () => import("./node-revoke-key.js"),
  "rotate-key": () => import("./node-rotate-key.js"),
  succeed: () => import("./node-succeed.js"),
};

const usage = (): string =>
  `Використання / usage: planledger node <${Object.keys(subcommands).join("|") || "…"}> [options]
  див. / see docs/federation.md`;

export const run = async (args: ReadonlyArray<string>): Promise<number> => {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === "--help" || sub === "-h") {
    process.stdout.write(`${usage()}\n`);
    return sub === undefined ? 2 : 0;
  }
  const load = subcommands[sub];
  if (load === undefined) {
    process.stderr.write(`planledger node: невідома підкоманда «${sub}» / unknown subcommand "${sub}"\n${usage()}\n`);
    return 2;
  }
  const mod = await load();
  return mod.run(rest);
};
