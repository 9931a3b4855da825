/**
 * @module A document's text as lines with 1-based numbers; every layout reads from it.
 */

/** One printed line. */
export interface SourceLine {
  readonly text: string;
  readonly line: number;
}

/** The document split into lines; `cutAtEnd` is true when the file stops in the middle of a line. */
export interface Source {
  readonly lines: ReadonlyArray<SourceLine>;
  readonly cutAtEnd: boolean;
}

/**
 * Splits a document into numbered lines (CRLF or LF).
 *
 * @example toSource("a\nb").lines[1] // { text: "b", line: 2 }
 */
export const toSource = (text: string): Source => {
  const raw = text.replace(/\r\n?/g, "\n").split("\n");
  const endsWithNewline = text.endsWith("\n");
  if (endsWithNewline) raw.pop();
  // A file without a final newline is cut only if its last line has text: "…7266\n " is whole.
  const cutAtEnd = !endsWithNewline && (raw[raw.length - 1] ?? "").trim() !== "";
  return { lines: raw.map((t, i) => ({ text: t, line: i + 1 })), cutAtEnd };
};
