import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { IConfiguration } from "dependency-cruiser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkDependencies, type DependencyCheck, packageCycles } from "./dependency-check.js";

const ruleNames = (createRequire(import.meta.url)("../../.dependency-cruiser.cjs") as IConfiguration).forbidden?.map((r) => r.name) ?? [];

describe("the repository keeps its dependency rules", () => {
  let repo: DependencyCheck;
  beforeAll(async () => {
    repo = await checkDependencies(["packages", "apps", "bench"]);
  });

  it("breaks none of them", () => {
    // A cruise that found nothing to read would pass anything.
    expect(repo.modules).toBeGreaterThan(300);
    expect(repo.violations.map((v) => `${v.rule}: ${v.from} → ${v.to}`)).toEqual([]);
  });

  it("has no cycle between packages", () => {
    expect(packageCycles(repo.packageGraph)).toEqual([]);
  });

  it("federation syncs without matching: the link suggestions are the node app's", () => {
    expect([...(repo.packageGraph.get("packages/federation") ?? [])].sort()).not.toContain("packages/matching");
    expect([...(repo.packageGraph.get("apps/node") ?? [])]).toContain("packages/matching");
  });

  it("has one problem+json module, which the node app and federation both answer errors with", () => {
    expect([...(repo.packageGraph.get("apps/node") ?? [])]).toContain("packages/problem");
    expect([...(repo.packageGraph.get("packages/federation") ?? [])]).toContain("packages/problem");
    expect([...(repo.packageGraph.get("packages/problem") ?? [])]).toEqual([]);
  });

  it("keeps the demo and process spawning out of the node app", () => {
    expect([...(repo.packageGraph.get("apps/node") ?? [])].filter((p) => p.startsWith("apps/"))).toEqual([]);
    expect([...(repo.packageGraph.get("packages/testing") ?? [])]).toEqual([]);
  });
});

/**
 * A small tree laid out like this repository, each file importing something the rules forbid. Package names are
 * the real ones, so the rules' public entries (read from the real manifests) apply to it unchanged.
 */
const wrongTree: Record<string, string> = {
  "packages/domain/src/index.ts": 'export { plan } from "./plan.js";\n',
  "packages/domain/src/plan.ts": "export const plan = 1;\n",
  "packages/domain/src/reaches-up.ts": 'import { node } from "../../../apps/node/src/index.js";\nexport const up = node;\n',
  "apps/node/src/index.ts": "export const node = 1;\n",
  "packages/matching/src/index.ts": "export const match = 1;\n",
  "packages/matching/src/reads-the-log.ts": 'import { store } from "@planledger/event-store";\nexport const read = store;\n',
  "packages/federation/src/index.ts": 'import { match } from "@planledger/matching";\nexport const sync = match;\n',
  "packages/federation/src/deep.ts": 'import { plan } from "@planledger/domain/src/plan.js";\nexport const deep = plan;\n',
  "packages/federation/src/relative.ts": 'import { plan } from "../../domain/src/plan.js";\nexport const near = plan;\n',
  "packages/federation/src/fine.ts": 'import { plan } from "@planledger/domain";\nexport const fine = plan;\n',
  "packages/event-store/src/index.ts": 'export { view } from "@planledger/projections";\nexport const store = 1;\n',
  "packages/projections/src/index.ts": 'import { store } from "@planledger/event-store";\nexport const view = store;\n',
  "packages/problem/src/index.ts": 'import { plan } from "@planledger/domain";\nexport const problem = plan;\n',
  "apps/node/src/runs-the-cli.ts": 'import { cli } from "@planledger/cli";\nexport const run = cli;\n',
  "apps/cli/src/index.ts": "export const cli = 1;\n",
  "apps/cli/src/reaches-admin.ts": 'import { admin } from "@planledger/admin";\nexport const reach = admin;\n',
  "apps/admin/src/index.ts": "export const admin = 1;\n",
};

