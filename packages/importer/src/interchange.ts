/**
 * @module The interchange JSON itself as input: decoded with the domain schema; an error names the path.
 */
import { PlanDocument } from "@planledger/domain";
import { Either, ParseResult, Schema as S } from "effect";
import { InvalidInterchange } from "./errors.js";

const decode = S.decodeUnknownEither(PlanDocument);

const pathOf = (issue: ParseResult.ArrayFormatterIssue): string =>
  issue.path.length === 0 ? "$" : `$${issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("")}`;

/**
 * Decodes a value as a `PlanDocument`.
 *
 * @example decodeInterchange({ plan: {} }) // Left(InvalidInterchange { path: "$.plan.title", … })
 */
export const decodeInterchange = (value: unknown): Either.Either<PlanDocument, InvalidInterchange> =>
  Either.mapLeft(decode(value, { errors: "first" }), (error) => {
    const first = ParseResult.ArrayFormatter.formatErrorSync(error)[0];
    return new InvalidInterchange({
      path: first === undefined ? "$" : pathOf(first),
      reason: first === undefined ? "не відповідає схемі / does not fit the schema" : `${first.message} / не відповідає схемі`,
    });
  });

/**
 * Parses JSON text as a `PlanDocument`.
 *
 * @example parseInterchangeJson("{") // Left(InvalidInterchange { path: "$", … })
 */
export const parseInterchangeJson = (text: string): Either.Either<PlanDocument, InvalidInterchange> => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    return Either.left(new InvalidInterchange({ path: "$", reason: `некоректний JSON / invalid JSON: ${cause instanceof Error ? cause.message : String(cause)}` }));
  }
  return decodeInterchange(value);
};
