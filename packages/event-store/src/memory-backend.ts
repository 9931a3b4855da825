/**
 * @module A log backend in plain arrays and maps, for unit tests; it mirrors the SQLite backend's behaviour
 * (copies in and out through JSON text, all-or-nothing write transactions).
 */
import type { Checkpoint } from "./checkpoint.js";
import type { KeyEntry } from "./key-history.js";
import {
  DuplicateEventId,
  type EventRow,
  type LogBackend,
  type ScannedRow,
  type SyncLogEngine,
  decodedEventOf,
  storedEventOf,
  syncBackend,
} from "./log-backend.js";
import type { LogEntry, StoredTreeNode, WireEvent } from "./log-reader.js";
import type { StoredEvent } from "./stored-event.js";
import type { TreeLeaf } from "./tree-leaf.js";
import type { VerifiedHead } from "./verified-head.js";

/**
 * A fresh, empty backend.
 *
 * @example
 * makeEventLog(memoryBackend(), "luhanska", generateNodeKey())
 */
export const memoryBackend = (): LogBackend => syncBackend(memoryEngine());

/** The engine, with its transaction's three steps apart for a test engine that answers later (`async-backend.ts`). */
export interface MemoryEngine extends SyncLogEngine {
  /** Starts recording how to undo what follows; false when a transaction is open already (the caller joins it). */
  readonly begin: () => boolean;
  readonly commit: () => void;
  readonly rollback: () => void;
}

/**
 * A fresh, empty engine in plain arrays, answering at once.
 *
 * @example
 * syncBackend(memoryEngine())
 */
