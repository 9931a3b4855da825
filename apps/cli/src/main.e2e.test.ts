/** `planledger` itself, run as a process: a verb it does not have is one line and exit 2, whatever the word. */
import { spawnSync } from "node:child_process";
import { repoRoot } from "@planledger/testing";
import { describe, expect, it } from "vitest";

const planledger = (args: ReadonlyArray<string>) => {
  const result = spawnSync(process.execPath, ["--import", "tsx", "apps/cli/src/main.ts", ...args], { cwd: repoRoot, encoding: "utf8" });
  return { code: result.status, err: result.stderr };
};

describe("planledger's verbs", () => {
  it("refuses an unknown verb by name with exit 2 — also a word every object answers to (toString, constructor)", () => {
    for (const verb of ["frobnicate", "toString", "constructor", "__proto__"]) {
      const { code, err } = planledger([verb]);
      expect([code, err], verb).toEqual([2, `planledger: невідома команда «${verb}» / unknown verb "${verb}"\n`]);
    }
  }, 60_000);
});
