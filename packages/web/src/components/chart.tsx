/** @jsxRuntime automatic @jsxImportSource hono/jsx */
/**
 * @module A chart on a page: the SVG that vega rendered, named for screen readers, with its summary in words
 * (and, on every page that shows one, the table of the same figures beside it).
 */
import type { FC } from "hono/jsx";
import { raw } from "hono/html";

export const Chart: FC<{ svg: string; title: string; summary: string }> = ({ svg, title, summary }) => (
  <figure class="chart" aria-label={title}>
    <div aria-hidden="true">{raw(svg)}</div>
    <figcaption>
      <strong>{title}.</strong> {summary}
    </figcaption>
  </figure>
);