export const memoryEngine = (): MemoryEngine => {
  const rows: Array<ScannedRow> = [];
  const byId = new Map<string, ScannedRow>();
  const byOrigin = new Map<string, Array<ScannedRow>>();
  const byStream = new Map<string, Array<ScannedRow>>();
  let checkpoints: Array<Checkpoint> = [];
  const keys = new Map<string, string>();
  // By "origin fromSeq"; sorted when read.
  const keyEntries = new Map<string, KeyEntry>();
  const verified = new Map<string, VerifiedHead>();
  // Per origin, its tree's stored nodes by position (a Map keeps them in insertion order, which is position order).
  const trees = new Map<string, Map<number, Buffer>>();
  let undo: Array<() => void> | undefined;

  const push = <K, V>(map: Map<K, Array<V>>, key: K, value: V): void => {
    const list = map.get(key) ?? [];
    list.push(value);
    map.set(key, list);
  };
  const pop = <K, V>(map: Map<K, Array<V>>, key: K): void => {
    const list = map.get(key);
    list?.pop();
    if (list?.length === 0) map.delete(key);
  };
  const toStored = (row: ScannedRow): StoredEvent => storedEventOf(row, row.position);
  const toDecoded = (row: ScannedRow): StoredEvent => decodedEventOf(row, row.position);
  const entryOf = (row: ScannedRow, dataJson: string | undefined, eventId: string | undefined, picked?: Record<string, string>): LogEntry => ({
    position: row.position,
    origin: row.origin,
    seq: row.seq,
    stream: row.stream,
    type: row.type,
    recordedAt: row.recordedAt,
    receivedAt: row.receivedAt,
    causationId: row.causationId,
    eventId,
    dataJson,
    picked,
  });
  const pickedOf = (dataJson: string, fields: ReadonlyArray<string>): Record<string, string> | undefined => {
    const data = JSON.parse(dataJson) as Record<string, unknown> | null;
    const picked: Record<string, string> = {};
    for (const field of fields) {
      const value = typeof data === "object" && data !== null ? data[field] : undefined;
      if (typeof value !== "string") return undefined;
      picked[field] = value;
    }
    return picked;
  };
  const checkpointsOf = (origin: string) => checkpoints.filter((cp) => cp.origin === origin).sort((a, b) => a.seq - b.seq);
  const last = <V>(list: ReadonlyArray<V> | undefined): V | undefined => list?.[list.length - 1];
  const leafOfRow = (row: ScannedRow): TreeLeaf => ({ origin: row.origin, seq: row.seq, eventId: row.eventId, hash: row.hash });

  const begin = (): boolean => {
    if (undo !== undefined) return false;
    undo = [];
    return true;
  };
  const commit = (): void => {
    undo = undefined;
  };
  const rollback = (): void => {
    for (const step of (undo ?? []).reverse()) step();
    undo = undefined;
  };

  return {
    begin,
    commit,
    rollback,
    writeTransaction: (body) => {
      if (!begin()) return body();
      try {
        const result = body();
        commit();
        return result;
      } catch (error) {
        rollback();
        throw error;
      }
    },
    originHead: (origin) => {
      const row = last(byOrigin.get(origin));
      return row && { origin, seq: row.seq, hash: row.hash, position: row.position };
    },
    streamHead: (stream) => {
      const row = last(byStream.get(stream));
      return row && { version: row.streamVersion, origin: row.origin };
    },
    eventById: (eventId) => {
      const row = byId.get(eventId);
      return row && toStored(row);
    },
    eventBySeq: (origin, seq) => {
      const row = byOrigin.get(origin)?.[seq - 1];
      return row?.seq === seq ? toStored(row) : undefined;
    },
    hashAt: (origin, seq) => {
      const row = byOrigin.get(origin)?.[seq - 1];
      return row?.seq === seq ? row.hash : undefined;
    },
    insert: (newRows: ReadonlyArray<EventRow>) =>
      newRows.map((newRow, index) => {
        if (byId.has(newRow.eventId)) throw new DuplicateEventId({ index, eventId: newRow.eventId });
        const row: ScannedRow = { ...newRow, position: rows.length + 1 };
        rows.push(row);
        byId.set(row.eventId, row);
        push(byOrigin, row.origin, row);
        push(byStream, row.stream, row);
        undo?.push(() => {
          rows.pop();
          byId.delete(row.eventId);
          pop(byOrigin, row.origin);
          pop(byStream, row.stream);
        });
        return row.position;
      }),
    readStream: (stream, fromVersion, data) =>
      (byStream.get(stream) ?? []).filter((row) => row.streamVersion >= fromVersion).map(data === "lazy" ? toStored : toDecoded),
    readStreamsPrefixed: (prefix, data) =>
      [...byStream.keys()]
        .filter((stream) => stream.startsWith(prefix))
        // Code-unit order, as the engines' byte order of the names (the same for the names a node keeps).
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
        .flatMap((stream) => (byStream.get(stream) ?? []).map(data === "lazy" ? toStored : toDecoded)),
    readAll: ({ fromPosition, limit, origin, data }) => {
      const out: Array<StoredEvent> = [];
      const make = data === "eager" ? toDecoded : toStored;
      for (let i = Math.max(fromPosition, 1) - 1; i < rows.length && out.length < limit; i++) {
        const row = rows[i] as ScannedRow;
        if (origin === undefined || row.origin === origin) out.push(make(row));
      }
      return out;
    },
    readWire: (origin, afterSeq, untilSeq) =>
      (byOrigin.get(origin) ?? [])
        .filter((row) => row.seq > afterSeq && row.seq <= untilSeq)
        .map((row): WireEvent => [
          row.eventId, row.origin, row.seq, row.stream, row.streamVersion, row.type, row.actor, row.recordedAt,
          row.causationId, row.correlationId, row.prevHash, row.hash, row.dataJson,
        ]),
    scanFrom: ({ fromPosition, limit, recordedBy, receivedBy, pick, eventIdsOf }, visit) => {
      let n = 0;
      for (let i = Math.max(fromPosition, 1) - 1; i < rows.length && n < limit; i++) {
        const row = rows[i] as ScannedRow;
        if (recordedBy !== undefined && row.recordedAt > recordedBy) continue;
        if (receivedBy !== undefined && row.receivedAt > receivedBy) continue;
        const eventId = eventIdsOf === undefined || eventIdsOf.includes(row.type) ? row.eventId : undefined;
        const picked = pick !== undefined && row.type === pick.type ? pickedOf(row.dataJson, pick.fields) : undefined;
        visit(entryOf(row, picked === undefined ? row.dataJson : undefined, eventId, picked));
        n++;
      }
      return n;
    },
    entriesAt: (positions, data) =>
      positions.flatMap((position) => {
        const row = rows[position - 1];
        return row === undefined ? [] : [{ ...entryOf(row, data === true ? row.dataJson : undefined, row.eventId), actor: row.actor }];
      }),
    dataAt: (position) => rows[position - 1]?.dataJson,
    readAsOf: (time) => rows.filter((row) => row.receivedAt <= time).map(toStored),
    lastPosition: () => rows.length,
    heads: () =>
      [...byOrigin.entries()].flatMap(([origin, list]) => {
        const row = last(list);
        return row ? [{ origin, seq: row.seq, hash: row.hash, position: row.position }] : [];
      }),
    insertCheckpoint: (checkpoint) => {
      const before = checkpoints;
      checkpoints = [...checkpoints, { ...checkpoint }];
      undo?.push(() => {
        checkpoints = before;
      });
    },
    checkpoints: (origin) =>
      checkpoints
        .filter((cp) => origin === undefined || cp.origin === origin)
        .sort((a, b) => (a.origin < b.origin ? -1 : a.origin > b.origin ? 1 : a.seq - b.seq))
        .map((cp) => ({ ...cp })),
    checkpointAt: (origin, seq) => {
      const cp = checkpoints.find((held) => held.origin === origin && held.seq === seq);
      return cp && { ...cp };
    },
    lastCheckpointWithin: (origin, afterSeq, untilSeq) => {
      const cp = checkpointsOf(origin).filter((held) => held.seq > afterSeq && held.seq <= untilSeq).at(-1);
      return cp && { ...cp };
    },
    firstCheckpointAfter: (origin, afterSeq) => {
      const cp = checkpointsOf(origin).find((held) => held.seq > afterSeq);
      return cp && { ...cp };
    },
    nodeKey: (origin) => keys.get(origin),
    putNodeKey: (origin, publicKey) => {
      keys.set(origin, publicKey);
      undo?.push(() => keys.delete(origin));
    },
    setNodeKey: (origin, publicKey) => {
      const before = keys.get(origin);
      if (before === undefined) return;
      keys.set(origin, publicKey);
      undo?.push(() => keys.set(origin, before));
    },
    keyHistory: (origin) =>
      [...keyEntries.values()]
        .filter((e) => origin === undefined || e.origin === origin)
        .sort((a, b) => (a.origin < b.origin ? -1 : a.origin > b.origin ? 1 : a.fromSeq - b.fromSeq))
        .map((e) => ({ ...e })),
    putKeyEntry: (entry) => {
      const id = `${entry.origin} ${entry.fromSeq}`;
      const before = keyEntries.get(id);
      keyEntries.set(id, { ...entry });
      undo?.push(() => (before === undefined ? keyEntries.delete(id) : keyEntries.set(id, before)));
    },
    verifiedHeads: () => [...verified.values()].sort((a, b) => (a.origin < b.origin ? -1 : a.origin > b.origin ? 1 : 0)),
    putVerifiedHeads: (heads) => {
      for (const head of heads) {
        const before = verified.get(head.origin);
        verified.set(head.origin, { ...head });
        undo?.push(() => (before === undefined ? verified.delete(head.origin) : verified.set(head.origin, before)));
      }
    },
    scan: () =>
      [...byOrigin.keys()].sort().flatMap((origin) => byOrigin.get(origin) ?? []),
    treeNode: (origin, position) => trees.get(origin)?.get(position),
    leafAt: (origin, seq) => {
      const row = byOrigin.get(origin)?.[seq - 1];
      return row?.seq === seq ? leafOfRow(row) : undefined;
    },
    treeLeaves: (origin, afterSeq, untilSeq) =>
      (byOrigin.get(origin) ?? []).filter((row) => row.seq > afterSeq && row.seq <= untilSeq).map(leafOfRow),
    leafOf: (eventId) => {
      const row = byId.get(eventId);
      return row && leafOfRow(row);
    },
    treeNodesBetween: (origin, afterPosition, untilPosition) =>
      [...(trees.get(origin)?.entries() ?? [])]
        .filter(([position]) => position > afterPosition && position <= untilPosition)
        .sort(([a], [b]) => a - b)
        .map(([position, hash]): StoredTreeNode => ({ origin, position, hash: Buffer.from(hash) })),
    lastTreePosition: (origin) => {
      let highest = -1;
      for (const position of trees.get(origin)?.keys() ?? []) if (position > highest) highest = position;
      return highest;
    },
    putTreeNodes: (nodes) => {
      for (const node of nodes) {
        let tree = trees.get(node.origin);
        if (tree === undefined) {
          tree = new Map();
          trees.set(node.origin, tree);
        }
        if (tree.has(node.position)) throw new Error(`tree node ${node.origin} @${node.position} is stored already`);
        tree.set(node.position, Buffer.from(node.hash));
        const held = tree;
        undo?.push(() => held.delete(node.position));
      }
    },
  };
};
