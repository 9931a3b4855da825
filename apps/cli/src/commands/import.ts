/**
 * @module `planledger import FILE --db PATH --node ID`: parses a plan document and records it in a node database
 * through the plan decider: a new plan is adopted, the same document again changes nothing, an amended version
 * records only the differences.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import type { NodeId, PlanId } from "@planledger/domain";
import { EventStore } from "@planledger/event-store";
import { documentSource, failureLine, importPlanDocument, type ParseOptions, parseFile, readColumnList } from "@planledger/importer";
import { Cause, Effect, Either, Exit } from "effect";
import { type Progress, progress } from "../progress.js";

const usage = `Використання / usage: planledger import FILE --db PATH --node ID [--actor NAME] [--parent-plan PLAN_ID] [--create] [--columns label,title,…]
  Вузол, що працює з цією базою, побачить план після перезапуску / a node running on this database sees the plan after a restart.`;

/**
 * @example await run(["fixtures/plans/000_9d8a7f6d078db2f4.txt", "--db", "data/luhanska.db", "--node", "luhanska"]) // 0
 */
export const run = async (args: ReadonlyArray<string>): Promise<number> => {
  let values: { db?: string; node?: string; actor?: string; "parent-plan"?: string; create?: boolean; columns?: string };
  let positionals: Array<string>;
  try {
    ({ values, positionals } = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        db: { type: "string" },
        node: { type: "string" },
        actor: { type: "string" },
        "parent-plan": { type: "string" },
        create: { type: "boolean" },
        columns: { type: "string" },
      },
    }));
  } catch (error) {
    process.stderr.write(`planledger import: ${error instanceof Error ? error.message : String(error)}\n${usage}\n`);
    return 2;
  }
  const [file] = positionals;
  if (file === undefined || positionals.length > 1 || values.db === undefined || values.node === undefined) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  if (!values.create && !existsSync(values.db)) {
    process.stderr.write(`planledger import: ${values.db}: бази немає (додайте --create) / no such database (add --create)\n`);
    return 2;
  }
  // One document per call for now; the count is there for when a call takes several.
  const shown = progress("імпорт / import", positionals.length);
  try {
    return await record(file, { ...values, db: values.db, node: values.node }, shown);
  } finally {
    shown.cancel();
  }
};

const record = async (
  file: string,
  values: { db: string; node: string; actor?: string; "parent-plan"?: string; columns?: string },
  shown: Progress,
): Promise<number> => {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (cause) {
    shown.cancel();
    process.stderr.write(`planledger import: ${file}: файл не прочитано / cannot read the file (${String(cause)})\n`);
    return 2;
  }
  let options: ParseOptions = {};
  if (values.columns !== undefined) {
    const columns = readColumnList(values.columns);
    if (Either.isLeft(columns)) {
      shown.cancel();
      process.stderr.write(`planledger import: --columns: ${columns.left}\n`);
      return 2;
    }
    options = { columns: columns.right };
  }
  const parsed = await parseFile(bytes, options);
  if (Either.isLeft(parsed)) {
    shown.cancel();
    process.stderr.write(`planledger import: ${file}: ${failureLine(parsed.left).replace(/\s+/g, " ")}\n`);
    return 2;
  }
  const program = importPlanDocument(parsed.right.document, {
    // The file's format and hash go into the adoption, so an auditor can match the plan to the file it came from.
    source: documentSource(bytes, parsed.right, { fileName: basename(file), ...options }),
    ownerNode: values.node as NodeId,
    actor: values.actor ?? `cli:${process.env.USER ?? "operator"}`,
    ...(values["parent-plan"] === undefined ? {} : { parentPlanId: values["parent-plan"] as PlanId }),
  }).pipe(Effect.provide(EventStore.sqlite({ path: values.db, nodeId: values.node })));
  const exit = await Effect.runPromiseExit(program);
  if (Exit.isFailure(exit)) {
    const failure = Cause.failureOption(exit.cause);
    const reason = failure._tag === "Some" ? describe(failure.value) : Cause.pretty(exit.cause).split("\n")[0];
    shown.cancel();
    process.stderr.write(`planledger import: ${file}: ${reason}\n`);
    return 1;
  }
  const { planId, outcome, events } = exit.value;
  const said = { adopted: "затверджено / adopted", unchanged: "без змін / unchanged", amended: "внесено зміни / amended" }[outcome];
  shown.tick();
  shown.done(`документів / documents: 1, подій записано / events appended: ${events.length}`);
  process.stdout.write(`${planId}: ${said}; подій / events: ${events.length}\n`);
  return 0;
};

const describe = (error: unknown): string =>
  typeof error === "object" && error !== null && "_tag" in error
    ? `${String(error._tag)}: ${"message" in error && error.message ? String(error.message) : JSON.stringify(error)}`
    : String(error);
