/**
 * @module The events both sync benchmarks write into the district: quarterly progress entries.
 */

/** A quarterly progress entry of the size the demo files (~0.4 KB of canonical JSON, mostly Cyrillic). */
export const progress = (i: number) => ({
  type: "ProgressRecorded",
  data: {
    reportId: `novopskovskyi.328.2019-10-16.${2019 + (i % 8)}-q${(i % 4) + 1}`,
    measureId: `novopskovskyi.328.2019-10-16.s2.t4.m${(i % 13) + 1}`,
    status: i % 5 === 0 ? "done" : "inProgress",
    actuals: [{ value: i % 97, unit: "сімей" }],
    spent: [{ source: "місцевий бюджет", amount: (i % 1000) / 10 }],
    narrative: "Захід виконується відповідно до плану; надано послуги сім'ям у складних життєвих обставинах.",
  },
});
