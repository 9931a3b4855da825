/**
 * The API fuzzer's bounded run in CI: generated requests from the OpenAPI document against a real node process,
 * with and without credentials — 0 answers 5xx, 0 answers the document does not describe, 0 hangs. `pnpm fuzz`
 * is the long run (docs/operations.md, "Fuzzer").
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatCounts, fuzzNode, machine } from "./runner.js";

const dir = mkdtempSync(join(tmpdir(), "planledger-fuzz-ci-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the API fuzzer (bounded)", () => {
  it("answers 1,500 generated requests with no 5xx, nothing undocumented and no hang", async () => {
    const seed = process.env.FUZZ_SEED;
    const result = await fuzzNode({ runs: 1_500, dir, ...(seed === undefined || seed === "" ? {} : { seed: Number(seed) }) });
    console.log(`${formatCounts(result)}\nmachine: ${machine()}${result.failure === null ? "" : `\nFAILED — minimal request:\n${result.failure}`}`);
    expect(result.failure).toBeNull();
    expect({ serverErrors: result.serverErrors, undocumented: result.undocumented, hangs: result.hangs, dropped: result.dropped }).toEqual({
      serverErrors: 0,
      undocumented: 0,
      hangs: 0,
      dropped: 0,
    });
    expect(result.requests).toBeGreaterThanOrEqual(1_500);
  }, 180_000);
});
