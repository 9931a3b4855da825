/**
 * @module `planledger audit verify|prove|consistency|export --db PATH`: verifies every origin log in a node database and
 * gives Merkle proofs from it, read-only.
 */
import { Either } from "effect";
import { type OriginReport, auditConsistency, auditDatabase, auditProve, isPostgresUrl, openSqlite, type ProofRefused, type ReadOutcome } from "@planledger/event-store";
import {
  type ParentAudit,
  type WitnessAudit,
  type WitnessFinding,
  auditAgainstParent,
  auditWitnesses,
  cosignedNoteInFile,
  type QuorumCoverage,
  type SplitViewSeen,
} from "@planledger/federation";
import { exportUsage, runExport } from "./audit-export.js";
import { run as runDiff } from "./audit-diff.js";
import { verifyPostgres } from "./audit-postgres.js";

const usage = `Використання / usage: planledger audit verify --db PATH|postgres://… [--json] [--online]
  перевіряє кожен журнал походження у базі вузла: ланцюг хешів, неперервність seq, підписи контрольних точок,
  дерево Меркла кожного журналу, і засвідчення батьківського вузла, які зберігає вузол: чи вони дійсні й чи
  збігаються з журналом
  verifies every origin log in a node database: hash chain, gap-free seq, checkpoint signatures, each log's
  Merkle tree, and the parent's countersignatures the node keeps: that they verify and match the log held
  --online: ще й питає батьківський вузол, що він має з власного журналу вузла, і перевіряє, що файл це містить
  --online: also asks the parent what it holds of the node's own log, and checks that the file still contains it
  також кворум свідків (k з n) власного журналу і зафіксовані розбіжні бачення / also the witness quorum (k of n)
  of the node's own log and the split views recorded
  коди виходу / exit codes: 0 цілі / intact, 1 пошкоджено, підписано відкликаним ключем або відкрите розбіжне бачення /
  broken, signed by a revoked key, or an open split view, 2 помилка виклику / bad usage
planledger audit prove --db PATH --event ID
  доказ включення події в дерево Меркла її журналу (JSON: entry, leafIndex, treeSize, proof, checkpoint, verifierKey,
  witnesses); контрольна точка — з контрпідписами свідків, які зберігає вузол
  inclusion proof of an event in its log's Merkle tree, with the log's signed C2SP checkpoint and the witnesses'
  cosignature lines the node keeps
planledger audit consistency --db PATH --origin O --from N --to M
  доказ узгодженості дерева журналу O між розмірами N і M (JSON: fromSize, toSize, proof, fromCheckpoint, toCheckpoint)
  consistency proof of origin O's tree between sizes N and M, with both checkpoints
  коди виходу / exit codes: 0 доказ надруковано / proof printed, 2 помилка виклику / bad usage`;

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
    return `✓ ${o.origin}: подій / events ${o.events}, останній seq / last seq ${o.lastSeq}; ${checkpoint}${
      o.treeRoot === null ? "" : `; корінь дерева / tree root ${o.treeRoot.slice(0, 16)}…`
    }`;
  const where = o.broken.position === null ? "після кінця журналу / past the end of the log" : `позиція / position ${o.broken.position}`;
  return `✗ ${o.origin}: ПОШКОДЖЕНО / BROKEN at ${where}${o.broken.seq === null ? "" : ` (seq ${o.broken.seq})`}: ${o.broken.reason}`;
};

/** A checkpoint signed by a key revoked by then: the events only it covers are vouched for by no valid key. */
const describeRevoked = (o: OriginReport): string => {
  const r = o.revoked as NonNullable<OriginReport["revoked"]>;
  return (
    `✗ ${o.origin}: контрольну точку seq ${r.seq} підписано ключем, відкликаним з seq ${r.revokedFromSeq}` +
    `${r.revokedBy === null ? "" : ` (відкликав ${r.revokedBy})`}: ${r.reason} / checkpoint at seq ${r.seq} is signed by a key revoked from seq ${r.revokedFromSeq}` +
    `${r.revokedBy === null ? "" : ` (revoked by ${r.revokedBy})`}; ключ / key ${r.publicKey}`
  );
};

