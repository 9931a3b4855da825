/**
 * @module Bearer-token authentication and per-route permission checks.
 */
import type { Context, MiddlewareHandler } from "hono";
import { Forbidden, Unauthenticated } from "../http/http.errors.js";
import { allows, type Permission } from "./role.js";
import type { Principal, TokenStore } from "./token-store.js";

export interface AuthEnv {
  Variables: { principal: Principal };
}

const bearerOf = (c: Context): string | undefined => {
  const header = c.req.header("authorization");
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
};

/**
 * Middleware: the caller must present a valid token of this node whose role grants `permission`;
 * the principal is then `c.var.principal`.
 *
 * @example
 * app.post("/api/v1/plans", authorize(tokens, "plan:write"), handler)
 */
export const authorize =
  (tokens: TokenStore, permission: Permission): MiddlewareHandler<AuthEnv> =>
  async (c, next) => {
    const token = bearerOf(c);
    if (token === undefined) {
      throw new Unauthenticated({ message: "потрібен заголовок Authorization: Bearer <токен> / missing bearer token" });
    }
    const verdict = await tokens.verify(token);
    if ("refused" in verdict) throw new Unauthenticated({ message: verdict.refused });
    if (!allows(verdict.role, permission)) {
      throw new Forbidden({
        message: `роль «${verdict.role}» не дозволяє ${permission} / role "${verdict.role}" does not grant ${permission}`,
      });
    }
    c.set("principal", verdict);
    await next();
  };
