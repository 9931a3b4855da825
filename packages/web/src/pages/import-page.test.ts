import { describe, expect, it } from "vitest";
import { readColumnChoice } from "./import-columns.js";
import { sideOf } from "../i18n/bilingual.js";

describe("import page helpers", () => {
  it("a bilingual reason is read in the reader's language", () => {
    expect(sideOf("двійковий файл, не текст / binary file, not text", "uk")).toBe("двійковий файл, не текст");
    expect(sideOf("двійковий файл, не текст / binary file, not text", "en")).toBe("binary file, not text");
    expect(sideOf("$.sections[0]: немає поля", "en")).toBe("$.sections[0]: немає поля");
  });

  it("a column assignment is read whole or refused with the column's number", () => {
    expect(readColumnChoice({ "field-0": "label", "field-1": "title", "field-2": "year", "year-2": "2025" }, 3)).toEqual({
      ok: true,
      columns: [
        { column: 0, field: "label" },
        { column: 1, field: "title" },
        { column: 2, field: "year", year: 2025 },
      ],
    });
    expect(readColumnChoice({ "field-0": "title", "field-1": "money" }, 2)).toEqual({ ok: false, column: 1, why: "field" });
    expect(readColumnChoice({ "field-0": "year", "year-0": "1812" }, 1)).toEqual({ ok: false, column: 0, why: "year" });
    expect(readColumnChoice({ "field-0": "year" }, 1)).toEqual({ ok: false, column: 0, why: "year" });
    // A column the form did not send is not read.
    expect(readColumnChoice({ "field-0": "title" }, 2)).toEqual({ ok: true, columns: [{ column: 0, field: "title" }, { column: 1, field: "ignore" }] });
  });
});
