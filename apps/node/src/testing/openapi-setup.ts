/**
 * @module vitest setup of every apps/node test file: answers that nodes on the loopback give to `fetch` are checked
 * against the OpenAPI document (apps made by `testNode()` check their own). With `PLANLEDGER_OPENAPI_TALLY=FILE`
 * each file appends how many answers it checked, by route and status, to FILE.
 */
import { appendFileSync } from "node:fs";
import { afterAll } from "vitest";
import { checkedAnswers, installFetchCheck } from "./openapi-check.js";

installFetchCheck();

afterAll(() => {
  const tally = process.env.PLANLEDGER_OPENAPI_TALLY;
  if (tally !== undefined && tally !== "") appendFileSync(tally, `${JSON.stringify(Object.fromEntries(checkedAnswers))}\n`);
});
