/**
 * @module `planledger export --db PATH --plan ID`: a plan as a node holds it (now or as of a moment) as the interchange
 * JSON, CSV or XLSX. Opens the database without writing to its log.
 */
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import type { PlanId } from "@planledger/domain";
import { EventStore } from "@planledger/event-store";
import { exportPlan, planToCsv, planToXlsx, toRows } from "@planledger/importer";
import { Effect, Exit, Option } from "effect";
import { progress } from "../progress.js";

const usage = `Використання / usage: planledger export --db PATH --node ID --plan PLAN_ID [--as-of 2024-04-05T00:00:00Z]
  [--format json|csv|xlsx] [--out FILE]   (xlsx потребує --out / xlsx needs --out)`;

const formats = ["json", "csv", "xlsx"] as const;

/**
 * @example await run(["--db", "data/demo/luhanska.db", "--node", "luhanska", "--plan", "luhanska.852.2020-02-08", "--format", "csv"])
 */
export const run = async (args: ReadonlyArray<string>): Promise<number> => {
  let values: { db?: string; node?: string; plan?: string; "as-of"?: string; format?: string; out?: string };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        db: { type: "string" },
        node: { type: "string" },
        plan: { type: "string" },
        "as-of": { type: "string" },
        format: { type: "string" },
        out: { type: "string" },
      },
    }));
  } catch (error) {
    process.stderr.write(`planledger export: ${error instanceof Error ? error.message : String(error)}\n${usage}\n`);
    return 2;
  }
  const format = (values.format ?? "json") as (typeof formats)[number];
  if (values.db === undefined || values.node === undefined || values.plan === undefined || !formats.includes(format)) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  if (format === "xlsx" && values.out === undefined) {
    process.stderr.write(`planledger export: формат xlsx потребує --out FILE / xlsx needs --out FILE\n`);
    return 2;
  }
  const asOf = values["as-of"];
  if (asOf !== undefined && Number.isNaN(Date.parse(asOf))) {
    process.stderr.write(`planledger export: --as-of: не дата ISO-8601 / not an ISO-8601 time: ${asOf}\n`);
    return 2;
  }
  if (!existsSync(values.db)) {
    process.stderr.write(`planledger export: ${values.db}: бази немає / no such database\n`);
    return 2;
  }
  const program = exportPlan(values.plan as PlanId, asOf === undefined ? undefined : new Date(asOf).toISOString()).pipe(
    Effect.provide(EventStore.sqlite({ path: values.db, nodeId: values.node })),
  );
  // The rows are known only once the plan is folded, and are written at once: the count of a finished export.
  const shown = progress("експорт / export");
  try {
    const exit = await Effect.runPromiseExit(program);
    if (Exit.isFailure(exit)) {
      shown.cancel();
      process.stderr.write(`planledger export: ${values.db}: базу не відкрито / cannot open the database\n`);
      return 1;
    }
    if (Option.isNone(exit.value)) {
      shown.cancel();
      process.stderr.write(`planledger export: план «${values.plan}» не знайдено / plan not found${asOf ? ` (as of ${asOf})` : ""}\n`);
      return 1;
    }
    const doc = exit.value.value;
    const body: string | Uint8Array =
      format === "json" ? `${JSON.stringify(doc, null, 2)}\n` : format === "csv" ? planToCsv(doc) : await planToXlsx(doc);
    if (values.out !== undefined) await writeFile(values.out, body);
    const rows = toRows(doc).length;
    shown.tick(rows);
    // Ended before the plan goes to stdout: on a terminal, the bar must be gone from the line it would write on.
    shown.done(`рядків / rows: ${rows}, ${format} → ${values.out ?? "stdout"}`);
    if (values.out === undefined) process.stdout.write(body);
    return 0;
  } finally {
    shown.cancel();
  }
};
