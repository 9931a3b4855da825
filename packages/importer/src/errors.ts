/**
 * @module Why a document could not be read. Each error carries a one-line, bilingual reason.
 */
import { Schema as S } from "effect";

/**
 * The bytes cannot be read as a document: empty, corrupt, password-protected, a scan without text, too large.
 * `unsupported` is true when they are no document format the importer reads at all (an image, an archive).
 */
export class UnreadableDocument extends S.TaggedError<UnreadableDocument>()("UnreadableDocument", {
  reason: S.String,
  unsupported: S.optional(S.Boolean),
}) {}

/**
 * Readable, but no plan table in it: none of the known layouts, not the interchange JSON, or a table whose
 * columns could not be mapped with confidence. Then `headers` lists the headers found and `unplaced` those
 * no field could be given to, so a person can assign the columns and read it again.
 */
export class UnrecognisedDocument extends S.TaggedError<UnrecognisedDocument>()("UnrecognisedDocument", {
  reason: S.String,
  headers: S.optional(S.Array(S.String)),
  unplaced: S.optional(S.Array(S.String)),
  /** The columns the reader could place alone (0-based), a starting point for a person's assignment. */
  proposed: S.optional(S.Array(S.Struct({ column: S.Int, field: S.String, year: S.optional(S.Int) }))),
}) {}

/** Interchange JSON (or CSV/XLSX rows) that does not fit the schema; `path` says where. */
export class InvalidInterchange extends S.TaggedError<InvalidInterchange>()("InvalidInterchange", {
  path: S.String,
  reason: S.String,
}) {}

export type ParseFailure = UnreadableDocument | UnrecognisedDocument | InvalidInterchange;

/**
 * The one line the CLI prints for a failure.
 *
 * @example failureLine(new UnreadableDocument({ reason: "порожній файл / empty file" })) // "порожній файл / empty file"
 */
export const failureLine = (e: ParseFailure): string =>
  e._tag === "InvalidInterchange" ? `${e.path}: ${e.reason}` : e.reason;
