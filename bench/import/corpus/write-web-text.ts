/**
 * @module A corpus document as the text a person gets by copying a plan from a zakon.rada.gov.ua page: every
 * paragraph on its own line, every table cell its own paragraph (a cell of several paragraphs gives several
 * lines), empty and merged-away cells give nothing, so the rows are gone and only the order of cells is left.
 */
import type { CorpusDocument } from "./corpus-table.js";

/**
 * Writes the document as copied web text.
 *
 * @example writeFileSync("plan.txt", toWebText(doc))
 */
export const toWebText = (doc: CorpusDocument): string => {
  const lines: string[] = [];
  for (const block of doc.blocks) {
    if (block.kind === "paragraph") {
      lines.push(block.text);
      continue;
    }
    for (const r of block.table.rows) {
      for (const c of r.cells) {
        if (c.continuesAbove) continue;
        for (const p of c.paragraphs) if (p.trim() !== "") lines.push(p.trim());
      }
    }
  }
  return `${lines.join("\n")}\n`;
};
