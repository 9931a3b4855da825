/**
 * @module The problem body as an `effect/Schema`, so that API descriptions (the node's OpenAPI document) are
 * generated from it rather than written beside it, and the codes a catalogue answers each status with.
 */
import { Schema as S } from "effect";
import type { FieldIssue, Problem, ProblemCatalogue } from "./problem.js";

/** One refused field of the input (`errors` of a problem). */
export const FieldIssueBody = S.Struct({
  path: S.String.annotations({ description: "dotted path of the field in the input, e.g. `actuals.0.value`" }),
  message: S.String,
}).annotations({ identifier: "FieldIssue" });

/**
 * An RFC 9457 `application/problem+json` body as {@link toProblem} builds it: the members every problem has, and
 * the error's own data fields as extension members (e.g. `expected`/`actual` of a 412, `retryAfter` of a 429).
 */
export const ProblemBody = S.Struct(
  {
    type: S.String.annotations({ description: "the reason as a URI" }),
    title: S.String.annotations({ description: "Ukrainian / English" }),
    status: S.Int,
    code: S.String.annotations({ description: "the error's _tag: the one member that names the reason" }),
    detail: S.optional(S.String),
    instance: S.optional(S.String.annotations({ description: "the path that was asked for" })),
    errors: S.optional(S.Array(FieldIssueBody).annotations({ description: "for bad input: every failing field" })),
    reason: S.optional(S.String.annotations({ description: "deprecated, federation's: the same value as `code`" })),
  },
  S.Record({ key: S.String, value: S.Unknown }),
).annotations({ identifier: "Problem", description: "RFC 9457 problem details; extension members carry the error's data" });

// The schema and the interface describe one shape: a change to either that the other lacks fails to compile. (Both
// carry an index signature for the extension members, so the keys are compared through assignability alone.)
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameIssue: Same<typeof FieldIssueBody.Type, FieldIssue> = true;
const sameProblem: Same<typeof ProblemBody.Type, Problem> = true;
void [sameIssue, sameProblem];

/**
 * The codes a catalogue answers `status` with, sorted; `null` when the status is its default for tags it does not
 * list (any code may then come), and an empty list when it never answers that status.
 *
 * @example
 * codesAnswering(nodeProblems, 412) // ["ConcurrencyError", "PreconditionFailed"]
 */
export const codesAnswering = (catalogue: ProblemCatalogue, status: number): ReadonlyArray<string> | null =>
  catalogue.otherTag.status === status
    ? null
    : Object.entries(catalogue.byTag)
        .filter(([, mapping]) => mapping.status === status)
        .map(([tag]) => tag)
        .sort();
