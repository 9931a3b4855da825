/**
 * @module A person's column assignment written as one line, for the CLI (`parse --columns`) and the API
 * (`?columns=`): one entry per table column, in order — a field name, or a year for that year's money.
 */
import { Either } from "effect";
import type { ColumnAssignment, Field } from "./grid.js";

const FIELDS: ReadonlyArray<Field> = ["label", "task", "title", "executors", "term", "source", "total", "indicator", "ignore"];

/**
 * Reads "label,title,term,executors,2025,2026,indicator" (a bare year or `year:2025` is that year's money;
 * `-` or an empty entry is a column not read).
 *
 * @example readColumnList("label,title,2025") // Right([{ column: 0, field: "label" }, { column: 1, field: "title" }, { column: 2, field: "year", year: 2025 }])
 */
export const readColumnList = (text: string): Either.Either<ColumnAssignment, string> => {
  const entries = text.split(",").map((e) => e.trim());
  const out: Array<{ column: number; field: Field; year?: number }> = [];
  for (const [column, entry] of entries.entries()) {
    const year = /^(?:year:)?(\d{4})$/u.exec(entry);
    if (year !== null) {
      const value = Number(year[1]);
      if (value < 1991 || value > 2100) return Either.left(`колонка ${column + 1}: рік ${value} поза 1991–2100 / column ${column + 1}: year ${value} outside 1991–2100`);
      out.push({ column, field: "year", year: value });
    } else if (entry === "" || entry === "-") {
      out.push({ column, field: "ignore" });
    } else if ((FIELDS as ReadonlyArray<string>).includes(entry)) {
      out.push({ column, field: entry as Field });
    } else {
      return Either.left(
        `колонка ${column + 1}: невідоме поле «${entry}»; можливі ${FIELDS.join(", ")} або рік / column ${column + 1}: unknown field "${entry}"; use ${FIELDS.join(", ")} or a year`,
      );
    }
  }
  if (!out.some((c) => c.field === "title")) return Either.left("немає колонки title (назва заходу) / no title column (the measure's name)");
  return Either.right(out);
};
