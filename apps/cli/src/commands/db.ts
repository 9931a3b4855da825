/**
 * @module `planledger db copy`: a node's database as a whole (issue #17). Each subcommand lives in its own module,
 * `db-<subcommand>.ts`, loaded only when asked for.
 */

type Subcommand = () => Promise<{ run: (args: ReadonlyArray<string>) => Promise<number> }>;

const subcommands: Record<string, Subcommand> = {
  copy: () => import("./db-copy.js"),
};

const usage = (): string =>
  `Використання / usage: planledger db <${Object.keys(subcommands).join("|")}> [options]
  див. / see docs/operations.md`;

/**
 * Runs `planledger db <subcommand>`; resolves to the exit code.
 *
 * @example
 * await run(["copy", "--from", "data/luhanska.db", "--to", "postgres://planledger@127.0.0.1/luhanska"]) // 0
 */
export const run = async (args: ReadonlyArray<string>): Promise<number> => {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === "--help" || sub === "-h") {
    process.stdout.write(`${usage()}\n`);
    return sub === undefined ? 2 : 0;
  }
  const load = subcommands[sub];
  if (load === undefined) {
    process.stderr.write(`planledger db: невідома підкоманда «${sub}» / unknown subcommand "${sub}"\n${usage()}\n`);
    return 2;
  }
  const mod = await load();
  return mod.run(rest);
};
