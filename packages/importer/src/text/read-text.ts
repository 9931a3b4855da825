/**
 * @module Bytes as a text document: UTF-8, not empty, not binary. The first check every text input passes.
 */
import { Either } from "effect";
import { UnreadableDocument } from "../errors.js";

const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * Decodes bytes as a UTF-8 text document, refusing empty and binary input.
 *
 * @example readText(new Uint8Array([0, 1, 2])) // Left(UnreadableDocument)
 */
export const readText = (bytes: Uint8Array): Either.Either<string, UnreadableDocument> => {
  if (bytes.length === 0) return Either.left(new UnreadableDocument({ reason: "порожній файл / empty file" }));
  if (bytes.includes(0)) return Either.left(new UnreadableDocument({ reason: "двійковий файл, не текст / binary file, not text" }));
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return Either.left(new UnreadableDocument({ reason: "не текст UTF-8 / not UTF-8 text" }));
  }
  if (text.trim() === "") return Either.left(new UnreadableDocument({ reason: "файл без тексту / file has no text" }));
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // Tabs, newlines and carriage returns are text; other C0 controls and DEL are what binary files are made of.
    if ((code < 32 && code !== 9 && code !== 10 && code !== 13 && code !== 12) || code === 127) controls++;
  }
  if (controls > text.length / 100) return Either.left(new UnreadableDocument({ reason: "двійковий файл, не текст / binary file, not text" }));
  return Either.right(text.replace(/^\uFEFF/, ""));
};

