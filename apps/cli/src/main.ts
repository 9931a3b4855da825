/**
 * @module The `planledger` command: dispatches a verb to its module in `commands/`.
 */
const verbs = {
  parse: () => import("./commands/parse.js"),
  import: () => import("./commands/import.js"),
  export: () => import("./commands/export.js"),
  serve: () => import("./commands/serve.js"),
  demo: () => import("./commands/demo.js"),
  sync: () => import("./commands/sync.js"),
  audit: () => import("./commands/audit.js"),
  users: () => import("./commands/users.js"),
  node: () => import("./commands/node.js"),
  db: () => import("./commands/db.js"),
} as const satisfies Record<string, () => Promise<{ run: (args: ReadonlyArray<string>) => Promise<number> }>>;

type Verb = keyof typeof verbs;

const usage = `Використання / usage: planledger <verb> [options]
  parse FILE                 розібрати документ плану → interchange JSON (stdout)
  audit verify --db PATH     перевірити журнали подій вузла / verify every origin log in a node database
  audit prove --db PATH --event ID                      доказ включення події / an event's inclusion proof (JSON)
  audit consistency --db PATH --origin O --from N --to M   доказ узгодженості / a consistency proof (JSON)
  audit export --db PATH --plan ID [--since-size N] [--out FILE]   пакет доказів історії плану / a plan's proof bundle (JSON)
  audit diff --db PATH --plan ID --from T1 --to T2 [--json]   що змінилося в плані між датами / what changed in a plan between two dates
  import FILE --db PATH --node ID      записати план у базу вузла / record a plan in a node database
  export --db PATH --node ID --plan ID [--as-of T] [--format json|csv|xlsx] [--out FILE]
  users add|list|disable|reset|role --db PATH   облікові записи людей / people's accounts
  node succeed|restore|rotate-key|revoke-key   місце й ключі вузла з часом / a node's place and keys over time (docs/federation.md)
  db copy --from DB --to DB   перенести журнал вузла між SQLite і PostgreSQL / move a node's log between SQLite and PostgreSQL
  serve, demo, sync — див. / see docs/operations.md`;

const main = async (argv: ReadonlyArray<string>): Promise<number> => {
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === "--help" || verb === "-h" || verb === "help") {
    process.stdout.write(`${usage}\n`);
    return verb === undefined ? 2 : 0;
  }
  if (!Object.hasOwn(verbs, verb)) {
    process.stderr.write(`planledger: невідома команда «${verb}» / unknown verb "${verb}"\n`);
    return 2;
  }
  const mod = await verbs[verb as Verb]().catch((cause: unknown) => {
    if (cause instanceof Error && "code" in cause && cause.code === "ERR_MODULE_NOT_FOUND" && cause.message.includes("/commands/")) {
      return undefined;
    }
    throw cause;
  });
  if (mod === undefined) {
    process.stderr.write(`planledger: команда «${verb}» ще не реалізована / verb "${verb}" is not implemented yet\n`);
    return 2;
  }
  return mod.run(rest);
};

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`planledger: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
