/**
 * @module Roles on a node and what each may do.
 */
import { Schema as S } from "effect";

/** admin: everything; editor: plan structure and reviews; reporter: progress; viewer: reads; auditor: reads and history. */
export const Role = S.Literal("admin", "editor", "reporter", "reviewer", "viewer", "auditor");
export type Role = typeof Role.Type;

export type Permission = "plan:write" | "report:write" | "review:write" | "read" | "history:read" | "token:manage";

const grants: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set(["plan:write", "report:write", "review:write", "read", "history:read", "token:manage"]),
  editor: new Set(["plan:write", "review:write", "read"]),
  reporter: new Set(["report:write", "read"]),
  reviewer: new Set(["review:write", "read"]),
  viewer: new Set(["read"]),
  auditor: new Set(["read", "history:read"]),
};

/**
 * @example
 * allows("viewer", "plan:write") // false
 */
export const allows = (role: Role, permission: Permission): boolean => grants[role].has(permission);
