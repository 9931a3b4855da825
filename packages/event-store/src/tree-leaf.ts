/**
 * @module The leaf of an event in its origin's Merkle tree: the one place that says which bytes an event
 * contributes to the tree (documented for auditors in docs/audit.md, "Merkle proofs").
 */
import * as crypto from "node:crypto";

/** The first line of every leaf entry: names the format, so that a later one cannot be mistaken for it. */
export const LEAF_ENTRY_FORMAT = "planledger-event/v1";

/** What of an event goes into its leaf: which log, where in it, which event, and its chained hash. */
export interface TreeLeaf {
  readonly origin: string;
  readonly seq: number;
  readonly eventId: string;
  /** The event's chained SHA-256 (lower-case hex): it covers every field of the event and the hash before it. */
  readonly hash: string;
}

/**
 * The exact bytes of an event's leaf entry, UTF-8:
 *
 * ```
 * planledger-event/v1\n<origin>\n<seq>\n<eventId>\n<hash>\n
 * ```
 *
 * `seq` in decimal without leading zeros, `hash` the event's chained hash as stored (64 lower-case hex digits).
 * The leaf hash is RFC 9162's `SHA-256(0x00 ‖ entry)` and the event is leaf `seq − 1` of its origin's tree. The
 * entry names the event (an auditor holding an event id finds it in the entry) and commits to all its content
 * through `hash`, which chains every field of the event and every event before it; the event's data is not
 * repeated, so a proof stays small and shows nothing but the id and the hash. None of the values can hold a
 * newline (origins and ids are plain names; the store writes the hash), so the lines cannot be confused.
 *
 * @example
 * leafEntry({ origin: "luhanska", seq: 1, eventId: "0190a0e1-…", hash: "9f2c…" }).toString()
 * // "planledger-event/v1\nluhanska\n1\n0190a0e1-…\n9f2c…\n"
 */
export const leafEntry = (leaf: TreeLeaf): Buffer => Buffer.from(entryText(leaf), "utf8");

const entryText = (leaf: TreeLeaf): string => `${LEAF_ENTRY_FORMAT}\n${leaf.origin}\n${leaf.seq}\n${leaf.eventId}\n${leaf.hash}\n`;

// Hashed straight from the text, U+0000 standing for the leaf prefix 0x00 (one byte in UTF-8): no buffer of the
// entry and none of the prefixed copy, once per appended event.
const sha256Text: (text: string) => Buffer =
  typeof crypto.hash === "function"
    ? (text) => crypto.hash("sha256", text, "buffer")
    : (text) => crypto.createHash("sha256").update(text, "utf8").digest();

/**
 * The leaf hash of an event: `SHA-256(0x00 ‖ leafEntry(event))`, RFC 9162's `leafHash` of its entry.
 *
 * @example
 * eventLeafHash(event).equals(leafHash(leafEntry(event))) // true
 */
export const eventLeafHash = (leaf: TreeLeaf): Buffer => sha256Text(`\u0000${entryText(leaf)}`);