const describeFinding = (f: WitnessFinding): string =>
  `✗ ${f.origin}: засвідчення / witness ${f.witnessNode} (seq ${f.seq}, ${formatUtc(f.witnessedAt)}): ${f.problem}`;

/** How far each witness countersigned each origin, beside how far the log held here goes. */
const describeCoverage = (witnesses: WitnessAudit, origins: ReadonlyArray<OriginReport>): string[] =>
  witnesses.coverage.map((c) => {
    const last = origins.find((o) => o.origin === c.origin)?.lastSeq ?? 0;
    const share = last === 0 ? 100 : Math.floor((c.seq / last) * 100);
    return `  ${c.origin}: ${c.witness} засвідчив до seq / witnessed up to seq ${c.seq} з / of ${last} (${share} %)`;
  });

/** k of n over the node's own log, as the JSON's `witnesses.quorum` states it. */
const describeQuorum = (q: QuorumCoverage): string => {
  const named = `k = ${q.quorum} з / of n = ${q.witnesses.length} (${q.witnesses.join(", ")})`;
  return q.witnessedSize === 0
    ? `! Кворум свідків / witness quorum: ${q.origin} — ${named}; ще жодну контрольну точку не контрпідписали ${q.quorum} свідків / ` +
        `no checkpoint cosigned by ${q.quorum} witnesses yet` +
        (q.latestCosignedSize === 0 ? "" : ` (останній контрпідпис / latest cosigned size ${q.latestCosignedSize})`)
    : `✓ Кворум свідків / witness quorum: ${q.origin} — ${named}; засвідчено ${q.cosignedBy.length} з / witnessed by ${q.cosignedBy.length} of ` +
        `${q.witnesses.length} (${q.cosignedBy.join(", ")}) до розміру / up to size ${q.witnessedSize}` +
        (q.latestCosignedSize > q.witnessedSize ? `; останній контрпідпис / latest cosigned size ${q.latestCosignedSize}` : "");
};

/** Only a conclusive split view stops its origin (docs/federation.md, "Split views"); an open one fails the audit. */
const openConclusive = (s: SplitViewSeen): boolean => s.liftedAt === null && s.conclusive;

const describeSplit = (s: SplitViewSeen): string => {
  const sides =
    `${s.origin}: розмір / size ${s.heldSize} (корінь / root ${s.heldRoot.slice(0, 12) || "?"}…) і / and розмір / size ${s.presentedSize} ` +
    `(корінь / root ${s.presentedRoot.slice(0, 12) || "?"}…), виявлено / detected ${formatUtc(s.detectedAt)} (${s.source})`;
  if (s.liftedAt !== null) return `  розбіжне бачення знято / split view lifted — ${sides}; зняв / lifted by ${s.liftedBy ?? "?"} ${formatUtc(s.liftedAt)}`;
  return s.conclusive
    ? `✗ РОЗБІЖНЕ БАЧЕННЯ / SPLIT VIEW — ${sides}; прийом від ${s.origin} зупинено, доки адміністратор не зніме / ${s.origin} is refused until an admin lifts it`
    : `! розбіжне бачення без доказу / inconclusive split view — ${sides}; доказ узгодженості не перевірився, контрольну точку не контрпідписано, ` +
        `прийом не зупинено / a consistency proof failed, the checkpoint was not cosigned, the origin is not stopped`;
};

const describeParent = (parent: ParentAudit): string =>
  parent._tag === "NoParent"
    ? "Батьківського вузла немає — питати нікого / no parent to ask"
    : parent._tag === "Unreachable"
      ? `? батьківський вузол ${parent.parent} не відповів / the parent ${parent.parent} did not answer (${parent.url}): ${parent.reason}`
      : parent.problem === null
        ? `✓ ${parent.origin}: батьківський вузол ${parent.parent} має журнал до seq ${parent.parentSeq}, файл його містить (тут до seq ${parent.localSeq}) / ` +
          `the parent ${parent.parent} holds the log up to seq ${parent.parentSeq}; this file contains it (here up to seq ${parent.localSeq})`
        : `✗ ${parent.origin}: ${parent.problem}`;

type Action = "verify" | "prove" | "consistency";
const OPTIONS: Record<Action, ReadonlyArray<string>> = {
  verify: ["db"],
  prove: ["db", "event"],
  consistency: ["db", "origin", "from", "to"],
};

