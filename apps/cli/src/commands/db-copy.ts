/**
 * @module `planledger db copy --from DB --to DB`: moves a node between a SQLite file and PostgreSQL (either way) —
 * its event store, verifying every chain on the source before and on the target after, and in the same transaction
 * the federation's tables and the node's tokens, accounts and sessions (docs/operations.md, "Moving a node between
 * engines"). Read models are not copied: the node rebuilds them from the log on start.
 */
import { copyFileSync, constants, existsSync } from "node:fs";
import {
  type CopiedTable,
  type CopyOutcome,
  copyNodeDatabase,
  isPostgresUrl,
  type OriginReport,
  readNodeKey,
  type SideTables,
  shownDatabase,
} from "@planledger/event-store";
import { type FederationTables, federationMigrations } from "@planledger/federation";
import { type AuthTables, nodeMigrations } from "@planledger/node";

/** Every federation table a node keeps (parent, children, receipts, witnesses, cosignatures, split views, policy). */
const FEDERATION_TABLES = [
  "federation_nodes",
  "federation_uplink",
  "federation_receipts",
  "federation_witnesses",
  "federation_cosignatures",
  "federation_notes",
  "federation_witnessed_heads",
  "federation_split_views",
  "federation_witness_policy",
] as const satisfies ReadonlyArray<keyof FederationTables>;
/** The node's own: API tokens, people's accounts and their sessions (so that people stay signed in). */
const NODE_TABLES = ["node_tokens", "node_accounts", "node_sessions"] as const satisfies ReadonlyArray<keyof AuthTables>;

// A table added to either package and not listed above stops the build here, rather than being left behind by a copy.
type Unlisted = Exclude<keyof FederationTables, (typeof FEDERATION_TABLES)[number]> | Exclude<keyof AuthTables, (typeof NODE_TABLES)[number]>;
// biome-ignore lint/correctness/noUnusedVariables: a check for tsc only; its error names the unlisted table.
const everyTableListed: [Unlisted] extends [never] ? true : Unlisted = true;

/**
 * What `db copy` moves beside the log, with the migrations that make those tables on the target.
 *
 * @example
 * await copyNodeDatabase("data/luhanska.db", "postgres://…", NODE_SIDE_TABLES)
 */
export const NODE_SIDE_TABLES: SideTables = {
  migrations: [federationMigrations, nodeMigrations],
  tables: [...FEDERATION_TABLES, ...NODE_TABLES],
};

const usage = `Використання / usage: planledger db copy --from DB --to DB [--key PATH]
  DB — файл SQLite або / a SQLite file or postgres://user:password@host:port/database
  копіює вузол у порожню базу: журнал подій (події кожного походження як збережено, контрольні точки зі свідками,
  ключі вузлів, історію ключів, перевірені голови), перевіривши кожен ланцюг до і після, і в тій самій транзакції
  таблиці федерації (батьківський вузол, діти, квитанції, свідки, косигнатури, розбіжні голови, політика свідків),
  токени, облікові записи й сеанси; проєкції не копіюються — вузол перебудує їх із журналу під час запуску
  copies a node into an empty database: its event log (every origin's events as stored, checkpoints with their
  witnesses, node keys, key history, verified heads), verifying every chain before and after, and in the same
  transaction the federation tables (parent, children, receipts, witnesses, cosignatures, split views, witness
  policy), tokens, accounts and sessions; read models are not copied — the node rebuilds them from the log on start
  --key PATH: ключ вузла, який покласти поруч із новим файлом SQLite (типово <from>.key, якщо --from — файл) /
  the node's key to put beside a new SQLite file (<from>.key by default when --from is a file)
  коди виходу / exit codes: 0 скопійовано й перевірено / copied and verified, 1 джерело або копія пошкоджені /
  the source or the copy is not intact, 2 помилка виклику, база недоступна або непорожня / bad usage, a database
  unreachable or not empty`;

const NOT_COPIED =
  "Проєкції не копіюються: вузол перебудує їх із журналу під час запуску / " +
  "the read models (projections) are not copied: the node rebuilds them from the log on start";

/** `federation_nodes 2, federation_uplink 0 (не було в джерелі / not in the source), …` */
const counted = (tables: ReadonlyArray<CopiedTable>, prefix: string): string =>
  tables
    .filter((t) => t.table.startsWith(prefix))
    .map((t) => `${t.table} ${t.rows}${t.held ? "" : " (не було в джерелі / not in the source)"}`)
    .join(", ");

type Options = { readonly from: string; readonly to: string; readonly key: string | undefined };

const parse = (args: ReadonlyArray<string>): Options | string => {
  const options: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const name = arg.startsWith("--") ? (arg.slice(2).split("=")[0] ?? "") : "";
    if (!["from", "to", "key"].includes(name)) return `невідомий параметр «${arg}» / unknown option "${arg}"`;
    const value = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : (args[++i] ?? "");
    if (value === "" || value.startsWith("--")) return `--${name}: потрібне значення / a value is required`;
    options[name] = value;
  }
  if (options.from === undefined || options.to === undefined) return "потрібні --from і --to / --from and --to are required";
  return { from: options.from, to: options.to, key: options.key };
};

const broken = (origins: ReadonlyArray<OriginReport>): string =>
  origins
    .filter((o) => o.broken !== null)
    .map((o) => {
      const b = o.broken as NonNullable<OriginReport["broken"]>;
      return `✗ ${o.origin}: ПОШКОДЖЕНО / BROKEN at ${b.position === null ? "після кінця журналу / past the end of the log" : `позиція / position ${b.position}`}${b.seq === null ? "" : ` (seq ${b.seq})`}: ${b.reason}`;
    })
    .join("\n");

