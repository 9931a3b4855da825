/**
 * @module Runs an Effect from a Hono handler so that its typed failure reaches `onError` as the tagged error
 * itself (not wrapped), and defects stay 500s.
 */
import { Cause, Exit, type Effect, type ManagedRuntime, Option } from "effect";

/**
 * @example
 * const version = await runEffect(runtime, store.head())
 */
export const runEffect = async <A, E, R>(
  runtime: ManagedRuntime.ManagedRuntime<R, unknown>,
  effect: Effect.Effect<A, E, R>,
): Promise<A> => {
  const exit = await runtime.runPromiseExit(effect);
  if (Exit.isSuccess(exit)) return exit.value;
  const failure = Cause.failureOption(exit.cause);
  if (Option.isSome(failure)) throw failure.value;
  throw Cause.squash(exit.cause);
};
