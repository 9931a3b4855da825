import { DEFAULT_LIMITS } from "@planledger/node";
import { Either, ParseResult } from "effect";
import { describe, expect, it } from "vitest";
import { configFrom } from "./serve.js";

describe("serve options", () => {
  it("takes flags over environment, and derives the db and token paths", () => {
    const resolved = configFrom(["--node", "luhanska", "--level", "oblast", "--port", "8701"], {
      PLANLEDGER_NODE: "volynska",
      PLANLEDGER_LEVEL: "district",
      PLANLEDGER_PARENT_URL: "http://127.0.0.1:8700",
    });
    expect(Either.getOrThrow(resolved)).toEqual({
      config: {
        nodeId: "luhanska",
        level: "oblast",
        displayName: "luhanska",
        parentUrl: "http://127.0.0.1:8700",
        dbPath: "data/luhanska.db",
        port: 8701,
        host: "127.0.0.1",
        limits: DEFAULT_LIMITS,
      },
      adminTokenFile: "data/luhanska.token",
    });
  });

  it("reads everything from the environment when no flags are given", () => {
    const resolved = configFrom([], {
      PLANLEDGER_NODE: "novopskovskyi",
      PLANLEDGER_LEVEL: "district",
      PLANLEDGER_DB: "/srv/pl/novopskovskyi.db",
      PLANLEDGER_PORT: "0",
      PLANLEDGER_HOST: "0.0.0.0",
    });
    expect(Either.getOrThrow(resolved)).toMatchObject({
      config: { nodeId: "novopskovskyi", dbPath: "/srv/pl/novopskovskyi.db", port: 0, host: "0.0.0.0" },
      adminTokenFile: "/srv/pl/novopskovskyi.token",
    });
  });

  it("refuses an unknown level, a bad node id and a non-numeric port, naming each", () => {
    const resolved = configFrom(["--node", "Luhanska ОДА", "--level", "region", "--port", "eighty"], {});
    if (Either.isRight(resolved)) throw new Error("expected invalid options");
    const paths = ParseResult.ArrayFormatter.formatErrorSync(resolved.left).map((i) => i.path.join("."));
    expect([...new Set(paths)].sort()).toEqual(["level", "nodeId", "port"]);
    expect(() => configFrom(["--colour", "red"], {})).toThrow();
  });

  it("reads the per-source limits from the environment, and refuses a bad one by name", () => {
    const node = ["--node", "luhanska", "--level", "oblast"];
    const resolved = configFrom(node, {
      PLANLEDGER_AUTH_FAILURES: "5",
      PLANLEDGER_AUTH_WINDOW_S: "60",
      PLANLEDGER_SYNC_MIN_INTERVAL_S: "0",
      PLANLEDGER_TRUSTED_PROXIES: "10.0.0.5, ::1",
    });
    expect(Either.getOrThrow(resolved).config.limits).toEqual({
      authFailures: 5,
      authWindowS: 60,
      syncMinIntervalS: 0,
      trustedProxies: ["10.0.0.5", "::1"],
      maxSources: DEFAULT_LIMITS.maxSources,
    });
    const bad = configFrom(node, { PLANLEDGER_AUTH_FAILURES: "many", PLANLEDGER_TRUSTED_PROXIES: "proxy.local" });
    if (Either.isRight(bad)) throw new Error("expected invalid limits");
    const paths = ParseResult.ArrayFormatter.formatErrorSync(bad.left).map((i) => i.path.join("."));
    expect([...new Set(paths)].sort()).toEqual(["limits.authFailures", "limits.trustedProxies.0"]);
  });
});
