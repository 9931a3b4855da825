/**
 * @module The steps every layout ends with: document facts from the preamble, the issuer-spelling check,
 * the cut-off report, and the builder's finish.
 */
import { where } from "../facts/anomalies.js";
import { readHeader } from "../facts/header.js";
import { checkIssuerSpelling } from "../facts/issuer-spelling.js";
import type { FinishOptions, PlanBuilder } from "../plan-builder.js";
import type { LayoutResult } from "./layout.js";
import type { Source, SourceLine } from "./source.js";

/**
 * Completes a layout's reading into a result; a table without a single measure is not a plan.
 *
 * @example finishLayout(builder, source, preamble, null, {})
 */
export const finishLayout = (
  builder: PlanBuilder,
  source: Source,
  preamble: ReadonlyArray<SourceLine>,
  cut: SourceLine | null,
  options: FinishOptions,
  tablePeriod?: { from: number; to: number },
): LayoutResult => {
  if (!builder.hasMeasures()) return { ok: false, reason: "таблиця без жодного заходу / a table without any measure" };
  const header = readHeader(preamble, builder.anomalies, tablePeriod);
  checkIssuerSpelling(header.issuer, source.lines.map((l) => l.text), builder.anomalies);
  if (cut !== null) {
    builder.anomalies.add(
      "truncated",
      where(builder.here(""), cut.line),
      `Документ обірвано посеред рядка: «${cut.text.replace(/\t/g, " | ").slice(0, 80)}»; прочитано лише цілі рядки / the document is cut in the middle of this row; only whole rows were read`,
    );
  }
  return { ok: true, document: builder.finish(header, options) };
};