type Parsed =
  | { readonly action: Action; readonly options: Readonly<Record<string, string>>; readonly json: boolean; readonly online: boolean }
  | { readonly error: string };

const parse = (args: ReadonlyArray<string>): Parsed => {
  const [sub, ...rest] = args;
  if (sub !== "verify" && sub !== "prove" && sub !== "consistency")
    return { error: sub === undefined ? "не вказано дію / no action given" : `невідома дія «${sub}» / unknown action "${sub}"` };
  const known = OPTIONS[sub];
  const options: Record<string, string> = {};
  let json = false;
  let online = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    const name = arg.startsWith("--") ? arg.slice(2).split("=")[0] ?? "" : "";
    if (arg === "--json" && sub === "verify") json = true;
    else if (arg === "--online" && sub === "verify") online = true;
    else if (known.includes(name)) {
      if (arg.includes("=")) options[name] = arg.slice(arg.indexOf("=") + 1);
      else {
        options[name] = rest[i + 1] ?? "";
        i += 1;
      }
    } else return { error: `невідомий параметр «${arg}» / unknown option "${arg}"` };
  }
  for (const name of known) {
    const value = options[name];
    if (value === undefined || value === "" || value.startsWith("--"))
      return { error: `потрібен --${name} ${name === "db" ? "PATH" : name === "event" ? "ID" : name === "origin" ? "O" : "N"} / --${name} is required` };
  }
  return { action: sub, options, json, online };
};

/** A tree size given on the command line: decimal digits only (no sign, no exponent, no spaces). */
const sizeArgument = (name: string, text: string): number | string => {
  const n = Number(text);
  return /^(?:0|[1-9][0-9]*)$/.test(text) && Number.isSafeInteger(n)
    ? n
    : `--${name} має бути цілим невід'ємним числом, отримано «${text}» / --${name} must be a whole number, got "${text}"`;
};

/** Prints a proof (one JSON object) or the one-line reason it could not be given; resolves to the exit code. */
const printProof = <A extends { readonly note?: string }>(db: string, action: string, outcome: ReadOutcome<Either.Either<A, ProofRefused>>): number => {
  const fail = (message: string): number => {
    process.stderr.write(`planledger audit ${action}: ${message}\n`);
    return 2;
  };
  if (outcome._tag === "Missing") return fail(`файлу ${db} немає / no such file ${db}`);
  if (outcome._tag === "NotAStore") return fail(`${db} не є базою вузла / is not a node database: ${outcome.reason}`);
  if (Either.isLeft(outcome.value)) return fail(outcome.value.left.message);
  const proved = outcome.value.right;
  if (proved.note !== undefined) process.stderr.write(`planledger audit ${action}: ${proved.note}\n`);
  process.stdout.write(`${JSON.stringify(proved, null, 2)}\n`);
  return 0;
};

/**
 * Runs the verb; resolves to the exit code.
 *
 * @example
 * await run(["verify", "--db", "data/demo/luhanska.db"]) // 0 when every origin log is intact
 */
