import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "./dependency-check.js";
import { aroundTheStoreOnPurpose, untilEventStoreReadsThem } from "./table-allow-list.js";
import { againstAllowList, eventStoreTables, sourceFiles, tableReferences } from "./table-references.js";

const tables = eventStoreTables(repoRoot);

/** Every source file of the other packages, the apps and the benches, relative to the repository. */
const othersFiles = (): string[] =>
  ["packages", "apps", "bench"]
    .flatMap((dir) => sourceFiles(join(repoRoot, dir)))
    .map((file) => relative(repoRoot, file).split("\\").join("/"))
    .filter((file) => !file.startsWith("packages/event-store/"));

describe("only event-store names its tables", () => {
  it("reads the tables from event-store's schema and migrations", () => {
    // The names below are the check's floor: a parser that stopped finding them would guard nothing.
    expect(tables).toEqual(expect.arrayContaining(["events", "checkpoints", "node_keys", "event_store_migration"]));
  });

  it("finds no place outside event-store that names one, beyond the allow-list, and no allow-list entry left unused", () => {
    const files = othersFiles();
    expect(files.length).toBeGreaterThan(300);
    const { added, stale } = againstAllowList(tableReferences(repoRoot, files, tables), [
      ...untilEventStoreReadsThem,
      ...aroundTheStoreOnPurpose,
    ]);
    expect({ added, stale }).toEqual({ added: [], stale: [] });
  });
});

describe("the table check fails on a new reference (a deliberately wrong file)", () => {
  let dir: string;
  const wrongFile = "packages/federation/src/reads-the-log.ts";
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "planledger-tables-"));
    mkdirSync(join(dir, "packages/federation/src"), { recursive: true });
    writeFileSync(
      join(dir, wrongFile),
      [
        "// Rebuilt from events, which is prose in a comment and names no table.",
        "/** @example db.selectFrom(\"events\") — an example in JSDoc is not a query either. */",
        'export const one = (db: any) => db.selectFrom("events").selectAll();',
        'export const two = (db: any) => db.selectFrom("checkpoints as c").selectAll();',
        'export const three = "SELECT public_key FROM node_keys WHERE origin = ?";',
        'export const four = `select hash from "events" where seq = ?`;',
        'export const five = sql`DELETE FROM events`;',
        'export const prose = "read as they are from events";',
        'export const own = (db: any) => db.selectFrom("federation_nodes").selectAll();',
      ].join("\n"),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("names each line that reaches a table, and nothing in comments or prose", () => {
    const found = tableReferences(dir, [wrongFile], tables).map((r) => [r.line, r.table]);
    expect(found).toEqual([
      [3, "events"],
      [4, "checkpoints"],
      [5, "node_keys"],
      [6, "events"],
      [7, "events"],
    ]);
  });

  it("reports them as added: the allow-list covers only the places it names, as many lines as it counts", () => {
    const references = tableReferences(dir, [wrongFile], tables);
    const { added } = againstAllowList(references, [...untilEventStoreReadsThem, ...aroundTheStoreOnPurpose]);
    expect(added).toHaveLength(5);
    expect(added[0]).toMatch(/^packages\/federation\/src\/reads-the-log\.ts:3 names "events"/);
    // A listed file with one line more than listed fails too, and a listed line that went away asks for the list to shrink.
    const partly = againstAllowList(references, [{ file: wrongFile, lines: { events: 2, checkpoints: 1, node_keys: 1, events_gone: 1 }, why: "" }]);
    expect(partly.added).toHaveLength(3);
    expect(partly.stale).toEqual([`${wrongFile} names "events_gone" on 0 lines, the allow-list says 1: lower it`]);
  });
});
