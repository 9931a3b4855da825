/**
 * @module Merkle proofs anyone may ask a node for (issue #16): an event's inclusion in its origin's tree, the
 * consistency of two sizes of a tree, and this node's own signed C2SP checkpoint (with the cosignature lines its
 * parent and other witnesses gave for it, when federation keeps any). They reveal no event's content:
 * a leaf names the origin, seq, id and chained hash only. Read-only and public, as the plans are.
 */
import { EventStore, type TlogCheckpointNote, type TreeSizeError } from "@planledger/event-store";
import { Effect, Either, Schema as S } from "effect";
import { Hono } from "hono";
import type { ConsistencyProofBody, InclusionProofBody, TlogCheckpointBody } from "../api/response-bodies.js";
import type { AuthEnv } from "../auth/authorize.js";
import { InvalidInput, ResourceNotFound } from "../http/http.errors.js";
import { decodeInput } from "../http/read-json.js";
import type { NodeContext } from "../node-context.js";

const Size = S.NumberFromString.pipe(S.int(), S.positive());
export const InclusionQuery = S.Struct({
  event: S.String.pipe(S.minLength(1)).annotations({ description: "the event's id" }),
  treeSize: S.optional(Size.annotations({ description: "the tree size to prove against (default: every event of the origin held here)" })),
});
export const ConsistencyQuery = S.Struct({
  origin: S.String.pipe(S.minLength(1)),
  from: Size.annotations({ description: "the earlier tree size (≥ 1)" }),
  to: Size.annotations({ description: "the later tree size (≤ the events of the origin held here)" }),
});
export const CheckpointQuery = S.Struct({
  size: S.optional(Size.annotations({ description: "the tree size (default: this node's own log as it is now)" })),
});

/** A size this tree cannot answer for, as a 400 naming the parameter. */
const sizeRefused = (error: TreeSizeError, field: string) => new InvalidInput({ message: error.message, issues: [{ path: field, message: error.reason }] });

/**
 * @example
 * app.route("/api/v1", proofRoutes(ctx)) // GET /api/v1/proof/inclusion?event=…
 */
export const proofRoutes = (ctx: NodeContext) => {
  const routes = new Hono<AuthEnv>();
  const run = ctx.run;
  /** The checkpoint with the cosignature lines (parent, witnesses) kept for it, when federation keeps any. */
  const cosigned = (cp: TlogCheckpointNote): Effect.Effect<TlogCheckpointNote> =>
    ctx.cosignedNote === undefined
      ? Effect.succeed(cp)
      : Effect.map(ctx.cosignedNote(ctx.identity.nodeId, cp.treeSize, cp.root, cp.note), (note) => ({ ...cp, note }));
  /** This node's signed checkpoint at `size` when `origin` is its own log; null otherwise. */
  const ownCheckpoint = (origin: string, size: number) =>
    origin === ctx.identity.nodeId ? Effect.flatMap(Effect.flatMap(EventStore, (store) => store.tlogCheckpoint(size)), cosigned) : Effect.succeed(null);

  routes.get("/proof/inclusion", async (c) => {
    const { event, treeSize } = decodeInput(InclusionQuery, c.req.query());
    const outcome = await run(
      Effect.either(
        Effect.gen(function* () {
          const proof = yield* (yield* EventStore).inclusionProof(event, treeSize);
          return { proof, checkpoint: yield* ownCheckpoint(proof.origin, proof.treeSize) };
        }),
      ),
    );
    if (Either.isLeft(outcome)) {
      if (outcome.left._tag === "UnknownEventError") throw new ResourceNotFound({ resource: "event", id: event });
      throw sizeRefused(outcome.left, "treeSize");
    }
    const { proof, checkpoint } = outcome.right;
    return c.json({
      origin: proof.origin,
      entry: proof.entry.toString("base64"),
      leafIndex: proof.leafIndex,
      treeSize: proof.treeSize,
      proof: [...proof.proof],
      root: proof.root,
      checkpoint,
    } satisfies typeof InclusionProofBody.Type);
  });

  routes.get("/proof/consistency", async (c) => {
    const { origin, from, to } = decodeInput(ConsistencyQuery, c.req.query());
    const outcome = await run(
      Effect.either(
        Effect.gen(function* () {
          const proof = yield* (yield* EventStore).consistencyProof(origin, from, to);
          return { proof, fromCheckpoint: yield* ownCheckpoint(origin, from), toCheckpoint: yield* ownCheckpoint(origin, to) };
        }),
      ),
    );
    if (Either.isLeft(outcome)) {
      if (outcome.left.treeSize === 0) throw new ResourceNotFound({ resource: "origin", id: origin });
      throw sizeRefused(outcome.left, from > outcome.left.treeSize ? "from" : "to");
    }
    const { proof, fromCheckpoint, toCheckpoint } = outcome.right;
    return c.json({ ...proof, proof: [...proof.proof], fromCheckpoint, toCheckpoint } satisfies typeof ConsistencyProofBody.Type);
  });

  routes.get("/checkpoint", async (c) => {
    const { size } = decodeInput(CheckpointQuery, c.req.query());
    const outcome = await run(Effect.either(Effect.flatMap(EventStore, (store) => store.tlogCheckpoint(size))));
    if (Either.isLeft(outcome)) throw sizeRefused(outcome.left, "size");
    return c.json((await run(cosigned(outcome.right))) satisfies typeof TlogCheckpointBody.Type);
  });

  return routes;
};
