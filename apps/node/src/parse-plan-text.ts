/**
 * @module The importer's document parser, as the adopt route needs it: a document or a failure to throw.
 */
import type { PlanDocument } from "@planledger/domain";
import { parseText } from "@planledger/importer";
import { Either } from "effect";

/**
 * Parses a plan document in any seed layout (or interchange JSON sent as text); the importer's tagged
 * failure is thrown for `onError` to map.
 *
 * @example
 * parsePlanText(readFileSync("fixtures/plans/000_9d8a7f6d078db2f4.txt", "utf8")).plan.order.number // "852"
 */
export const parsePlanText = (text: string): PlanDocument => {
  const parsed = parseText(text);
  if (Either.isLeft(parsed)) throw parsed.left;
  return parsed.right.document;
};
