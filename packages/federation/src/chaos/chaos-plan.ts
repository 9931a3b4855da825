/**
 * @module The small plan each node of the kill campaign adopts (interchange JSON): three measures with targets,
 * and a period of 26 years, so that a node's reporters have 104 quarters to draft, fill and submit.
 */

export const PLAN_YEARS = { from: 2001, to: 2026 } as const;

export const MEASURE_UNITS = ["осіб", "сімей", "заходів"] as const;

const measure = (ordinal: number, title: string) => ({
  label: `${ordinal}.`,
  ordinal,
  title,
  term: { kind: "deadline", text: `до 31.12.${PLAN_YEARS.to}`, date: `${PLAN_YEARS.to}-12-31`, precision: "day" },
  executors: [{ name: "Управління соціального захисту населення", byConsent: false }],
  indicator: { text: title, targets: [{ value: 100 * ordinal, unit: MEASURE_UNITS[ordinal - 1] ?? "осіб" }] },
  budget: [],
});

/**
 * @example
 * await nodeCall(node, "POST", "/api/v1/plans", chaosPlan("novopskovskyi", "Новопсковська РДА", "41"));
 */
export const chaosPlan = (nodeId: string, issuer: string, orderNumber: string) => ({
  plan: {
    title: `План заходів щодо соціального захисту населення (${nodeId}) на ${PLAN_YEARS.from}–${PLAN_YEARS.to} роки`,
    issuer,
    order: { number: orderNumber, date: `${PLAN_YEARS.from - 1}-12-15` },
    period: { from: PLAN_YEARS.from, to: PLAN_YEARS.to },
  },
  sections: [
    {
      label: "1.",
      title: "Соціальна підтримка",
      tasks: [
        {
          label: "1.1.",
          title: "Надання соціальних послуг",
          measures: [
            measure(1, "Надання соціальних послуг особам похилого віку"),
            measure(2, "Супровід сімей у складних життєвих обставинах"),
            measure(3, "Проведення інформаційних заходів"),
          ],
        },
      ],
    },
  ],
  anomalies: [],
});

/** Every quarter of the plan's period, oldest first. */
export const planQuarters = (): ReadonlyArray<{ readonly year: number; readonly quarter: 1 | 2 | 3 | 4 }> =>
  Array.from({ length: PLAN_YEARS.to - PLAN_YEARS.from + 1 }, (_, i) => PLAN_YEARS.from + i).flatMap((year) =>
    ([1, 2, 3, 4] as const).map((quarter) => ({ year, quarter })),
  );
