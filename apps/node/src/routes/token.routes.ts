/**
 * @module Token administration: list, issue (the secret is shown once), revoke.
 */
import { Hono } from "hono";
import { IssueTokenBody } from "../api/request-bodies.js";
import type { IssuedTokenBody, RevokedTokenBody, TokenListBody } from "../api/response-bodies.js";
import { type AuthEnv, authorize } from "../auth/authorize.js";
import type { TokenStore } from "../auth/token-store.js";
import { ResourceNotFound } from "../http/http.errors.js";
import { readJson } from "../http/read-json.js";

/**
 * @example
 * app.route("/api/v1/tokens", tokenRoutes(tokens))
 */
export const tokenRoutes = (tokens: TokenStore) => {
  const routes = new Hono<AuthEnv>();
  const admin = authorize(tokens, "token:manage");

  routes.get("/", admin, async (c) => c.json({ tokens: await tokens.list() } satisfies typeof TokenListBody.Type));

  routes.post("/", admin, async (c) => {
    const body = await readJson(c, IssueTokenBody);
    const { token, record } = await tokens.issue(body.name, body.role);
    return c.json({ id: record.id, name: record.name, role: record.role, createdAt: record.createdAt, token } satisfies typeof IssuedTokenBody.Type, 201);
  });

  routes.delete("/:tokenId", admin, async (c) => {
    const tokenId = c.req.param("tokenId");
    if (!(await tokens.revoke(tokenId))) throw new ResourceNotFound({ resource: "token", id: tokenId });
    return c.json({ id: tokenId, revoked: true } satisfies typeof RevokedTokenBody.Type);
  });

  return routes;
};