describe("the dependency check fails on wrong imports (a deliberately wrong tree)", () => {
  let dir: string;
  let wrong: DependencyCheck;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "planledger-structure-"));
    for (const [path, text] of Object.entries(wrongTree)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    // Workspace packages as pnpm links them: a manifest with an `exports` map and a symlink under node_modules.
    for (const name of ["domain", "event-store", "projections", "matching", "federation", "problem"]) {
      const manifest = { name: `@planledger/${name}`, type: "module", exports: { ".": "./src/index.ts" } };
      writeFileSync(join(dir, "packages", name, "package.json"), JSON.stringify(manifest));
      mkdirSync(join(dir, "node_modules", "@planledger"), { recursive: true });
      symlinkSync(join(dir, "packages", name), join(dir, "node_modules", "@planledger", name), "dir");
    }
    for (const name of ["node", "cli", "admin"]) {
      const manifest = { name: `@planledger/${name}`, type: "module", exports: { ".": "./src/index.ts" } };
      writeFileSync(join(dir, "apps", name, "package.json"), JSON.stringify(manifest));
      symlinkSync(join(dir, "apps", name), join(dir, "node_modules", "@planledger", name), "dir");
    }
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "wrong", private: true, type: "module" }));
    wrong = await checkDependencies(["packages", "apps"], dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const found = (rule: string) => wrong.violations.filter((v) => v.rule === rule).map((v) => `${v.from} → ${v.to}`);

  it("reports each wrong import under the rule it breaks", () => {
    expect(found("package-imports-app")).toEqual(["packages/domain/src/reaches-up.ts → apps/node/src/index.ts"]);
    // apps/admin is no app of this repository, so its entry is not a declared one either.
    expect(found("into-another-package-internals")).toEqual([
      "apps/cli/src/reaches-admin.ts → apps/admin/src/index.ts",
      "packages/federation/src/relative.ts → packages/domain/src/plan.ts",
    ]);
    expect(found("relative-path-into-another-package").sort()).toEqual([
      "packages/domain/src/reaches-up.ts → apps/node/src/index.ts",
      "packages/federation/src/relative.ts → packages/domain/src/plan.ts",
    ]);
    expect(found("unresolved-workspace-import")).toEqual(["packages/federation/src/deep.ts → @planledger/domain/src/plan.js"]);
    expect(found("domain-imports-a-workspace-package")).toEqual(["packages/domain/src/reaches-up.ts → apps/node/src/index.ts"]);
    expect(found("event-store-beyond-domain")).toEqual(["packages/event-store/src/index.ts → packages/projections/src/index.ts"]);
    expect(found("matching-beyond-domain")).toEqual(["packages/matching/src/reads-the-log.ts → packages/event-store/src/index.ts"]);
    expect(found("federation-beyond-sync")).toEqual(["packages/federation/src/index.ts → packages/matching/src/index.ts"]);
    expect(found("problem-imports-a-workspace-package")).toEqual(["packages/problem/src/index.ts → packages/domain/src/index.ts"]);
    expect(found("app-imports-another-app")).toEqual(["apps/node/src/runs-the-cli.ts → apps/cli/src/index.ts"]);
    expect(found("cli-imports-an-app-beyond-the-node")).toEqual(["apps/cli/src/reaches-admin.ts → apps/admin/src/index.ts"]);
    expect(found("cycle-between-packages").length).toBeGreaterThan(0);
  });

  it("leaves a package's public entry alone", () => {
    expect(wrong.violations.filter((v) => v.from === "packages/federation/src/fine.ts")).toEqual([]);
  });

  it("has every rule of the configuration proven by a wrong import", () => {
    expect(new Set(wrong.violations.map((v) => v.rule))).toEqual(new Set(ruleNames));
  });

  it("finds the cycle between packages in the packages' graph too", () => {
    expect(packageCycles(wrong.packageGraph)).toEqual([["packages/event-store", "packages/projections"]]);
  });
});

describe("packageCycles", () => {
  it("finds a cycle whose files never close a loop, once, and none in a layered graph", () => {
    const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges).map(([k, v]) => [k, new Set(v)]));
    expect(packageCycles(graph({ a: ["b"], b: ["c"], c: ["a"] }))).toEqual([["a", "b", "c"]]);
    expect(packageCycles(graph({ domain: [], store: ["domain"], web: ["store", "domain"] }))).toEqual([]);
  });
});
