/**
 * @module What the general table reader reports beside the plan (`Reading`), as an `effect/Schema` value: the
 * node's `POST /api/v1/plans/parse` answers it, and its OpenAPI document is generated from this schema.
 */
import { Schema as S } from "effect";
import type { ColumnRole, MeasureProvenance, Reading } from "./grid.js";

const Confidence = S.Literal("high", "medium", "low");
const FieldName = S.Literal("label", "task", "title", "executors", "term", "source", "total", "year", "indicator", "ignore");

const ColumnRoleSchema = S.Struct({
  column: S.Int.annotations({ description: "0-based grid column" }),
  header: S.String,
  field: FieldName,
  year: S.optional(S.Int),
  source: S.optional(S.String),
  alsoTerm: S.optional(S.Literal("first", "last")),
  confidence: Confidence,
  because: S.String,
}).annotations({ identifier: "ColumnRole" });

const FieldConfidence = S.Struct({ confidence: Confidence, note: S.optional(S.String) });

const MeasureProvenanceSchema = S.Struct({
  path: S.String,
  where: S.String,
  fields: S.Struct({
    title: S.optional(FieldConfidence),
    term: S.optional(FieldConfidence),
    executors: S.optional(FieldConfidence),
    indicator: S.optional(FieldConfidence),
    budget: S.optional(FieldConfidence),
  }),
}).annotations({ identifier: "MeasureProvenance" });

/** How the general reader read a file: the table it chose, its columns, every measure's origin. */
export const ReadingSchema = S.Struct({
  format: S.Literal("docx", "xlsx", "pdf", "doc", "rtf", "web-text"),
  table: S.String,
  columns: S.Array(ColumnRoleSchema),
  unplaced: S.Array(S.String),
  assigned: S.Boolean,
  measures: S.Array(MeasureProvenanceSchema),
}).annotations({ identifier: "Reading" });

/** Mutually assignable and with the same keys: each schema describes its type exactly. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? ([keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false) : false) : false;
const checks: ReadonlyArray<true> = [
  true as Same<typeof ColumnRoleSchema.Type, ColumnRole>,
  true as Same<typeof MeasureProvenanceSchema.Type, MeasureProvenance>,
  true as Same<typeof ReadingSchema.Type, Reading>,
];
void checks;
