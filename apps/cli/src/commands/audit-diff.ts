/**
 * @module `planledger audit diff --db PATH --plan ID --from T1 --to T2 [--json]`: what changed in a plan between two
 * moments — each change with its date, actor, the order it was made under and its event — read from a node database
 * without writing to it, with each event's inclusion proof against the origin's checkpoint (`--json`).
 */
import { parseArgs } from "node:util";
import { Effect, Either } from "effect";
import { type NodeKey, ownNodeOf, readNodeDatabase, readNodeKey, sqliteLogReader, tlogCheckpointOf } from "@planledger/event-store";
import { type DiffBasis, type DiffSigner, type PlanDiffChange, type ProvedPlanDiff, parseDiffMoment, planDiff, provePlanDiff } from "@planledger/projections";

const usage = `Використання / usage: planledger audit diff --db PATH --plan ID --from T1 --to T2 [--json]
  що змінилося в плані між двома моментами: додані, скасовані й змінені заходи (поле: було → стало), зміни плану,
  кожна з датою, автором, розпорядженням-підставою та подією; --json — один об'єкт JSON із доказами включення подій
  what changed in a plan between two moments: measures added, cancelled and amended (field: before → after), plan
  changes, each with its date, actor, the order it was made under and its event; --json: one JSON object with the
  events' inclusion proofs
  T1, T2: дд.мм.рррр або рррр-мм-дд (кінець того дня за київським часом) чи мітка часу ISO 8601
          dd.mm.yyyy or yyyy-mm-dd (the end of that day, Kyiv time) or an ISO 8601 timestamp
  коди виходу / exit codes: 0 надруковано / printed, 2 помилка виклику / bad usage`;

const fail = (message: string): number => {
  process.stderr.write(`planledger audit diff: ${message}\n`);
  return 2;
};

// ---- Reading the table ----

const kyivDate = new Intl.DateTimeFormat("uk-UA", { timeZone: "Europe/Kyiv", day: "2-digit", month: "2-digit", year: "numeric" });
/** `дд.мм.рррр` of an instant, on Kyiv's calendar (as the moments are read). */
const dayOf = (iso: string | null): string => (iso === null ? "—" : kyivDate.format(new Date(iso)));
/** `дд.мм.рррр` of a `YYYY-MM-DD`. */
const ddmmyyyy = (date: string | null): string => (date === null ? "?" : date.split("-").reverse().join("."));

const basisText = (basis: DiffBasis | null): string =>
  basis === null
    ? "— (не вказано / none)"
    : `№ ${basis.number ?? "?"} від ${ddmmyyyy(basis.date)}${basis.kind === "adoption" ? " (затвердження / adoption)" : ""}`;

const FIELDS: Record<string, string> = {
  label: "номер / label",
  title: "назва / title",
  term: "термін / term",
  executors: "виконавці / executors",
  indicator: "індикатор / indicator",
  budget: "фінансування / budget",
  parent: "зв'язок / link",
  period: "період / period",
};
const CHANGES: Record<PlanDiffChange["change"], string> = {
  adopted: "затверджено / adopted",
  added: "додано / added",
  amended: "змінено / amended",
  cancelled: "скасовано / cancelled",
  closed: "закрито / closed",
};
const TARGETS: Record<PlanDiffChange["target"], string> = { plan: "план", section: "розділ", task: "завдання", measure: "захід" };

type Shown = Record<string, unknown> | null | undefined;
const o = (value: unknown): Shown => (value !== null && typeof value === "object" ? (value as Record<string, unknown>) : null);

