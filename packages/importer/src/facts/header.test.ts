/** @module Tests of the document facts read from a preamble: the plan's heading under the approval stamp. */
import { describe, expect, it } from "vitest";
import { Anomalies } from "./anomalies.js";
import { readHeader } from "./header.js";

const lines = (texts: ReadonlyArray<string>) => texts.map((text, i) => ({ text, line: i + 1 }));

describe("readHeader: the plan's heading under the approval stamp (held-out-8)", () => {
  const stamp = ["КАБІНЕТ МІНІСТРІВ УКРАЇНИ", "ПОСТАНОВА", "від 18 лютого 2026 р. № 164", "Київ", "ЗАТВЕРДЖЕНО", "постановою Кабінету Міністрів України", "від 18 лютого 2026 р. № 164"];

  it("skips an annex's caption «Додаток 2» / «до Програми» under the stamp: the heading is the plan's own", () => {
    const header = readHeader(lines([...stamp, "Додаток 2", "до Програми", "ЗАВДАННЯ І ЗАХОДИ", "з виконання Державної цільової програми на 2026—2028 роки"]), new Anomalies());
    expect(header.title).toBe("Завдання і заходи з виконання Державної цільової програми на 2026—2028 роки");
    expect(header.period).toEqual({ from: 2026, to: 2028 });
  });

  it("keeps a heading that follows the stamp directly", () => {
    const header = readHeader(lines([...stamp, "ПЛАН ЗАХОДІВ", "з протидії торгівлі людьми на 2026 рік"]), new Anomalies());
    expect(header.title).toBe("План заходів з протидії торгівлі людьми на 2026 рік");
  });
});
