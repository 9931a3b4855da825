/**
 * @module The dependency rules between this repository's workspace packages (docs/architecture.md, "Dependency
 * rules"). Run by `structure/` (its tests cruise the repository with these rules on every `pnpm test`) and by hand
 * with `npx -y pnpm@10 check:deps` for a readable report.
 *
 * CommonJS because dependency-cruiser loads its configuration with `require`; it reads the packages' manifests at
 * load time so that a package's public entries are whatever its `exports` map declares, never a list kept here.
 */
const { existsSync, readdirSync, readFileSync } = require("node:fs");
const { join } = require("node:path");

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** `packages/domain/src/index.ts`, … : every file a workspace package declares in its `exports` map. */
const publicEntries = (root) =>
  ["packages", "apps"].flatMap((group) =>
    existsSync(join(root, group))
      ? readdirSync(join(root, group)).flatMap((name) => {
          const manifest = join(root, group, name, "package.json");
          if (!existsSync(manifest)) return [];
          const exportsMap = JSON.parse(readFileSync(manifest, "utf8")).exports ?? {};
          const targets = typeof exportsMap === "string" ? [exportsMap] : Object.values(exportsMap).flatMap((t) => (typeof t === "string" ? [t] : Object.values(t)));
          return targets.map((target) => `${group}/${name}/${target.replace(/^\.\//, "")}`);
        })
      : [],
  );

const entryPattern = `^(${publicEntries(__dirname).map(escape).join("|")})$`;
const pkg = (name) => `^packages/${name}/`;

/** @type {import("dependency-cruiser").IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "package-imports-app",
      comment: "Apps compose packages; a package that imported an app would turn the layers upside down (rule 1).",
      severity: "error",
      from: { path: "^packages/" },
      to: { path: "^apps/" },
    },
    {
      name: "app-imports-another-app",
      comment:
        "An app composes packages; what two apps share is a package (the demo's processes are @planledger/testing), " +
        "so no app imports another (rule 1). The CLI is the one named exception, in the rule below.",
      severity: "error",
      from: { path: "^apps/([^/]+)/", pathNot: "^apps/cli/" },
      to: { path: "^apps/", pathNot: "^apps/$1/" },
    },
    {
      name: "cli-imports-an-app-beyond-the-node",
      comment:
        "The CLI's `serve` and `users` verbs run the node app and keep its accounts, so the CLI may import " +
        "`@planledger/node` (its entry only, rule 2), and no other app (rule 1).",
      severity: "error",
      from: { path: "^apps/cli/" },
      to: { path: "^apps/", pathNot: ["^apps/cli/", "^apps/node/"] },
    },
    {
      name: "into-another-package-internals",
      comment:
        "Only a package's public entry (its `exports` map: `@planledger/x`) may be imported from outside it; its other " +
        "files are free to change (rule 2).",
      severity: "error",
      from: { path: "^(packages|apps)/([^/]+)/" },
      to: { path: "^(packages|apps)/", pathNot: [`^$1/$2/`, entryPattern] },
    },
    {
      name: "relative-path-into-another-package",
      comment:
        "Another package is named by its package name, never reached by a relative path, even to its entry: the " +
        "manifest then declares the dependency and the package can move (rule 2).",
      severity: "error",
      from: { path: "^(packages|apps)/([^/]+)/" },
      to: { path: "^(packages|apps)/", pathNot: "^$1/$2/", dependencyTypes: ["local"] },
    },
    {
      name: "unresolved-workspace-import",
      comment:
        "A `@planledger/...` import that does not resolve: a path the package's `exports` map does not declare " +
        "(`@planledger/x/src/...`; the way in is `@planledger/x`), or a package the importer's manifest does not " +
        "depend on, which pnpm therefore does not link (rule 2).",
      severity: "error",
      from: {},
      to: { path: "^@planledger/", couldNotResolve: true },
    },
    {
      name: "cycle-between-packages",
      comment: "Packages depend on each other one way; a cycle that leaves a package ties the two together (rule 3).",
      severity: "error",
      from: { path: "^packages/([^/]+)/" },
      to: { circular: true, via: { pathNot: "^packages/$1/" } },
    },
    {
      name: "domain-imports-a-workspace-package",
      comment: "The domain is pure: it imports no other workspace package (rule 3).",
      severity: "error",
      from: { path: pkg("domain") },
      to: { path: "^(packages|apps)/", pathNot: pkg("domain") },
    },
    {
      name: "problem-imports-a-workspace-package",
      comment:
        "The problem+json module is a leaf like the domain: every route's errors (the API's, federation's) pass " +
        "through it, so it imports no other workspace package; `effect` and Hono's types are all it takes, which its " +
        "manifest declares (rule 3).",
      severity: "error",
      from: { path: pkg("problem") },
      to: { path: "^(packages|apps)/", pathNot: pkg("problem") },
    },
    {
      name: "event-store-beyond-domain",
      comment: "The log knows the domain and nothing above it (rule 3).",
      severity: "error",
      from: { path: pkg("event-store") },
      to: { path: "^(packages|apps)/", pathNot: [pkg("event-store"), pkg("domain")] },
    },
    {
      name: "matching-beyond-domain",
      comment: "Measure matching is pure planning work over plan trees and documents: at most the domain (rule 3).",
      severity: "error",
      from: { path: pkg("matching") },
      to: { path: "^(packages|apps)/", pathNot: [pkg("matching"), pkg("domain")] },
    },
    {
      name: "federation-beyond-sync",
      comment:
        "Federation copies logs; it needs no matching, pages, importer or app, so a node could sync without them " +
        "(rule 3).",
      severity: "error",
      from: { path: pkg("federation") },
      to: { path: ["^packages/(matching|web|importer)/", "^apps/"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: ["node_modules", "(^|/)dist/", "(^|/)coverage/"] },
    // Type-only imports count: a type from another package's internals ties the two as much as a value does.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      mainFields: ["module", "main", "types", "typings"],
    },
  },
};
