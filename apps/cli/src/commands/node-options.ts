/**
 * @module The options of `planledger node <subcommand>`: `--name value` pairs from a known set, and `--json`.
 */

/** Bad input: the subcommand prints the message and its usage, and exits 2. */
export class UsageError extends Error {}

/**
 * `--name value` pairs (each name from `names`) and the `--json` flag; anything else is a {@link UsageError}.
 *
 * @example parseNodeOptions(["--db", "a.db", "--json"], new Set(["db"])) // { values: { db: "a.db" }, json: true }
 */
export const parseNodeOptions = (
  args: ReadonlyArray<string>,
  names: ReadonlySet<string>,
): { readonly values: Record<string, string>; readonly json: boolean } => {
  const values: Record<string, string> = {};
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === "--json") {
      json = true;
      continue;
    }
    const name = arg.startsWith("--") ? arg.slice(2) : "";
    if (!names.has(name)) throw new UsageError(`невідомий аргумент «${arg}» / unknown argument "${arg}"`);
    const value = args[i + 1];
    if (value === undefined || value.startsWith("--")) throw new UsageError(`--${name}: немає значення / no value`);
    values[name] = value;
    i += 1;
  }
  return { values, json };
};

/**
 * The value of a required option, or a {@link UsageError} naming it.
 *
 * @example requiredOption({ db: "a.db" }, "db") // "a.db"
 */
export const requiredOption = (values: Record<string, string>, name: string): string => {
  const value = values[name];
  if (value === undefined || value.trim() === "") throw new UsageError(`потрібен --${name} / --${name} is required`);
  return value;
};
