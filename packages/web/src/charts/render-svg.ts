/**
 * @module Vega renders a Vega-Lite spec to SVG on the server (no browser, no client script); each distinct
 * spec is rendered once and kept, so a page shown again costs a lookup.
 */
import { parse, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

const cache = new Map<string, Promise<string>>();
const LIMIT = 256;

const escapeAttr = (text: string): string =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

/** Vega puts a spec's `description` on a DOM container only; headless, the SVG would carry no name of its own. */
const named = (svg: string, description: unknown): string =>
  typeof description === "string" && description !== ""
    ? svg.replace(/^<svg /, () => `<svg role="img" aria-label="${escapeAttr(description)}" `)
    : svg;

/**
 * @example const svg = await renderSvg(statusBars(rows, opts).spec) // "<svg …>…</svg>"
 */
export const renderSvg = (spec: TopLevelSpec): Promise<string> => {
  const key = JSON.stringify(spec);
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const rendered = (async () => {
    const view = new View(parse(compile(spec).spec), { renderer: "none" });
    try {
      return named(await view.toSVG(), spec.description);
    } finally {
      view.finalize();
    }
  })();
  cache.set(key, rendered);
  rendered.catch(() => cache.delete(key));
  if (cache.size > LIMIT) {
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  return rendered;
};
