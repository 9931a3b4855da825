/**
 * @module The standalone verifier of proof bundles (`verifier/planledger-verify.mjs`, docs/audit.md §9) as bytes, for a
 * node to serve it to auditors exactly as this package ships it: plain JavaScript importing only `node:` modules.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

// In this package, beside `src/`; in the CLI's one-file bundle (`apps/cli/scripts/bundle.mjs`), beside the bundle.
const inPackage = fileURLToPath(new URL("../verifier/planledger-verify.mjs", import.meta.url));
const besideBundle = fileURLToPath(new URL("./verifier/planledger-verify.mjs", import.meta.url));

/** Where the verifier lies: in this package, or beside the CLI's bundle. */
export const standaloneVerifierPath = existsSync(inPackage) || !existsSync(besideBundle) ? inPackage : besideBundle;

let bytes: Buffer | undefined;

/**
 * The verifier's bytes, read once: what a node answers at `GET /api/v1/audit/verifier.mjs`.
 *
 * @example
 * writeFileSync("planledger-verify.mjs", standaloneVerifier()) // then: node planledger-verify.mjs bundle.json
 */
export const standaloneVerifier = (): Buffer => {
  bytes ??= readFileSync(standaloneVerifierPath);
  return bytes;
};
