/**
 * @module The kill campaign's verdict: every acknowledged write present exactly once on its origin and on each
 * node that must hold a copy (a district's on its oblast, the oblast's on every district), nothing written twice,
 * every chain intact, every copy equal to its origin's log. Counted twice, independently: on the database files
 * (the event store's own reader and `auditDatabase`, with the nodes stopped) and over the API (each report
 * stream's history on each holder, with the nodes running).
 */
import { auditDatabase, openSqlite, sqliteLogReader } from "@planledger/event-store";
import { Effect } from "effect";
import { auditWitnesses } from "../audit/witness-audit.js";
import { identityOf, type Attempt } from "./write-lane.js";

/** What to look for in a log: the identity an event carries, if it is one of the campaign's writes. */
export const identityOfEvent = (type: string, data: unknown): string | null => {
  const record = (data ?? {}) as { narrative?: unknown; reportId?: unknown };
  if (type === "ProgressRecorded" && typeof record.narrative === "string" && record.narrative.startsWith("chaos ")) {
    return identityOf.progress(record.narrative);
  }
  if (type === "ReportDrafted" && typeof record.reportId === "string") return identityOf.draft(record.reportId);
  if (type === "ReportSubmitted" && typeof record.reportId === "string") return identityOf.submit(record.reportId);
  return null;
};

export interface OriginState {
  readonly events: number;
  readonly lastSeq: number;
  readonly lastHash: string;
  readonly broken: boolean;
}

/** One node database read from its file. */
export interface HolderScan {
  readonly node: string;
  readonly identities: ReadonlyMap<string, number>;
  readonly events: number;
  readonly duplicateEventIds: number;
  readonly duplicateSeqs: number;
  readonly origins: ReadonlyMap<string, OriginState>;
  /** Broken origins plus countersignatures that do not hold (`auditWitnesses`). */
  readonly verifyFailures: ReadonlyArray<string>;
}

const PAGE = 5000;

/**
 * Reads a stopped node's database: every event (by the store's reader, no SQL of ours), the audit of every origin
 * log and of the countersignatures it keeps.
 *
 * @example const scan = scanDatabase("luhanska", "/tmp/chaos/luhanska.db");
 */
export const scanDatabase = (node: string, path: string): HolderScan => {
  const failures: string[] = [];
  const audit = auditDatabase(path, (sqlite) => auditWitnesses(sqlite));
  const origins = new Map<string, OriginState>();
  if (audit._tag !== "Checked") failures.push(`${node}: ${audit._tag}`);
  else {
    for (const o of audit.origins) {
      origins.set(o.origin, { events: o.events, lastSeq: o.lastSeq, lastHash: o.lastHash, broken: o.broken !== null });
      if (o.broken !== null) failures.push(`${node}: origin ${o.origin} broken at ${JSON.stringify(o.broken)}`);
    }
    for (const f of audit.also.findings) failures.push(`${node}: countersignature ${f.witnessNode} over ${f.origin}@${f.seq}: ${f.problem}`);
  }
  const identities = new Map<string, number>();
  const eventIds = new Set<string>();
  const seqs = new Set<string>();
  let duplicateEventIds = 0;
  let duplicateSeqs = 0;
  let events = 0;
  const { sqlite } = openSqlite(path, "snapshot");
  try {
    const reader = sqliteLogReader(sqlite);
    for (let from = 0; ; ) {
      const page = Effect.runSync(reader.readAll({ fromPosition: from, limit: PAGE, data: "eager" }));
      for (const e of page) {
        events++;
        if (eventIds.has(e.eventId)) duplicateEventIds++;
        eventIds.add(e.eventId);
        const at = `${e.origin}@${e.seq}`;
        if (seqs.has(at)) duplicateSeqs++;
        seqs.add(at);
        const identity = identityOfEvent(e.type, e.data);
        if (identity !== null) identities.set(identity, (identities.get(identity) ?? 0) + 1);
      }
      const last = page.at(-1);
      if (last === undefined || page.length < PAGE) break;
      from = last.position + 1;
    }
  } finally {
    sqlite.close();
  }
  return { node, identities, events, duplicateEventIds, duplicateSeqs, origins, verifyFailures: failures };
};

