/** @module Tests of reading a key of abbreviations («Умовні скорочення: …») printed with a plan. */
import { describe, expect, it } from "vitest";
import { abbreviationKey } from "./abbreviations.js";

describe("abbreviationKey", () => {
  it("reads a key printed as one paragraph, entries split by «;», the full wording capitalised", () => {
    const key = abbreviationKey(["ПЛАН ЗАХОДІВ", "Умовні скорочення: ВОЗ – відділ охорони здоров’я РДА; ЦПМСД – КНП «Центр первинної допомоги» районної ради; ВО – відділ освіти РДА."]);
    expect([...key]).toEqual([
      ["ВОЗ", "Відділ охорони здоров’я РДА"],
      ["ЦПМСД", "КНП «Центр первинної допомоги» районної ради"],
      ["ВО", "Відділ освіти РДА"],
    ]);
  });

  it("reads a key whose title stands alone, one entry a paragraph, up to the first paragraph that is none", () => {
    const key = abbreviationKey(["Перелік скорочень:", "ССД – служба у справах дітей;", "ЦНАП – центр надання адміністративних послуг.", "Секретар ради  Іван ПЕТРЕНКО"]);
    expect([...key.keys()]).toEqual(["ССД", "ЦНАП"]);
  });

  it("reads nothing where no key is printed, a dash in other paragraphs notwithstanding", () => {
    expect(abbreviationKey(["ЦНАП – центр надання адміністративних послуг", "План заходів на 2026 рік"]).size).toBe(0);
  });
});
