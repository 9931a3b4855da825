/**
 * @module A node in memory for route tests: in-memory log and projections, one token per role.
 */
import { readFileSync } from "node:fs";
import { EventStore, toReplica } from "@planledger/event-store";
import { Projections } from "@planledger/projections";
import { Effect, Layer, ManagedRuntime } from "effect";
import { createApp } from "../app.js";
import type { Role } from "../auth/role.js";
import { inMemoryAccountBackend, makeAccountStore } from "../auth/account-store.js";
import { inMemoryTokenBackend, makeTokenStore, newToken } from "../auth/token-store.js";
import type { NodeLevel } from "../node-config.js";
import { runEffect } from "../http/run-effect.js";
import { parsePlanText } from "../parse-plan-text.js";
import { currentViews } from "../views/current-views.js";
import { logClock, withLogClock } from "../views/log-clock.js";
import { checkedApp } from "./openapi-check.js";

const fixtures = new URL("../../../../fixtures/plans/", import.meta.url);

/** A seed document's text: `000` № 852, `001` Volyn 2024–2028, `002` № 328, `003` № 1003. */
export const seedText = (prefix: "000" | "001" | "002" | "003"): string => {
  const names: Record<typeof prefix, string> = {
    "000": "000_9d8a7f6d078db2f4.txt",
    "001": "001_ff054dd0dbb46d17.txt",
    "002": "002_d9322476a2055758.txt",
    "003": "003_b52cafefab6c56ab.txt",
  };
  return readFileSync(new URL(names[prefix], fixtures), "utf8");
};

/**
 * @example
 * const node = testNode("luhanska"); await node.app.request("/health")
 */
export const testNode = (
  nodeId = "luhanska",
  options: { readonly level?: NodeLevel; readonly maxBodyBytes?: number; readonly lastSync?: () => string | null } = {},
) => {
  const clock = logClock();
  const runtime = ManagedRuntime.make(Layer.provideMerge(Projections.inMemory(), withLogClock(EventStore.inMemory({ nodeId }), clock)));
  const roles: ReadonlyArray<Role> = ["admin", "editor", "reporter", "viewer", "auditor"];
  // Made before the store, so that a test node is ready without awaiting (issuing is asynchronous).
  const issued = roles.map((role) => newToken(nodeId, `${role}-1`, role, new Date()));
  const tokens = makeTokenStore(nodeId, inMemoryTokenBackend(issued.map((i) => i.record)));
  const accounts = makeAccountStore(nodeId, inMemoryAccountBackend());
  const token = Object.fromEntries(issued.map((i) => [i.record.role, i.token])) as Record<Role, string>;
  // Shared with the app as on a real node, so `cachedViewListener` can be tested over this node.
  const views = currentViews({ run: (effect) => runEffect(runtime, effect), logClock: clock });
  // Every answer `app.request` gives is checked against the OpenAPI document: a route test fails on one it does not describe.
  const app = checkedApp(createApp({
    identity: { nodeId, level: options.level ?? "oblast", displayName: `Вузол ${nodeId}`, parentUrl: null },
    runtime,
    tokens,
    parsePlanText,
    logClock: clock,
    views,
    accounts,
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    ...(options.lastSync === undefined ? {} : { lastSync: options.lastSync }),
  }));
  /** Every event in the log, as (stream, version, type): what "the log holds the same events" compares. */
  const log = () =>
    runtime.runPromise(
      Effect.flatMap(EventStore, (s) => s.readAll({ limit: 1_000_000 })).pipe(
        Effect.map((events) => events.map((e) => `${e.stream}#${e.streamVersion}:${e.type}`)),
      ),
    );
  const store = () => runtime.runPromise(EventStore);
  const auth = (role: Role, headers: Record<string, string> = {}) => ({ authorization: `Bearer ${token[role]}`, ...headers });
  return { app, runtime, tokens, token, auth, log, store, views, clock, accounts };
};

export type TestNode = ReturnType<typeof testNode>;

/** Sends JSON (or a string, or a file's bytes as they are) with a role's token; `ifMatch` adds the header. */
export const send = (
  node: TestNode,
  method: string,
  path: string,
  options: { readonly role?: Role; readonly body?: unknown; readonly ifMatch?: string | number; readonly headers?: Record<string, string> } = {},
) => {
  const headers: Record<string, string> = { ...(options.role ? node.auth(options.role) : {}), ...options.headers };
  if (options.body !== undefined) headers["content-type"] ??= "application/json";
  if (options.ifMatch !== undefined) headers["if-match"] = typeof options.ifMatch === "number" ? `"${options.ifMatch}"` : options.ifMatch;
  return node.app.request(path, {
    method,
    headers,
    ...(options.body === undefined
      ? {}
      : { body: typeof options.body === "string" || options.body instanceof Uint8Array ? options.body : JSON.stringify(options.body) }),
  });
};

/** Adopts a seed document on `node` as its editor; returns the plan id and stream version. */
export const adoptSeed = async (node: TestNode, prefix: "000" | "001" | "002" | "003") => {
  const res = await send(node, "POST", "/api/v1/plans", {
    role: "editor",
    body: seedText(prefix),
    headers: { "content-type": "text/plain; charset=utf-8" },
  });
  if (res.status !== 201) throw new Error(`adopt ${prefix}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { planId: string; version: number };
  return body;
};

/** Copies every event of `from`'s own log into `to`, as federation will: verbatim, chain-checked. */
export const replicate = async (from: TestNode, to: TestNode) => {
  const source = await from.store();
  const target = await to.store();
  const events = await Effect.runPromise(source.readAll({ origin: source.nodeId, limit: 1_000_000 }));
  await Effect.runPromise(target.appendReplicated(events.map(toReplica)));
};
