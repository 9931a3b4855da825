/**
 * @module Verification of every origin log held in a database: hash chain, gap-free seq, stream versions,
 * checkpoint signatures. Shared by the store (on open) and `planledger audit verify` (read-only).
 */
import type { Checkpoint } from "./checkpoint.js";
import { type KeyEntry, checkpointKeyProblem, historyProblem } from "./key-history.js";
import { GENESIS_HASH, envelopeHash } from "./hash-chain.js";
import { Effect } from "effect";
import type { LogBackend, ScannedRow } from "./log-backend.js";
import { checkTree } from "./log-tree.js";

export interface Breakage {
  /** The first event that fails; null when the fault is something missing after the last event. */
  readonly position: number | null;
  readonly seq: number | null;
  readonly reason: string;
}

export interface OriginReport {
  readonly origin: string;
  readonly events: number;
  readonly lastSeq: number;
  readonly lastHash: string;
  readonly checkpoints: number;
  readonly lastCheckpoint: Checkpoint | null;
  readonly broken: Breakage | null;
  /**
   * The root (hex) of the origin's Merkle tree recomputed from its events at `lastSeq`, once every stored node was
   * found equal to it; null when the trees were not checked or the log is broken.
   */
  readonly treeRoot: string | null;
  /**
   * Present when a checkpoint of this origin at or after the seq its key was revoked from is signed by that key: the
   * events it alone covers are not vouched for by a valid key (a finding of `audit verify`; the node still opens).
   */
  readonly revoked?: RevokedFinding;
}

/** The first checkpoint signed by a revoked key. */
export interface RevokedFinding {
  /** The checkpoint's seq. */
  readonly seq: number;
  readonly publicKey: string;
  readonly revokedFromSeq: number;
  readonly reason: string;
  readonly revokedBy: string | null;
}

export interface VerifyOptions {
  /**
   * Also recompute each intact origin's Merkle tree from its events and compare every stored node with it (a second
   * walk of the events, narrow: id and hash; linear). `audit verify` and `store.verify()` do; the opening walk does
   * not (it builds the trees a database lacks afterwards).
   */
  readonly trees?: boolean;
}

interface OriginState {
  origin: string;
  events: number;
  lastSeq: number;
  lastHash: string;
  broken: Breakage | null;
  readonly wanted: Map<number, { hash: string; position: number } | null>;
}

/**
 * Walks `rows` (ordered by origin, then seq) once and checks each origin's chain and its checkpoints
 * against `publicKeyOf(origin)`. Reports every origin that has events or checkpoints, sorted by name.
 *
 * @example
 * verifyLog(backend.scan(), backend.checkpoints(), backend.nodeKey).filter((r) => r.broken !== null)
 */
export const verifyLog = (
  rows: Iterable<ScannedRow>,
  checkpoints: ReadonlyArray<Checkpoint>,
  publicKeyOf: (origin: string) => string | undefined,
  historyOf: (origin: string) => ReadonlyArray<KeyEntry> = () => [],
): ReadonlyArray<OriginReport> => {
  const verifier = logVerifier(checkpoints);
  for (const row of rows) verifier.visit(row);
  return verifier.reports(publicKeyOf, historyOf);
};

/**
 * The same check over a backend, rows handed over as its walk reaches them (nothing held but each origin's
 * head): the checkpoints first, then the walk, then the keys of the origins seen.
 *
 * @example
 * const broken = (yield* verifyBackend(backend)).find((r) => r.broken !== null);
 */
export const verifyBackend = (backend: LogBackend, options: VerifyOptions = {}): Effect.Effect<ReadonlyArray<OriginReport>> =>
  Effect.gen(function* () {
    const verifier = logVerifier(yield* backend.reader.checkpoints());
    yield* backend.scanRows(verifier.visit);
    const keys = new Map<string, string | undefined>();
    const histories = new Map<string, Array<KeyEntry>>();
    for (const entry of yield* backend.reader.keyHistory()) {
      const list = histories.get(entry.origin);
      if (list === undefined) histories.set(entry.origin, [entry]);
      else list.push(entry);
    }
    // A parent-authorised key is checked under its authority's keys, which may be of an origin with no events here.
    for (const origin of new Set([...verifier.origins(), ...[...histories.values()].flat().flatMap((e) => (e.authorisedBy === null ? [] : [e.authorisedBy]))]))
      keys.set(origin, yield* backend.reader.nodeKey(origin));
    const reports = verifier.reports(
      (origin) => keys.get(origin),
      (origin) => histories.get(origin) ?? [],
    );
    if (options.trees !== true) return reports;
    return yield* Effect.forEach(reports, (report) =>
      report.broken !== null
        ? Effect.succeed(report)
        : Effect.map(checkTree(backend.reader, report.origin, report.lastSeq), ({ root, broken }) =>
            broken === null ? { ...report, treeRoot: root.toString("hex") } : { ...report, broken },
          ),
    );
  });