/** A value as an official reads it in one cell. */
const show = (field: string | null, value: unknown): string => {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return value;
  const v = o(value);
  switch (field) {
    case "term":
    case "indicator":
      return String(v?.text ?? "");
    case "executors":
      return (value as ReadonlyArray<{ name: string; byConsent: boolean }>).map((e) => `${e.name}${e.byConsent ? " (за згодою)" : ""}`).join(", ") || "—";
    case "budget": {
      const lines = value as ReadonlyArray<{ total: number | null }>;
      const sum = lines.reduce((n, l) => n + (l.total ?? 0), 0);
      return lines.length === 0 ? "—" : `${lines.length} рядк. / lines, ${sum.toLocaleString("uk-UA")} тис. грн`;
    }
    case "parent":
      return `${v?.node}: ${v?.measureId}`;
    case "period":
      return `${v?.from ?? "?"}–${v?.to ?? "?"}`;
    default:
      break;
  }
  if (v?.reason !== undefined) return String(v.reason);
  if (v?.order !== undefined) return `№ ${o(v.order)?.number ?? "?"} від ${ddmmyyyy((o(v.order)?.date as string | null) ?? null)} «${v.title ?? ""}»`;
  if (v?.title !== undefined) return `${v.label ?? ""} ${v.title}`.trim();
  return JSON.stringify(value);
};

/** A list of executors changed: who came and who left, rather than both long lists. */
const executorsChange = (before: unknown, after: unknown): string => {
  const names = (list: unknown) => new Set(show("executors", list).split(", "));
  const [was, now] = [names(before), names(after)];
  const came = [...now].filter((n) => !was.has(n));
  const left = [...was].filter((n) => !now.has(n));
  return [came.length > 0 ? `+ ${came.join(", ")}` : "", left.length > 0 ? `− ${left.join(", ")}` : ""].filter((t) => t !== "").join("; ") || "—";
};

const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

const table = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string[] => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: ReadonlyArray<string>) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join("  ");
  return [line(header), line(widths.map((w) => "─".repeat(w))), ...rows.map(line)];
};

/**
 * The diff as text: heading, the orders, one row per change, the events' count.
 *
 * @example describeDiff(proved).join("\n")
 */
export const describeDiff = (diff: ProvedPlanDiff): string[] => {
  const rows = diff.changes.map((c) => {
    const what =
      c.change !== "amended"
        ? show(c.field, c.after)
        : c.field === "executors"
          ? executorsChange(c.before, c.after)
          : `${show(c.field, c.before)} → ${show(c.field, c.after)}`;
    return [
      dayOf(c.recordedAt),
      CHANGES[c.change],
      `${TARGETS[c.target]} ${c.target === "plan" ? "" : c.where}`.trim(),
      c.field === null ? "—" : (FIELDS[c.field] ?? c.field),
      clip(what, 90),
      c.actor ?? "—",
      basisText(c.basis),
      c.eventId ?? "—",
    ];
  });
  const seqs = diff.events.map((e) => e.seq);
  return [
    `Що змінилося в плані / what changed in plan ${diff.planId}${diff.title === null ? "" : ` «${clip(diff.title, 100)}»`}`,
    `з / from ${diff.from.given} (${diff.from.at}) по / to ${diff.to.given} (${diff.to.at})`,
    "  дата — кінець того дня за київським часом; подія враховується з часу, коли надійшла на цей вузол / " +
      "a date is the end of that day, Kyiv time; an event counts from when it reached this node",
    diff.orders.length === 0
      ? "Розпоряджень між цими моментами немає / no order recorded between the two moments"
      : `Розпорядження / orders: ${diff.orders.map((b) => `${basisText(b)}${b.note === null ? "" : ` «${b.note}»`} (подія / event ${b.eventId})`).join("; ")}`,
    "",
    ...(rows.length === 0
      ? ["Змін немає / no changes"]
      : table(["Дата / date", "Зміна / change", "Що / what", "Поле / field", "Було → стало / before → after", "Хто / actor", "Підстава / basis", "Подія / event"], rows)),
    "",
    diff.events.length === 0
      ? "Подій плану між цими моментами немає / no event of the plan between the two moments"
      : `Подій / events: ${diff.events.length} (журнал / log ${diff.origin}, seq ${Math.min(...seqs)}–${Math.max(...seqs)}); ` +
        (diff.checkpoint?.note
          ? `доказ включення кожної — до підписаної контрольної точки розміру ${diff.checkpoint.treeSize}: --json / each one's inclusion proof against the signed checkpoint of size ${diff.checkpoint.treeSize}: --json`
          : `докази включення: --json / inclusion proofs: --json${diff.checkpoint?.remark ? ` (${diff.checkpoint.remark})` : ""}`),
  ];
};