export const run = async (args: ReadonlyArray<string>): Promise<number> => {
  if (args[0] === "--help" || args[0] === "-h") {
    process.stdout.write(`${usage}\n${exportUsage}\n`);
    return 0;
  }
  if (args[0] === "export") return runExport(args.slice(1));
  if (args[0] === "diff") return runDiff(args.slice(1));
  const parsed = parse(args);
  if ("error" in parsed) {
    // Proofs are for scripts: one line. `verify`'s usage as before.
    const proving = args[0] === "prove" || args[0] === "consistency";
    process.stderr.write(proving ? `planledger audit ${args[0]}: ${parsed.error}\n` : `planledger audit: ${parsed.error}\n${usage}\n`);
    return 2;
  }
  const { options } = parsed;
  const db = options.db as string;
  if (parsed.action !== "verify" && isPostgresUrl(db)) {
    process.stderr.write(`planledger audit ${parsed.action}: для PostgreSQL ще немає, лише verify / not available for PostgreSQL yet, only verify\n`);
    return 2;
  }
  if (parsed.action === "prove") return printProof(db, "prove", auditProve(db, options.event as string, cosignedNoteInFile));
  if (parsed.action === "consistency") {
    const from = sizeArgument("from", options.from as string);
    const to = sizeArgument("to", options.to as string);
    if (typeof from === "string" || typeof to === "string") {
      process.stderr.write(`planledger audit consistency: ${typeof from === "string" ? from : to}\n`);
      return 2;
    }
    return printProof(db, "consistency", auditConsistency(db, options.origin as string, from, to, cosignedNoteInFile));
  }
  // A PostgreSQL node: the same walk and the same report, read over its connection.
  if (isPostgresUrl(db)) return verifyPostgres(db, parsed, printVerify);
  const outcome = auditDatabase(db, auditWitnesses);
  if (outcome._tag === "Missing") {
    process.stderr.write(`planledger audit: файлу ${db} немає / no such file ${db}\n`);
    return 2;
  }
  if (outcome._tag === "NotAStore") {
    process.stderr.write(`planledger audit: ${db} не є базою вузла / is not a node database: ${outcome.reason}\n`);
    return 2;
  }
  let parent: ParentAudit | undefined;
  // Asked only on request: the file alone is checked without any network.
  if (parsed.online) {
    const { sqlite } = openSqlite(db, "readOnly");
    try {
      parent = await auditAgainstParent(sqlite);
    } finally {
      sqlite.close();
    }
  }
  return printVerify(db, outcome, outcome.also, parent, parsed.json);
};

/**
 * Prints the report of `audit verify` (text, or JSON with `json`) for a file or a PostgreSQL node alike, and gives
 * its exit code: 0 when every log, countersignature and (asked) the parent hold and no conclusive split view is open.
 *
 * @example
 * printVerify("data/demo/luhanska.db", { origins, trees: true }, witnesses, undefined, false) // 0
 */
const printVerify = (
  db: string,
  outcome: { readonly origins: ReadonlyArray<OriginReport>; readonly trees: boolean },
  witnesses: WitnessAudit,
  parent: ParentAudit | undefined,
  json: boolean,
): number => {
  const broken = outcome.origins.filter((o) => o.broken !== null);
  // Not a broken chain (the node still opens), but events signed after their key was revoked are not vouched for.
  const revoked = outcome.origins.filter((o) => o.revoked !== undefined);
  const parentHolds = parent === undefined || parent._tag === "NoParent" || (parent._tag === "Checked" && parent.problem === null);
  const splitViews = witnesses.splitViews ?? [];
  const intact = broken.length === 0 && revoked.length === 0 && witnesses.findings.length === 0 && parentHolds && !splitViews.some(openConclusive);
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ db, intact, merkleTrees: outcome.trees ? "checked" : "absent", origins: outcome.origins, witnesses, ...(parent === undefined ? {} : { parent }) }, null, 2)}\n`,
    );
  } else {
    const lines = [
      `Аудит / audit: ${db}`,
      ...outcome.origins.map(describeOrigin),
      broken.length === 0
        ? `Усі журнали цілі / all logs intact: ${outcome.origins.length} походжень / origins, ${outcome.origins.reduce((n, o) => n + o.events, 0)} подій / events`
        : `Пошкоджено журналів / broken logs: ${broken.length} з / of ${outcome.origins.length}`,
      ...revoked.map(describeRevoked),
      ...witnesses.findings.map(describeFinding),
      witnesses.findings.length === 0
        ? `Засвідчення / witnesses: ${witnesses.checked} перевірено, усі збігаються з журналом / checked, all match the log`
        : `Засвідчення не збігаються / witnesses that do not hold: ${witnesses.findings.length} з / of ${witnesses.checked}`,
      ...describeCoverage(witnesses, outcome.origins),
      ...(witnesses.quorum === undefined ? [] : [describeQuorum(witnesses.quorum)]),
      ...(splitViews.length === 0 ? ["Розбіжних бачень не зафіксовано / no split views recorded"] : splitViews.map(describeSplit)),
      ...(parent === undefined ? [] : [describeParent(parent)]),
      outcome.trees
        ? "Дерева Меркла перераховано з подій і звірено вузол за вузлом / Merkle trees recomputed from the events and compared node by node"
        : "Дерев Меркла у базі ще немає (вузол побудує їх під час наступного запуску) / no Merkle trees in this database yet (its node builds them at its next start)",
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
  }
  return intact ? 0 : 1;
};
