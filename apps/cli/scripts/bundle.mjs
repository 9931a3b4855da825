#!/usr/bin/env node
/**
 * `pnpm --filter @planledger/cli bundle`: the CLI as one JavaScript file for operators' nodes,
 * `apps/cli/dist/planledger.mjs` — the TypeScript of every workspace package and the pure-JavaScript libraries
 * compiled in (esbuild), so `node apps/cli/dist/planledger.mjs serve …` starts without compiling TypeScript or
 * resolving a thousand modules: measured on this repository's 2-core machine, a node's first answer on an empty
 * database came after about 1.45 s instead of 2.5 s through tsx (docs/operations.md, "Starting from the bundle").
 * Left outside, resolved from apps/cli's own dependencies: the native SQLite binding, pdf.js (it loads its worker
 * by path) and exceljs (loaded only by a workbook). The files the code reads beside itself are copied beside the
 * bundle: the pages' stylesheet and the standalone verifier. `pnpm planledger …` still runs the sources through tsx.
 */
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const cli = join(dirname(fileURLToPath(import.meta.url)), "..");
const root = join(cli, "../..");
const dist = join(cli, "dist");

rmSync(dist, { recursive: true, force: true });
await build({
  entryPoints: [join(cli, "src/main.ts")],
  outfile: join(dist, "planledger.mjs"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: "linked",
  logLevel: "warning",
  external: ["better-sqlite3", "pdfjs-dist", "pdfjs-dist/*", "exceljs", "pg-native"],
  // CommonJS libraries inside an ES module still call `require` for Node's own modules.
  banner: { js: 'import { createRequire as planledgerRequire } from "node:module"; const require = planledgerRequire(import.meta.url);' },
});
mkdirSync(join(dist, "assets"), { recursive: true });
copyFileSync(join(root, "packages/web/src/assets/web.css"), join(dist, "assets/web.css"));
mkdirSync(join(dist, "verifier"), { recursive: true });
copyFileSync(join(root, "packages/event-store/verifier/planledger-verify.mjs"), join(dist, "verifier/planledger-verify.mjs"));
console.log(`planledger: ${join("apps/cli/dist", "planledger.mjs")}`);
