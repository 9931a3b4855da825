/**
 * @module `planledger audit verify --db PATH`: verifies every origin log in a node database, read-only.
 */
import { type OriginReport, auditDatabase } from "@planledger/event-store";
import { type WitnessFinding, auditWitnesses } from "@planledger/federation";

const usage = `Використання / usage: planledger audit verify --db PATH [--json]
  перевіряє кожен журнал походження у базі вузла: ланцюг хешів, неперервність seq, підписи контрольних точок,
  і засвідчення батьківського вузла, які зберігає вузол: чи вони дійсні й чи збігаються з журналом
  verifies every origin log in a node database: hash chain, gap-free seq, checkpoint signatures, and the
  parent's countersignatures the node keeps: that they verify and match the log held
  коди виходу / exit codes: 0 цілі / intact, 1 пошкоджено / broken, 2 помилка виклику / bad usage`;

const pad = (n: number): string => String(n).padStart(2, "0");

/** `дд.мм.рррр гг:хх UTC`, as officials read dates. */
const formatUtc = (iso: string): string => {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${pad(d.getUTCDate())}.${pad(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
};

const describeOrigin = (o: OriginReport): string => {
  const checkpoint =
    o.lastCheckpoint === null
      ? "контрольних точок немає / no checkpoint"
      : `остання контрольна точка / last checkpoint: seq ${o.lastCheckpoint.seq}, ${formatUtc(o.lastCheckpoint.signedAt)}` +
        (o.lastCheckpoint.witness ? `, засвідчено / witnessed by ${o.lastCheckpoint.witness.node}` : "");
  if (o.broken === null)
    return `✓ ${o.origin}: подій / events ${o.events}, останній seq / last seq ${o.lastSeq}; ${checkpoint}`;
  const where = o.broken.position === null ? "після кінця журналу / past the end of the log" : `позиція / position ${o.broken.position}`;
  return `✗ ${o.origin}: ПОШКОДЖЕНО / BROKEN at ${where}${o.broken.seq === null ? "" : ` (seq ${o.broken.seq})`}: ${o.broken.reason}`;
};

const describeFinding = (f: WitnessFinding): string =>
  `✗ ${f.origin}: засвідчення / witness ${f.witnessNode} (seq ${f.seq}, ${formatUtc(f.witnessedAt)}): ${f.problem}`;

type Parsed = { readonly db: string; readonly json: boolean } | { readonly error: string };

const parse = (args: ReadonlyArray<string>): Parsed => {
  const [sub, ...rest] = args;
  if (sub !== "verify") return { error: sub === undefined ? "не вказано дію / no action given" : `невідома дія «${sub}» / unknown action "${sub}"` };
  let db: string | undefined;
  let json = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    if (arg === "--json") json = true;
    else if (arg === "--db") {
      db = rest[i + 1];
      i += 1;
    } else if (arg.startsWith("--db=")) db = arg.slice("--db=".length);
    else return { error: `невідомий параметр «${arg}» / unknown option "${arg}"` };
  }
  if (db === undefined || db === "") return { error: "потрібен --db PATH / --db PATH is required" };
  return { db, json };
};

/**
 * Runs the verb; resolves to the exit code.
 *
 * @example
 * await run(["verify", "--db", "data/demo/luhanska.db"]) // 0 when every origin log is intact
 */
export const run = async (args: ReadonlyArray<string>): Promise<number> => {
  if (args[0] === "--help" || args[0] === "-h") {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const parsed = parse(args);
  if ("error" in parsed) {
    process.stderr.write(`planledger audit: ${parsed.error}\n${usage}\n`);
    return 2;
  }
  const outcome = auditDatabase(parsed.db, auditWitnesses);
  if (outcome._tag === "Missing") {
    process.stderr.write(`planledger audit: файлу ${parsed.db} немає / no such file ${parsed.db}\n`);
    return 2;
  }
  if (outcome._tag === "NotAStore") {
    process.stderr.write(`planledger audit: ${parsed.db} не є базою вузла / is not a node database: ${outcome.reason}\n`);
    return 2;
  }
  const broken = outcome.origins.filter((o) => o.broken !== null);
  const witnesses = outcome.also;
  const intact = broken.length === 0 && witnesses.findings.length === 0;
  if (parsed.json) {
    process.stdout.write(`${JSON.stringify({ db: parsed.db, intact, origins: outcome.origins, witnesses }, null, 2)}\n`);
  } else {
    const lines = [
      `Аудит / audit: ${parsed.db}`,
      ...outcome.origins.map(describeOrigin),
      broken.length === 0
        ? `Усі журнали цілі / all logs intact: ${outcome.origins.length} походжень / origins, ${outcome.origins.reduce((n, o) => n + o.events, 0)} подій / events`
        : `Пошкоджено журналів / broken logs: ${broken.length} з / of ${outcome.origins.length}`,
      ...witnesses.findings.map(describeFinding),
      witnesses.findings.length === 0
        ? `Засвідчення / witnesses: ${witnesses.checked} перевірено, усі збігаються з журналом / checked, all match the log`
        : `Засвідчення не збігаються / witnesses that do not hold: ${witnesses.findings.length} з / of ${witnesses.checked}`,
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
  }
  return intact ? 0 : 1;
};