/** The one line a refusal prints, the password never in it. */
const refusalOf = (outcome: CopyOutcome, from: string, to: string): string | undefined => {
  if (outcome._tag === "SourceRefused") {
    const r = outcome.refusal;
    return r._tag === "Missing"
      ? `файлу ${from} немає / no such file ${from}`
      : r._tag === "Unreachable"
        ? `PostgreSQL ${shownDatabase(from)}: ${r.reason}`
        : `${shownDatabase(from)} не є базою вузла / is not a node database: ${r.reason}`;
  }
  if (outcome._tag === "NewerSource")
    return (
      `${shownDatabase(from)}: базу записала новіша версія Plan Ledger (крок ${outcome.step} набору ${outcome.owner}), нічого не записано / ` +
      `the database was written by a newer Plan Ledger (step ${outcome.step} of ${outcome.owner}), nothing written`
    );
  if (outcome._tag === "TargetRefused") {
    const r = outcome.refusal;
    return r._tag === "NotEmpty"
      ? `ціль непорожня, нічого не записано / the target is not empty, nothing written: ${r.reason}`
      : `${shownDatabase(to)}: ${r.reason}`;
  }
  return undefined;
};

/** Puts the node's key beside a new SQLite file, if it is the key the log names as the node's own. */
const placeKey = (options: Options, self: { readonly publicKey: string } | undefined): string => {
  const from = options.key ?? (isPostgresUrl(options.from) ? undefined : `${options.from}.key`);
  if (isPostgresUrl(options.to))
    return from !== undefined && existsSync(from)
      ? `Ключ вузла лишається у файлі / the node's key stays in ${from}: запускайте вузол з / start the node with --key ${from}`
      : "Ключ вузла — файл; запускайте вузол з --key ШЛЯХ / the node's key is a file: start the node with --key PATH";
  const target = `${options.to}.key`;
  if (from === undefined || !existsSync(from))
    return `! Ключ вузла не скопійовано: покладіть його в / the node's key was not copied: put it at ${target} (або / or --key PATH)`;
  if (self !== undefined && readNodeKey(from).publicKey !== self.publicKey)
    return `! ${from} не є ключем цього вузла, не скопійовано / is not this node's key, not copied: покладіть правильний у / put the right one at ${target}`;
  copyFileSync(from, target, constants.COPYFILE_EXCL);
  return `Ключ вузла скопійовано / the node's key copied: ${from} → ${target}`;
};

/**
 * Runs `planledger db copy`; resolves to the exit code.
 *
 * @example
 * await run(["--from", "data/luhanska.db", "--to", "postgres://planledger@127.0.0.1/luhanska"]) // 0
 */
export const run = async (args: ReadonlyArray<string>): Promise<number> => {
  if (args[0] === "--help" || args[0] === "-h") {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const options = parse(args);
  if (typeof options === "string") {
    process.stderr.write(`planledger db copy: ${options}\n${usage}\n`);
    return 2;
  }
  const { from, to } = options;
  if (!isPostgresUrl(to) && existsSync(`${to}.key`)) {
    process.stderr.write(`planledger db copy: ціль непорожня, нічого не записано / the target is not empty, nothing written: ${to}.key вже існує / already exists\n`);
    return 2;
  }
  const outcome = await copyNodeDatabase(from, to, NODE_SIDE_TABLES);
  const refusal = refusalOf(outcome, from, to);
  if (refusal !== undefined) {
    process.stderr.write(`planledger db copy: ${refusal}\n`);
    return 2;
  }
  if (outcome._tag === "SourceBroken") {
    process.stderr.write(
      `planledger db copy: джерело пошкоджене, нічого не записано / the source is not intact, nothing written: ${shownDatabase(from)}\n${broken(outcome.origins)}\n`,
    );
    return 1;
  }
  if (outcome._tag === "TargetBroken") {
    process.stderr.write(
      `planledger db copy: копія не збігається з джерелом / the copy does not match the source: ${shownDatabase(to)}\n${broken(outcome.origins)}\n`,
    );
    return 1;
  }
  if (outcome._tag !== "Copied") return 2;
  const total = outcome.origins.reduce((n, o) => n + o.events, 0);
  const lines = [
    `Скопійовано / copied: ${shownDatabase(from)} → ${shownDatabase(to)}`,
    ...outcome.origins.map((o) => `✓ ${o.origin}: подій / events ${o.events}, останній seq / last seq ${o.lastSeq}, контрольних точок / checkpoints ${o.checkpoints}`),
    `Разом / in all: ${outcome.origins.length} походжень / origins, ${total} подій / events; ключів вузлів / node keys ${outcome.nodeKeys}, ` +
      `записів історії ключів / key-history entries ${outcome.keyEntries}, перевірених голів / verified heads ${outcome.verifiedHeads}`,
    `Кожен ланцюг перевірено до і після (дерева Меркла теж) / every chain verified before and after (Merkle trees too): ` +
      `${outcome.timings.verifySource} + ${outcome.timings.write} + ${outcome.timings.verifyTarget} ms`,
    `Таблиці федерації / federation tables (рядків / rows): ${counted(outcome.tables, "federation_")}`,
    `Таблиці вузла / node tables (рядків / rows): ${counted(outcome.tables, "node_")}`,
    placeKey(options, outcome.self),
    NOT_COPIED,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  return 0;
};
