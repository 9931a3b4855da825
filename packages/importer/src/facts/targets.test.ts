import { describe, expect, it } from "vitest";
import { readTargets } from "./targets.js";

describe("readTargets", () => {
  it("reads one target with its unit", () => {
    expect(readTargets("створення 115 прийомних сімей")).toEqual([{ value: 115, unit: "прийомних сімей" }]);
  });

  it("reads two targets and a number with a thousands space", () => {
    expect(readTargets("Заплановано проведення 20 свят для 40 000 осіб")).toEqual([
      { value: 20, unit: "свят" },
      { value: 40000, unit: "осіб" },
    ]);
  });

  it("skips years, resolution numbers and numbers without a unit; reads percentages", () => {
    expect(readTargets("резолюції Ради Безпеки ООН 1325 «Жінки, мир, безпека» на період до 2025 року")).toEqual([]);
    expect(readTargets("охоплення патронажним наглядом 100 % новонароджених")).toEqual([{ value: 100, unit: "%" }]);
  });
});
