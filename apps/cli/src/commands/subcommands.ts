/**
 * @module A verb made of subcommands (`planledger db copy`, `planledger node restore`): each subcommand a module loaded
 * only when asked for, one usage line listing them, an unknown one refused with exit 2.
 */

/** A subcommand's module, loaded on demand. */
export type Subcommand = () => Promise<{ run: (args: ReadonlyArray<string>) => Promise<number> }>;

/**
 * The `run` of a verb whose first argument names a subcommand; `see` is the page that describes them.
 *
 * @example
 * export const run = subcommandVerb("db", { copy: () => import("./db-copy.js") }, "docs/operations.md");
 * await run(["copy", "--from", "data/luhanska.db", "--to", "postgres://planledger@127.0.0.1/luhanska"]) // 0
 */
export const subcommandVerb =
  (verb: string, subcommands: Readonly<Record<string, Subcommand>>, see: string) =>
  async (args: ReadonlyArray<string>): Promise<number> => {
    const usage = `Використання / usage: planledger ${verb} <${Object.keys(subcommands).join("|")}> [options]\n  див. / see ${see}`;
    const [sub, ...rest] = args;
    if (sub === undefined || sub === "--help" || sub === "-h") {
      process.stdout.write(`${usage}\n`);
      return sub === undefined ? 2 : 0;
    }
    const load = Object.hasOwn(subcommands, sub) ? subcommands[sub] : undefined;
    if (load === undefined) {
      process.stderr.write(`planledger ${verb}: невідома підкоманда «${sub}» / unknown subcommand "${sub}"\n${usage}\n`);
      return 2;
    }
    return (await load()).run(rest);
  };
