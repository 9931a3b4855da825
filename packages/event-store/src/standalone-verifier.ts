/**
 * @module The standalone verifier of proof bundles (`verifier/planledger-verify.mjs`, docs/audit.md §9) as bytes, for a
 * node to serve it to auditors exactly as this package ships it: plain JavaScript importing only `node:` modules.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Where the verifier lies in this package. */
export const standaloneVerifierPath = fileURLToPath(new URL("../verifier/planledger-verify.mjs", import.meta.url));

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
