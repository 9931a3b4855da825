/**
 * @module `planledger audit verify --db postgres://…`: the audit walk of a node's event store on PostgreSQL (chains,
 * checkpoints, key history, Merkle trees), reported as for a file. The federation's tables (witness countersignatures,
 * split views, the parent) are SQLite-only for now, so those checks are not made here, and the report says so.
 */
import { type OriginReport, auditNodeDatabase, shownDatabase } from "@planledger/event-store";

const NOT_CHECKED =
  "Засвідчення свідків, кворум і розбіжні бачення зберігаються в таблицях федерації, які поки є лише в SQLite: тут не перевірено / " +
  "witnesses, quorum and split views live in the federation tables, SQLite-only for now: not checked here";

/**
 * Verifies the event store at `url` and prints the report (text or `--json`); resolves to the exit code: 0 intact,
 * 1 a log broken, 2 the server unreachable, the login refused, the URL mistyped or no node database there (one line,
 * the password never shown).
 *
 * @example
 * await verifyPostgres("postgres://planledger@127.0.0.1/oblast", { json: false, online: false }, describeOrigin) // 0
 */
export const verifyPostgres = async (
  url: string,
  flags: { readonly json: boolean; readonly online: boolean },
  describeOrigin: (o: OriginReport) => string,
): Promise<number> => {
  const shown = shownDatabase(url);
  if (flags.online) {
    process.stderr.write(
      `planledger audit: --online для PostgreSQL ще немає (батьківський вузол записано в таблицях федерації, лише SQLite) / ` +
        `--online is not available for PostgreSQL yet (the parent is recorded in the federation tables, SQLite-only)\n`,
    );
    return 2;
  }
  const outcome = await auditNodeDatabase(url);
  if (outcome._tag === "Missing" || outcome._tag === "Unreachable") {
    const reason = outcome._tag === "Missing" ? "missing" : outcome.reason;
    process.stderr.write(`planledger audit: PostgreSQL ${shown}: ${reason}\n`);
    return 2;
  }
  if (outcome._tag === "NotAStore") {
    process.stderr.write(`planledger audit: ${shown} не є базою вузла / is not a node database: ${outcome.reason}\n`);
    return 2;
  }
  const broken = outcome.origins.filter((o) => o.broken !== null);
  const intact = broken.length === 0;
  if (flags.json) {
    process.stdout.write(
      `${JSON.stringify({ db: shown, intact, merkleTrees: outcome.trees ? "checked" : "absent", origins: outcome.origins, witnesses: null, notChecked: "witnesses, quorum, split views: the federation tables are SQLite-only for now" }, null, 2)}\n`,
    );
  } else {
    const lines = [
      `Аудит / audit: ${shown}`,
      ...outcome.origins.map(describeOrigin),
      intact
        ? `Усі журнали цілі / all logs intact: ${outcome.origins.length} походжень / origins, ${outcome.origins.reduce((n, o) => n + o.events, 0)} подій / events`
        : `Пошкоджено журналів / broken logs: ${broken.length} з / of ${outcome.origins.length}`,
      NOT_CHECKED,
      outcome.trees
        ? "Дерева Меркла перераховано з подій і звірено вузол за вузлом / Merkle trees recomputed from the events and compared node by node"
        : "Дерев Меркла у базі ще немає (вузол побудує їх під час наступного запуску) / no Merkle trees in this database yet (its node builds them at its next start)",
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
  }
  return intact ? 0 : 1;
};
