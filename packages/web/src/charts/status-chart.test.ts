import { describe, expect, it } from "vitest";
import { STATUS_ORDER, statusLabel } from "../components/labels.js";
import { renderSvg } from "./render-svg.js";
import { STATUS_COLOURS, type StatusCount, statusBars } from "./status-chart.js";

/** The parts of the spec a status chart is made of, typed loosely: the spec is data, read as data. */
interface BarsSpec {
  readonly description: string;
  readonly data: { readonly values: ReadonlyArray<{ group: string; status: string; order: number; count: number }> };
  readonly encoding: {
    readonly y: { readonly field: string; readonly title: string; readonly sort: unknown };
    readonly x: { readonly field: string; readonly stack: string };
    readonly color: { readonly field: string; readonly scale: { readonly domain: string[]; readonly range: string[] } };
    readonly order: { readonly field: string };
  };
}
const specOf = (rows: ReadonlyArray<StatusCount>, lang: "uk" | "en" = "uk", sortGroups?: boolean) => {
  const chart = statusBars(rows, { lang, title: lang === "uk" ? "За розділами" : "By section", axis: lang === "uk" ? "Розділ" : "Section", sortGroups });
  return { spec: chart.spec as unknown as BarsSpec, summary: chart.summary, chart };
};

// Listed out of reading order on purpose, with a zero count that must not reach the chart.
const rows: ReadonlyArray<StatusCount> = [
  { group: "II", status: "overdue", count: 1 },
  { group: "I", status: "inProgress", count: 2 },
  { group: "I", status: "done", count: 3 },
  { group: "II", status: "done", count: 4 },
  { group: "II", status: "cancelled", count: 0 },
];

describe("statusBars", () => {
  it("given counts by group, draws one horizontal stacked bar per group with a segment per status", () => {
    const { spec } = specOf(rows);
    expect(spec.encoding.y.field).toBe("group");
    expect(spec.encoding.y.title).toBe("Розділ");
    expect(spec.encoding.x).toMatchObject({ field: "count", stack: "zero" });
    expect(spec.encoding.color.field).toBe("status");
    expect(spec.data.values).toEqual([
      { group: "II", status: "прострочено", order: STATUS_ORDER.indexOf("overdue"), count: 1 },
      { group: "I", status: "виконується", order: STATUS_ORDER.indexOf("inProgress"), count: 2 },
      { group: "I", status: "виконано", order: STATUS_ORDER.indexOf("done"), count: 3 },
      { group: "II", status: "виконано", order: STATUS_ORDER.indexOf("done"), count: 4 },
    ]);
  });

  it("names in its colour scale only the statuses present, in reading order, each in the badges' colour", () => {
    const { spec } = specOf(rows);
    expect(spec.encoding.color.scale.domain).toEqual(["виконано", "виконується", "прострочено"]);
    expect(spec.encoding.color.scale.range).toEqual([STATUS_COLOURS.done, STATUS_COLOURS.inProgress, STATUS_COLOURS.overdue]);
    expect(spec.encoding.color.scale.domain).not.toContain(statusLabel("cancelled", "uk"));
  });

  it("stacks segments in reading order, whatever the order of the rows", () => {
    const { spec } = specOf(rows);
    expect(spec.encoding.order.field).toBe("order");
    const orderOf = (status: string) => spec.data.values.find((v) => v.status === status)?.order;
    expect(orderOf("виконано")).toBeLessThan(orderOf("виконується") ?? -1);
    expect(orderOf("виконується")).toBeLessThan(orderOf("прострочено") ?? -1);
  });

  it("given an English reader, labels the statuses in English", () => {
    const { spec, summary } = specOf(rows, "en");
    expect(spec.encoding.color.scale.domain).toEqual(["done", "in progress", "overdue"]);
    expect(summary).toBe("II: done 4, overdue 1; I: done 3, in progress 2");
  });

  it("sums up each group in one sentence, statuses in reading order, and puts it in the spec's description", () => {
    const { spec, summary } = specOf(rows);
    expect(summary).toBe("II: виконано 4, прострочено 1; I: виконано 3, виконується 2");
    expect(spec.description).toBe(`За розділами. ${summary}`);
  });

  it("given a group with nothing counted, says so with a dash", () => {
    const { summary } = specOf([
      { group: "I", status: "done", count: 1 },
      { group: "III", status: "notDone", count: 0 },
    ]);
    expect(summary).toBe("I: виконано 1; III: —");
  });

  it("sorts groups alphabetically unless asked to keep them in the order given", () => {
    expect(specOf(rows).spec.encoding.y.sort).toBe("ascending");
    expect(specOf(rows, "uk", false).spec.encoding.y.sort).toEqual(["II", "I"]);
  });
});

describe("renderSvg", () => {
  it("renders a status chart on the server as SVG named by its description, with markup in labels escaped", async () => {
    const { chart } = specOf([...rows, { group: "<script>alert(1)</script>", status: "notDone", count: 1 }]);
    const svg = await renderSvg(chart.spec);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain('role="img"');
    const label = /^<svg [^>]*aria-label="([^"]*)"/.exec(svg)?.[1];
    expect(label).toContain("За розділами. II: виконано 4, прострочено 1");
    expect(label).toContain("&lt;script&gt;alert(1)&lt;/script&gt;: не виконано 1");
    expect(svg).not.toContain("<script");
    expect(svg).toContain(`fill="${STATUS_COLOURS.done}"`);
    expect(svg).toContain(`fill="${STATUS_COLOURS.notDone}"`);
    // Rendered once: the same spec again is the kept rendering, not a new one.
    expect(renderSvg(chart.spec)).toBe(renderSvg(structuredClone(chart.spec)));
  });
});
