import { afterEach, describe, expect, it, vi } from "vitest";
import { subcommandVerb } from "./subcommands.js";

afterEach(() => vi.restoreAllMocks());

describe("a verb of subcommands", () => {
  const run = subcommandVerb("db", { copy: async () => ({ run: async (args) => (args[0] === "--ok" ? 0 : 1) }) }, "docs/operations.md");

  it("hands the rest of the arguments to the subcommand asked for", async () => {
    expect(await run(["copy", "--ok"])).toBe(0);
    expect(await run(["copy"])).toBe(1);
  });

  it("refuses an unknown subcommand with exit 2 — also a name every object has, like toString", async () => {
    const said: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((text) => said.push(String(text)) > 0);
    expect(await run(["frob"])).toBe(2);
    expect(await run(["toString"])).toBe(2);
    expect(said.join("")).toContain("planledger db: невідома підкоманда «toString» / unknown subcommand \"toString\"");
  });

  it("prints its usage: exit 0 when asked, 2 when no subcommand was given", async () => {
    vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    expect(await run(["--help"])).toBe(0);
    expect(await run([])).toBe(2);
  });
});