/** A walk of rows ordered by origin, then seq, fed one row at a time; `reports` once the walk is done. */
const logVerifier = (checkpoints: ReadonlyArray<Checkpoint>) => {
  const states = new Map<string, OriginState>();
  const stateOf = (origin: string): OriginState => {
    let state = states.get(origin);
    if (state === undefined) {
      state = { origin, events: 0, lastSeq: 0, lastHash: GENESIS_HASH, broken: null, wanted: new Map() };
      states.set(origin, state);
    }
    return state;
  };
  for (const cp of checkpoints) stateOf(cp.origin).wanted.set(cp.seq, null);

  const streams = new Map<string, { origin: string; version: number }>();
  const visit = (row: ScannedRow): void => {
    const state = stateOf(row.origin);
    state.events += 1;
    if (state.broken !== null) return;
    const fail = (reason: string): void => {
      state.broken = { position: row.position, seq: row.seq, reason };
    };
    const stream = streams.get(row.stream);
    if (row.seq !== state.lastSeq + 1) fail(`seq ${row.seq} where ${state.lastSeq + 1} was due (gap or duplicate)`);
    else if (row.prevHash !== state.lastHash) fail(`prevHash does not match the hash of seq ${state.lastSeq}`);
    else if (envelopeHash(row, row.dataJson) !== row.hash) fail("hash does not match the event's content");
    else if (stream !== undefined && stream.origin !== row.origin) fail(`stream ${row.stream} is written by ${stream.origin} too`);
    else if (row.streamVersion !== (stream?.version ?? 0) + 1)
      fail(`stream version ${row.streamVersion} where ${(stream?.version ?? 0) + 1} was due`);
    if (state.broken !== null) return;
    streams.set(row.stream, { origin: row.origin, version: row.streamVersion });
    state.lastSeq = row.seq;
    state.lastHash = row.hash;
    if (state.wanted.has(row.seq)) state.wanted.set(row.seq, { hash: row.hash, position: row.position });
  };

  // One pass, pushing into each origin's list: copying the list per checkpoint made this quadratic in one
  // origin's checkpoints (16k of them took 3.5 s, 64k 137 s).
  const byOrigin = new Map<string, Array<Checkpoint>>();
  for (const cp of checkpoints) {
    const list = byOrigin.get(cp.origin);
    if (list === undefined) byOrigin.set(cp.origin, [cp]);
    else list.push(cp);
  }

  const reports = (
    publicKeyOf: (origin: string) => string | undefined,
    historyOf: (origin: string) => ReadonlyArray<KeyEntry>,
  ): ReadonlyArray<OriginReport> =>
    [...states.values()]
      .sort((a, b) => (a.origin < b.origin ? -1 : a.origin > b.origin ? 1 : 0))
      .map((state) => {
        const own = (byOrigin.get(state.origin) ?? []).sort((a, b) => a.seq - b.seq);
        let broken = state.broken;
        const key = publicKeyOf(state.origin);
        const history = historyOf(state.origin);
        // A key history whose links do not verify was altered (or forged): no checkpoint can be trusted under it.
        const forged = historyProblem(history, (node) => [
          ...new Set([...(publicKeyOf(node) === undefined ? [] : [publicKeyOf(node) as string]), ...historyOf(node).map((e) => e.publicKey)]),
        ]);
        if (forged !== null && broken === null) broken = { position: null, seq: forged.entry.fromSeq, reason: `key history: ${forged.reason}` };
        let revoked: RevokedFinding | undefined;
        for (const cp of own) {
          if (broken?.seq != null && broken.seq <= cp.seq) break;
          if (broken !== null && broken.seq === null) break;
          const at = state.wanted.get(cp.seq) ?? null;
          const position = at?.position ?? null;
          const keyProblem = checkpointKeyProblem(history, key, cp);
          if (keyProblem?._tag === "Revoked" && revoked === undefined)
            revoked = {
              seq: cp.seq,
              publicKey: keyProblem.entry.publicKey,
              revokedFromSeq: keyProblem.entry.revokedFromSeq as number,
              reason: keyProblem.entry.revokedReason ?? "",
              revokedBy: keyProblem.entry.revokedBy,
            };
          const problem =
            keyProblem?._tag === "NoKey"
              ? "no public key is registered for this origin"
              : keyProblem?._tag === "BadSignature"
                ? `checkpoint signature at seq ${cp.seq} is not valid${history.length > 0 ? ` under the key in force from seq ${keyProblem.entry?.fromSeq ?? 0}` : ""}`
                : cp.seq === 0
                  ? cp.hash === GENESIS_HASH
                    ? null
                    : "checkpoint at seq 0 does not carry the genesis hash"
                  : at === null
                    ? `checkpoint at seq ${cp.seq} is beyond the end of the log (seq ${state.lastSeq}): events are missing`
                    : at.hash !== cp.hash
                      ? `checkpoint at seq ${cp.seq} signs a different hash`
                      : null;
          if (problem !== null) {
            broken = { position, seq: cp.seq, reason: problem };
            break;
          }
        }
        return {
          origin: state.origin,
          events: state.events,
          lastSeq: state.lastSeq,
          lastHash: state.lastHash,
          checkpoints: own.length,
          lastCheckpoint: own.at(-1) ?? null,
          broken,
          treeRoot: null,
          ...(revoked === undefined ? {} : { revoked }),
        };
      });
  return { visit, origins: (): ReadonlyArray<string> => [...states.keys()], reports };
};
