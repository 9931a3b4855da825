/**
 * @module `planledger audit verify --db postgres://…`: the audit of a node on PostgreSQL as of a file — the event
 * store's walk (chains, checkpoints, key history, Merkle trees), then the federation tables of the same database
 * (witness countersignatures, C2SP cosignatures, k of n, split views) and, with `--online`, the parent — printed by
 * the same report.
 */
import { type OriginReport, auditNodeDatabase, openForReading, shownDatabase } from "@planledger/event-store";
import { type ParentAudit, type WitnessAudit, auditAgainstParentIn, auditWitnessesIn } from "@planledger/federation";

/** The report `audit verify` prints for a file, given what was read; its exit code. */
export type PrintVerify = (
  db: string,
  outcome: { readonly origins: ReadonlyArray<OriginReport>; readonly trees: boolean },
  witnesses: WitnessAudit,
  parent: ParentAudit | undefined,
  json: boolean,
) => number;

/**
 * Verifies the node database at `url` and prints the report (text or `--json`, as for a file); resolves to the exit
 * code: 0 intact, 1 a log, countersignature or the parent's view broken or a conclusive split view open, 2 the server
 * unreachable, the login refused, the URL mistyped or no node database there (one line, the password never shown).
 *
 * @example
 * await verifyPostgres("postgres://planledger@127.0.0.1/oblast", { json: false, online: false }, printVerify) // 0
 */
export const verifyPostgres = async (
  url: string,
  flags: { readonly json: boolean; readonly online: boolean },
  print: PrintVerify,
): Promise<number> => {
  const shown = shownDatabase(url);
  const refused = (reason: string) => {
    process.stderr.write(`planledger audit: PostgreSQL ${shown}: ${reason}\n`);
    return 2;
  };
  const outcome = await auditNodeDatabase(url);
  if (outcome._tag === "Missing" || outcome._tag === "Unreachable") return refused(outcome._tag === "Missing" ? "missing" : outcome.reason);
  if (outcome._tag === "NotAStore") {
    process.stderr.write(`planledger audit: ${shown} не є базою вузла / is not a node database: ${outcome.reason}\n`);
    return 2;
  }
  // The federation tables are read on a connection of their own, after the walk: reading only, as the walk does.
  const opened = await openForReading(url);
  if ("_tag" in opened) return refused(opened._tag === "Missing" ? "missing" : opened.reason);
  let witnesses: WitnessAudit;
  let parent: ParentAudit | undefined;
  try {
    witnesses = await auditWitnessesIn(opened.kysely, opened.backend.reader, true);
    // Asked only on request: the database alone is checked without any network.
    if (flags.online) parent = await auditAgainstParentIn(opened.kysely, opened.backend.reader, true);
  } finally {
    await opened.close();
  }
  return print(shown, outcome, witnesses, parent, flags.json);
};
