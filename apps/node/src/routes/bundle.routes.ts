/**
 * @module The proof bundle of one plan's history for auditors (issue #16, docs/audit.md §9): every event of the
 * plan, its reports and their reviews with its leaf and inclusion proof, each log's signed checkpoint, the keys —
 * what `planledger-verify.mjs` checks offline. The same document as `planledger audit export`.
 */
import type { KeyObject } from "node:crypto";
import { EventStore, parseSinceSize, proofBundleOf, readNodeKey, type SinceSize } from "@planledger/event-store";
import { Effect, Either, Schema as S } from "effect";
import { Hono } from "hono";
import type { ProofBundleBody } from "../api/response-bodies.js";
import { type AuthEnv, authorize } from "../auth/authorize.js";
import { InvalidInput, ResourceNotFound } from "../http/http.errors.js";
import { decodeInput } from "../http/read-json.js";
import type { NodeContext } from "../node-context.js";

export const ProofBundleQuery = S.Struct({
  since: S.optional(
    S.String.pipe(S.minLength(1)).annotations({
      description: "tree sizes an auditor kept, to add consistency proofs from: `N` (the plan owner's log) or `ORIGIN:N`, comma-separated",
    }),
  ),
});

/**
 * @example
 * app.route("/api/v1", bundleRoutes(ctx)) // GET /api/v1/plans/luhanska.1003.2018-12-12/proof-bundle?since=42
 */
export const bundleRoutes = (ctx: NodeContext) => {
  const routes = new Hono<AuthEnv>();
  // The node's key, to cosign the tree heads of other origins' logs it holds; read once from the key file beside
  // the database (a node without one, as in tests, gives those tree heads uncosigned, with a note saying so).
  let cosigner: KeyObject | undefined | null = null;
  const cosignerKey = (publicKey: string): KeyObject | undefined => {
    if (cosigner !== null) return cosigner;
    cosigner = undefined;
    const keyPath = ctx.keyPath ?? (ctx.dbPath === undefined ? undefined : `${ctx.dbPath}.key`);
    if (keyPath !== undefined) {
      try {
        const key = readNodeKey(keyPath);
        if (key.publicKey === publicKey) cosigner = key.privateKey;
      } catch {
        // no key file: the tree heads go uncosigned
      }
    }
    return cosigner;
  };

  // The own log's note as the node serves it at GET /api/v1/checkpoint: with the witnesses' cosignature lines kept
  // for exactly that tree head (none for a head no witness has seen yet, or on a node without federation).
  const cosignedByWitnesses = (head: { origin: string; size: number; root: string; note: string }) =>
    Effect.map(ctx.cosignedCheckpoint?.(head.origin, head.size) ?? Effect.succeed(null), (kept) => ({
      note: kept !== null && kept.root === head.root ? kept.note : head.note,
      witnesses: [],
    }));

  routes.get("/plans/:planId/proof-bundle", authorize(ctx.tokens, "history:read"), async (c) => {
    const planId = c.req.param("planId");
    const { since } = decodeInput(ProofBundleQuery, c.req.query());
    const sizes: Array<SinceSize> = [];
    for (const part of since?.split(",") ?? []) {
      const parsed = parseSinceSize(part.trim());
      if (Either.isLeft(parsed)) throw new InvalidInput({ message: parsed.left, issues: [{ path: "since", message: parsed.left }] });
      sizes.push(parsed.right);
    }
    const outcome = await ctx.run(
      Effect.either(
        Effect.flatMap(EventStore, (store) => {
          const key = cosignerKey(store.publicKey);
          return proofBundleOf(
            store.reader,
            store.nodeId,
            planId,
            { ownCheckpoint: store.tlogCheckpoint, ...(key === undefined ? {} : { cosigner: key }), cosign: cosignedByWitnesses },
            { now: ctx.now(), since: sizes },
          );
        }),
      ),
    );
    if (Either.isLeft(outcome)) {
      if (outcome.left.reason === "plan") throw new ResourceNotFound({ resource: "plan", id: planId });
      if (outcome.left.reason === "database") throw new Error(outcome.left.message);
      throw new InvalidInput({ message: outcome.left.message, issues: [{ path: "since", message: outcome.left.message }] });
    }
    return c.json(outcome.right satisfies typeof ProofBundleBody.Type);
  });

  return routes;
};
