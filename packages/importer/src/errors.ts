/**
 * @module Why a document could not be read. Each error carries a one-line, bilingual reason.
 */
import { Schema as S } from "effect";

/** The bytes are not a text document at all: empty, binary, not UTF-8, missing. */
export class UnreadableDocument extends S.TaggedError<UnreadableDocument>()("UnreadableDocument", {
  reason: S.String,
}) {}

/** A text, but none of the known layouts, nor the interchange JSON. */
export class UnrecognisedDocument extends S.TaggedError<UnrecognisedDocument>()("UnrecognisedDocument", {
  reason: S.String,
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
