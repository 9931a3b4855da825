/**
 * @module Who names the event store's tables: the tables event-store declares, and every place in other code that
 * names one in SQL or in a Kysely call.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/** One place that names a table of the event store. */
export interface TableReference {
  /** Relative to the root scanned, with `/`. */
  readonly file: string;
  readonly line: number;
  readonly table: string;
  readonly text: string;
}

/**
 * The event store's tables, read from its own sources rather than listed here, so a table it adds is guarded
 * without touching this check: the keys of `EventStoreTables` (`sqlite-schema.ts`), every `createTable("…")` of its
 * migrations (tests beside them excluded), and the runner's bookkeeping tables of its set (`owner: "event_store"` gives
 * `event_store_migration` and `event_store_migration_lock`).
 *
 * @example
 * eventStoreTables(repoRoot) // ["checkpoints", "event_store_migration", "event_store_migration_lock", "events", "node_keys"]
 */
export const eventStoreTables = (root: string): string[] => {
  const src = join(root, "packages/event-store/src");
  const schema = readFileSync(join(src, "sqlite-schema.ts"), "utf8");
  const declared = /export interface EventStoreTables\s*\{([^}]*)\}/.exec(schema)?.[1] ?? "";
  const names = new Set([...declared.matchAll(/^\s*(\w+)\s*:/gm)].map((m) => m[1] as string));
  for (const file of sourceFiles(join(src, "migrations")).filter((f) => !/\.test\.ts$/.test(f))) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/createTable\(\s*["'`](\w+)["'`]/g)) names.add(m[1] as string);
    for (const m of text.matchAll(/\bowner:\s*["'`](\w+)["'`]/g)) {
      names.add(`${m[1]}_migration`);
      names.add(`${m[1]}_migration_lock`);
    }
  }
  return [...names].sort();
};

const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;

/** Source files under `dir`, recursively, skipping `node_modules`. */
export const sourceFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    if (name === "node_modules" || name === "dist" || name.startsWith(".")) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return SOURCE.test(name) ? [path] : [];
  });

// Kysely's builders and helpers that take a table name first (`db.selectFrom("events")`, `sql.table("events")`,
// `.on("events")` of an index or trigger), with an optional alias.
const KYSELY =
  /\b(?:selectFrom|insertInto|replaceInto|updateTable|deleteFrom|mergeInto|innerJoin|leftJoin|rightJoin|fullJoin|crossJoin|innerJoinLateral|leftJoinLateral|createTable|alterTable|dropTable|createView|table|on)\(\s*\[?\s*["'`](\w+)(?:\s+as\s+\w+)?["'`]/g;
// SQL text: keywords written in capitals, as all SQL here is, so that English prose ("rebuilt from events") is not
// mistaken for a query…
const SQL_CAPITALS = /\b(?:FROM|JOIN|INTO|UPDATE|TABLE|ON)\s+["`[]?(\w+)/g;
// …and SQL in lower case when the line reads as a statement.
const SQL_LOWER = /\b(?:select|insert|update|delete|replace)\b.*?\b(?:from|into|join|update)\s+["`[]?(\w+)/gi;

/** Comments do not touch tables; a JSDoc example or a note that names one is not a violation. */
const withoutComments = (text: string): string =>
  text
    .replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, " "))
    .replace(/^(\s*)\/\/.*$/gm, (_, indent: string) => indent);

/**
 * Every place in `files` that names one of `tables` in SQL or a Kysely call, outside comments.
 *
 * @example
 * tableReferences(root, ["packages/projections/src/sqlite/sqlite-event-source.ts"], ["events"])
 * // [{ file: "packages/projections/src/sqlite/sqlite-event-source.ts", line: 63, table: "events", text: '.selectFrom("events")' }, …]
 */
export const tableReferences = (root: string, files: ReadonlyArray<string>, tables: ReadonlyArray<string>): TableReference[] => {
  const wanted = new Set(tables);
  return files.flatMap((file) => {
    const lines = withoutComments(readFileSync(join(root, file), "utf8")).split("\n");
    return lines.flatMap((text, i) => {
      const named = new Set<string>();
      for (const pattern of [KYSELY, SQL_CAPITALS, SQL_LOWER])
        for (const m of text.matchAll(pattern)) if (wanted.has(m[1] as string)) named.add(m[1] as string);
      return [...named].map((table) => ({ file: relative(root, join(root, file)).split("\\").join("/"), line: i + 1, table, text: text.trim() }));
    });
  });
};

/** Files allowed, for now, to name the event store's tables: how many lines name each table, and why. */
export interface AllowedTableReferences {
  readonly file: string;
  readonly lines: Readonly<Record<string, number>>;
  readonly why: string;
}

/**
 * The references the allow-list does not cover (`added`: a new file, or more lines naming a table than listed), and
 * the entries it holds that the code no longer needs (`stale`), so the list only shrinks and stays exact.
 *
 * @example
 * againstAllowList(references, allowedTableReferences) // { added: [], stale: [] } when nothing changed
 */
export const againstAllowList = (
  references: ReadonlyArray<TableReference>,
  allowed: ReadonlyArray<AllowedTableReferences>,
): { readonly added: string[]; readonly stale: string[] } => {
  const counted = new Map<string, number>();
  for (const r of references) counted.set(`${r.file} ${r.table}`, (counted.get(`${r.file} ${r.table}`) ?? 0) + 1);
  const listed = new Map(allowed.flatMap((a) => Object.entries(a.lines).map(([table, n]) => [`${a.file} ${table}`, n] as const)));
  const added = references
    .filter((r) => (counted.get(`${r.file} ${r.table}`) ?? 0) > (listed.get(`${r.file} ${r.table}`) ?? 0))
    .map((r) => `${r.file}:${r.line} names "${r.table}": ${r.text}`);
  const stale = [...listed]
    .filter(([key, n]) => (counted.get(key) ?? 0) < n)
    .map(([key, n]) => `${key.replace(" ", ` names "`)}" on ${counted.get(key) ?? 0} lines, the allow-list says ${n}: lower it`);
  return { added, stale };
};
