/**
 * @module Documents read for a preview and waiting for the person's "record" — kept on the server, so what is
 * recorded is exactly what was shown and the browser posts back only an id it cannot forge into another's.
 */
import { randomBytes } from "node:crypto";
import type { PlanDocument } from "@planledger/domain";
import type { Upload } from "./plan-writes.js";

/** A preview is good for 30 minutes: long enough to read 100 measures, short enough not to hoard documents. */
export const PENDING_TTL_MS = 30 * 60 * 1000;
/** At most this many previews are held (the oldest goes first): each holds a whole parsed document. */
const MAX_PENDING = 32;

export interface PendingImport {
  readonly login: string;
  /** Null while the table's columns wait for a person to assign them. */
  readonly document: PlanDocument | null;
  /** The file as uploaded, kept to read it again with other columns and to record its hash with the plan. */
  readonly upload: Upload;
  readonly layout: string;
  readonly fileName: string;
  readonly parentPlanId: string | null;
  readonly planId: string;
  /** For an amendment: the plan stream's version the difference was computed against. */
  readonly version?: number;
  readonly expiresAt: number;
}

/**
 * An in-memory map from a random id to a parsed document, bound to the login that uploaded it. Held by one
 * process: a node restart (or a second process) forgets previews, and the person uploads again.
 *
 * @example
 * const id = pending.put({ login: "olena", document, … }); pending.take(id, "olena") // the entry, once
 */
export const pendingImports = (now: () => Date = () => new Date()) => {
  const held = new Map<string, PendingImport>();
  const sweep = (): void => {
    const at = now().getTime();
    for (const [id, entry] of held) if (entry.expiresAt <= at) held.delete(id);
  };
  return {
    put: (entry: Omit<PendingImport, "expiresAt">): string => {
      sweep();
      const id = randomBytes(18).toString("base64url");
      held.set(id, { ...entry, expiresAt: now().getTime() + PENDING_TTL_MS });
      while (held.size > MAX_PENDING) {
        const oldest = held.keys().next();
        if (oldest.done) break;
        held.delete(oldest.value);
      }
      return id;
    },
    /** The entry for `id` if it is this login's and has not expired; it stays held. */
    get: (id: string, login: string): PendingImport | null => {
      sweep();
      const entry = held.get(id);
      return entry === undefined || entry.login !== login ? null : entry;
    },
    /** Forgets the entry (recorded or cancelled); only its owner can. */
    drop: (id: string, login: string): void => {
      if (held.get(id)?.login === login) held.delete(id);
    },
  };
};

export type PendingImports = ReturnType<typeof pendingImports>;