export interface WriteTally {
  readonly acked: number;
  readonly ackedByKind: Readonly<Record<Attempt["kind"], number>>;
  /** Acknowledged, but missing on its origin or on a node that must hold a copy. */
  readonly lost: number;
  /** Held more than once by some node (acknowledged or not). */
  readonly doubled: number;
  readonly inDoubtPresent: number;
  readonly inDoubtAbsent: number;
  readonly refused: number;
  /** Refused with a definite answer, yet written. */
  readonly refusedPresent: number;
  /** A write held by its origin and not by a copy, or the other way round, once the federation is quiet. */
  readonly copiesDiffer: number;
  /** The first few of each problem, for the report. */
  readonly examples: ReadonlyArray<string>;
}

/**
 * Judges every attempt against what each holder holds. `holdersOf(origin)` names the nodes that must hold a copy
 * of that origin's log besides the origin itself.
 *
 * @example tallyWrites(attempts, countsByNode, (o) => (o === "luhanska" ? districts : ["luhanska"]))
 */
export const tallyWrites = (
  attempts: ReadonlyArray<Attempt>,
  counts: ReadonlyMap<string, ReadonlyMap<string, number>>,
  holdersOf: (origin: string) => ReadonlyArray<string>,
): WriteTally => {
  const byIdentity = new Map<string, Attempt[]>();
  for (const a of attempts) byIdentity.set(a.identity, [...(byIdentity.get(a.identity) ?? []), a]);
  const ackedByKind = { draft: 0, progress: 0, submit: 0 };
  const examples: string[] = [];
  const note = (line: string) => {
    if (examples.length < 20) examples.push(line);
  };
  let acked = 0;
  let lost = 0;
  let doubled = 0;
  let inDoubtPresent = 0;
  let inDoubtAbsent = 0;
  let refused = 0;
  let refusedPresent = 0;
  let copiesDiffer = 0;
  for (const [identity, tries] of byIdentity) {
    const origin = tries[0]?.node ?? "";
    const held = (node: string) => counts.get(node)?.get(identity) ?? 0;
    const onOrigin = held(origin);
    const copies = holdersOf(origin).map((node) => [node, held(node)] as const);
    const all = [[origin, onOrigin] as const, ...copies];
    if (all.some(([, n]) => n > 1)) {
      doubled++;
      note(`doubled: ${identity} ${JSON.stringify(all)}`);
    }
    if (copies.some(([, n]) => Math.min(n, 1) !== Math.min(onOrigin, 1))) {
      copiesDiffer++;
      note(`copies differ: ${identity} ${JSON.stringify(all)}`);
    }
    const outcomes = new Set(tries.map((t) => t.outcome));
    if (outcomes.has("acked")) {
      acked++;
      const kind = tries.find((t) => t.outcome === "acked")?.kind ?? "progress";
      ackedByKind[kind]++;
      if (all.some(([, n]) => n === 0)) {
        lost++;
        note(`lost: ${identity} ${JSON.stringify(all)} attempts ${JSON.stringify(tries.map((t) => [t.outcome, t.status]))}`);
      }
    } else if (outcomes.has("inDoubt")) {
      if (onOrigin > 0) inDoubtPresent++;
      else inDoubtAbsent++;
    } else {
      refused++;
      if (all.some(([, n]) => n > 0)) {
        refusedPresent++;
        note(`refused yet present: ${identity} ${JSON.stringify(all)} statuses ${tries.map((t) => t.status).join(",")}`);
      }
    }
  }
  return { acked, ackedByKind, lost, doubled, inDoubtPresent, inDoubtAbsent, refused, refusedPresent, copiesDiffer, examples };
};
