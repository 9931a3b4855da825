/**
 * @module A corpus document as the text a person gets by copying a plan from a zakon.rada.gov.ua page: every
 * paragraph on its own line, every table cell its own paragraph (a cell of several paragraphs gives several
 * lines), empty and merged-away cells give nothing, so the rows are gone and only the order of cells is left.
 * A row marked `tabs` is the part of a page that is a real HTML table, copied as a browser copies a table row: its
 * cells on one line separated by tabs (an empty cell an empty field, a merged-away cell nothing), a cell of several
 * paragraphs breaking the line where its paragraphs break.
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
      if (r.tabs === true) {
        const fields = r.cells.filter((c) => !c.continuesAbove).map((c) => c.paragraphs.map((p) => p.trim()).join("\n"));
        lines.push(fields.join("\t"));
        continue;
      }
      for (const c of r.cells) {
        if (c.continuesAbove) continue;
        for (const p of c.paragraphs) if (p.trim() !== "") lines.push(p.trim());
      }
    }
  }
  return `${lines.join("\n")}\n`;
};
