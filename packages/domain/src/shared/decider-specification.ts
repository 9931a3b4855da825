/**
 * @module Given/when/then for deciders (after Emmett's DeciderSpecification). Test-only: it asserts
 * with vitest, so it is not exported from the package index.
 */
import { Either } from "effect";
import { expect } from "vitest";
import { type Decider, fold } from "./decider.js";

const plain = (error: unknown): unknown =>
  typeof error === "object" && error !== null ? { _tag: (error as { _tag?: unknown })._tag, ...error } : error;

/**
 * @example
 * const spec = DeciderSpecification.for(planDecider);
 * spec.given([adopted]).when(new ClosePlan({ ... })).thenEmits([new PlanClosed({ reason: "виконано" })]);
 * spec.given([]).when(new ClosePlan({ ... })).thenFails(new UnknownPlan({ planId }));
 */
export const DeciderSpecification = {
  for: <C, E, S, Err>(decider: Decider<C, E, S, Err>) => ({
    given: (events: ReadonlyArray<E>) => ({
      when: (command: C) => {
        const result = decider.decide(command, fold(decider, events));
        return {
          /** Expects exactly these events, and that they fold into a state without throwing. */
          thenEmits: (expected: ReadonlyArray<E>): S => {
            if (Either.isLeft(result)) expect.fail(`expected events, got error ${JSON.stringify(plain(result.left))}`);
            expect(result.right).toEqual(expected);
            return fold(decider, [...events, ...result.right]);
          },
          /** Expects this domain error (same tag and fields). */
          thenFails: (expected: Err): void => {
            if (Either.isRight(result)) expect.fail(`expected an error, got events ${JSON.stringify(result.right)}`);
            expect(plain(result.left)).toEqual(plain(expected));
          },
        };
      },
    }),
  }),
};
