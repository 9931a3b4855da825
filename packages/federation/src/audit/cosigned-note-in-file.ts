/**
 * @module The cosignature lines a node database keeps for one tree head of its own log (`federation_cosignatures`),
 * read from the file as `planledger audit prove` and `audit consistency` read it: the note as the node serves it at
 * `GET /api/v1/checkpoint` (`witness-service.ts`, `cosignedNote`), and the verifier keys of those cosigners.
 */
import {
  type AuditConnection,
  ed25519CosignatureVerifier,
  sqliteLogReader,
  tlogOrigin,
  verifierKey,
} from "@planledger/event-store";
import { Effect } from "effect";
import { withCosignatures } from "../witness/cosignature-line.js";

/**
 * `head.note` with every cosignature line the file keeps for that origin, size and root (none before the
 * witnessing tables, or for another root), and the C2SP verifier keys (type 0x04, `planledger/<witness>`) of the
 * witnesses whose public key the file holds — as a registered node or a named witness. Reads only.
 *
 * @example
 * auditProve("data/demo/novopskovskyi.db", eventId, cosignedNoteInFile) // checkpoint: the note, then "— planledger/luhanska …"
 */
export const cosignedNoteInFile = (
  connection: AuditConnection,
  head: { readonly origin: string; readonly size: number; readonly root: string; readonly note: string },
): { readonly note: string; readonly witnesses: ReadonlyArray<string> } => {
  if (!connection.tables.has("federation_cosignatures")) return { note: head.note, witnesses: [] };
  const { sqlite } = connection;
  const kept = sqlite
    .prepare("SELECT witness, line FROM federation_cosignatures WHERE origin = ? AND size = ? AND root = ? ORDER BY witness")
    .all(head.origin, head.size, head.root) as Array<{ witness: string; line: string }>;
  const reader = sqliteLogReader(sqlite);
  const named = connection.tables.has("federation_witness_policy")
    ? (sqlite.prepare("SELECT node_id, public_key FROM federation_witness_policy").all() as Array<{ node_id: string; public_key: string }>)
    : [];
  const witnesses: Array<string> = [];
  for (const { witness } of kept) {
    const publicKey = Effect.runSync(reader.nodeKey(witness)) ?? named.find((n) => n.node_id === witness)?.public_key;
    if (publicKey !== undefined) witnesses.push(verifierKey(ed25519CosignatureVerifier(tlogOrigin(witness), publicKey)));
  }
  return { note: withCosignatures(head.note, kept.map((k) => k.line)), witnesses };
};
