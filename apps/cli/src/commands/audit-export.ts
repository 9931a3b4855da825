/**
 * @module `planledger audit export --db PATH --plan ID [--since-size [ORIGIN:]N]... [--out FILE]`: the proof
 * bundle of one plan's history (every event with its leaf and inclusion proof, the signed checkpoints, the keys),
 * read-only, for `packages/event-store/verifier/planledger-verify.mjs` to check offline.
 */
import { writeFileSync } from "node:fs";
import { type SinceSize, auditExport, parseSinceSize } from "@planledger/event-store";
import { cosignedNoteInFile } from "@planledger/federation";
import { Either } from "effect";

export const exportUsage = `planledger audit export --db PATH --plan ID [--since-size [ORIGIN:]N]... [--out FILE]
  пакет доказів історії плану (JSON planledger-proof-bundle/v1): кожна подія плану, його звітів і їх розглядів
  з листком і доказом включення, підписані контрольні точки кожного журналу, ключі; --since-size N додає доказ
  узгодженості від розміру N, який аудитор зберіг (журнал власника плану, або ORIGIN:N); без --out — у stdout
  a plan's history as a proof bundle: every event of the plan, its reports and their reviews with its leaf and
  inclusion proof, each log's signed checkpoint, the keys; --since-size adds a consistency proof from a size the
  auditor kept. Check it with: node planledger-verify.mjs BUNDLE.json
  коди виходу / exit codes: 0 пакет записано / bundle written, 2 помилка виклику / bad usage`;

const say = (message: string): number => {
  process.stderr.write(`planledger audit export: ${message}\n`);
  return 2;
};

/**
 * Runs `audit export` with the arguments after the verb; resolves to the exit code.
 *
 * @example
 * await runExport(["--db", "data/demo/luhanska.db", "--plan", "luhanska.1003.2018-12-12", "--out", "bundle.json"]) // 0
 */
export const runExport = async (args: ReadonlyArray<string>): Promise<number> => {
  const options: Record<string, string> = {};
  const since: Array<SinceSize> = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const eq = arg.indexOf("=");
    const name = arg.startsWith("--") ? arg.slice(2, eq === -1 ? undefined : eq) : "";
    if (name === "help" || arg === "-h") {
      process.stdout.write(`${exportUsage}\n`);
      return 0;
    }
    if (!["db", "plan", "out", "since-size"].includes(name)) return say(`невідомий параметр «${arg}» / unknown option "${arg}"`);
    const value = eq === -1 ? args[++i] : arg.slice(eq + 1);
    if (value === undefined || value === "" || (eq === -1 && value.startsWith("--"))) return say(`після --${name} потрібне значення / --${name} needs a value`);
    if (name === "since-size") {
      const parsed = parseSinceSize(value);
      if (Either.isLeft(parsed)) return say(`--since-size ${parsed.left}`);
      since.push(parsed.right);
    } else options[name] = value;
  }
  for (const name of ["db", "plan"]) if (options[name] === undefined) return say(`потрібен --${name} / --${name} is required`);
  const db = options.db as string;
  const outcome = auditExport(db, options.plan as string, { since, cosign: cosignedNoteInFile });
  if (outcome._tag === "Missing") return say(`файлу ${db} немає / no such file ${db}`);
  if (outcome._tag === "NotAStore") return say(`${db} не є базою вузла / is not a node database: ${outcome.reason}`);
  if (Either.isLeft(outcome.value)) return say(outcome.value.left.message);
  const bundle = outcome.value.right;
  for (const note of bundle.notes) process.stderr.write(`planledger audit export: ${note}\n`);
  const text = `${JSON.stringify(bundle, null, 2)}\n`;
  if (options.out === undefined) process.stdout.write(text);
  else {
    try {
      writeFileSync(options.out, text);
    } catch (error) {
      return say(`не вдалося записати ${options.out} / cannot write ${options.out}: ${error instanceof Error ? error.message : String(error)}`);
    }
    process.stderr.write(
      `planledger audit export: ${options.out} — подій ${bundle.events.length}, журналів ${bundle.logs.length} / ${bundle.events.length} events, ${bundle.logs.length} logs\n`,
    );
  }
  return 0;
};