// ---- The verb ----

/** Signs the node's own log with the key file beside the database, as `audit prove` does; says why when it cannot. */
const keyFileSigner = (path: string, reader: ReturnType<typeof sqliteLogReader>, self: { origin: string; publicKey: string } | undefined): DiffSigner => ({
  nodeId: self?.origin ?? null,
  sign: (size) =>
    Effect.sync(() => {
      const keyPath = `${path}.key`;
      let key: NodeKey;
      try {
        key = readNodeKey(keyPath);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return `ключ вузла ${keyPath} недоступний, контрольну точку не підписано / node key ${keyPath} unavailable, the checkpoint is not signed: ${reason}`;
      }
      if (self === undefined || key.publicKey !== self.publicKey)
        return `ключ ${keyPath} не є ключем вузла ${self?.origin ?? "?"} / ${keyPath} is not the key of node ${self?.origin ?? "?"}`;
      return Effect.runSync(tlogCheckpointOf(reader, self.origin, key.privateKey, size).pipe(Effect.orDie));
    }),
});

/**
 * Runs the verb; resolves to the exit code.
 *
 * @example
 * await run(["--db", "data/demo/novopskovskyi.db", "--plan", "novopskovskyi.328.2019-10-16", "--from", "01.03.2024", "--to", "31.03.2024"])
 */
export const run = async (args: ReadonlyArray<string>): Promise<number> => {
  if (args[0] === "--help" || args[0] === "-h") {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  let values: { db?: string; plan?: string; from?: string; to?: string; json?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: { db: { type: "string" }, plan: { type: "string" }, from: { type: "string" }, to: { type: "string" }, json: { type: "boolean" } },
    }));
  } catch (error) {
    return fail(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  }
  for (const [name, what] of [["db", "PATH"], ["plan", "ID"], ["from", "T1"], ["to", "T2"]] as const)
    if (values[name] === undefined || values[name] === "") return fail(`потрібен --${name} ${what} / --${name} ${what} is required\n${usage}`);
  const from = parseDiffMoment(values.from as string, "--from");
  if (Either.isLeft(from)) return fail(from.left.message);
  const to = parseDiffMoment(values.to as string, "--to");
  if (Either.isLeft(to)) return fail(to.left.message);
  if (from.right.at > to.right.at)
    return fail(
      `--from ${from.right.given} (${from.right.at}) пізніше за --to ${to.right.given} (${to.right.at}) / --from is after --to`,
    );
  const db = values.db as string;
  const planId = values.plan as string;
  const outcome = readNodeDatabase(db, (connection): Either.Either<ProvedPlanDiff, string> => {
    const reader = sqliteLogReader(connection.sqlite);
    const events = Effect.runSync(reader.readStream(`plan:${planId}`, 1));
    const diff = planDiff(events, planId, from.right, to.right);
    if (Either.isLeft(diff)) return Either.left(`--plan ${planId}: ${diff.left.message}`);
    const signer = keyFileSigner(db, reader, ownNodeOf(connection.sqlite));
    return Either.right(Effect.runSync(provePlanDiff(reader, diff.right, signer, { trees: connection.tables.has("tree_nodes") })));
  });
  if (outcome._tag === "Missing") return fail(`--db: файлу ${db} немає / no such file ${db}`);
  if (outcome._tag === "NotAStore") return fail(`--db: ${db} не є базою вузла / is not a node database: ${outcome.reason}`);
  if (Either.isLeft(outcome.value)) return fail(outcome.value.left);
  const proved = outcome.value.right;
  process.stdout.write(values.json ? `${JSON.stringify(proved, null, 2)}\n` : `${describeDiff(proved).join("\n")}\n`);
  return 0;
};
