/**
 * @module The fuzzer's run: a real node process (`planledger serve`) given a plan, a drafted report, a viewer's
 * and a reporter's token, and a child node (a second process) that joined it with an invitation, so the child
 * credential is an enrolled one; then generated requests (`requests.ts`) one at a time over a socket, each with a
 * time limit (a request unanswered in it is a hang). Every answer must be under 500 — but for `join`'s documented
 * 502 when the parent it is pointed at (a closed loopback port) does not answer — and described by the OpenAPI
 * document (`testing/openapi-check.ts`). fast-check seeds the run (`FUZZ_SEED`
 * replays one) and, at the first failure, shrinks the request to a minimal one.
 */
import { readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { cpus, platform, release, totalmem } from "node:os";
import { type NodeProcess, repoRoot, startNodeProcess } from "@planledger/federation/testing";
import fc from "fast-check";
import { openApiDocument } from "../openapi/openapi.js";
import { checkRawAnswer } from "../testing/openapi-check.js";
import { type Credential, describeRequest, type FuzzPools, type FuzzRequest, type OpenApiLike, requestArbitrary } from "./requests.js";

export interface Answer {
  readonly status: number;
  readonly headers: { readonly get: (name: string) => string | null };
  readonly body: Uint8Array;
}

export class Hang extends Error {}

/** Sends one request as its bytes go (no client normalisation beyond Node's), within `timeoutMs`. */
export const send = (
  baseUrl: string,
  r: { readonly method: string; readonly path: string; readonly headers: Readonly<Record<string, string>>; readonly body: Uint8Array | null },
  timeoutMs: number,
): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const url = new URL(baseUrl);
    const headers: Record<string, string | number> = { ...r.headers, connection: "close" };
    if (r.body !== null) headers["content-length"] = r.body.length;
    const req = httpRequest({ host: url.hostname, port: url.port, method: r.method, path: r.path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        clearTimeout(timer);
        resolve({
          status: res.statusCode ?? 0,
          headers: {
            get: (name) => {
              const v = res.headers[name.toLowerCase()];
              return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
            },
          },
          body: new Uint8Array(Buffer.concat(chunks)),
        });
      });
      res.on("error", reject);
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Hang(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    req.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    if (r.body !== null) req.write(r.body);
    req.end();
  });

export interface FuzzOptions {
  /** Requests to generate (fast-check runs); with `seconds`, an upper bound. */
  readonly runs: number;
  /** Stop after this many seconds of generated requests (the long run's budget); none = `runs` decides. */
  readonly seconds?: number;
  readonly seed?: number;
  /** A request unanswered this long is a hang. */
  readonly timeoutMs?: number;
  /** Where the node keeps its database and token file. */
  readonly dir: string;
  readonly log?: (line: string) => void;
}

export interface FuzzResult {
  readonly seed: number;
  readonly requests: number;
  readonly serverErrors: number;
  readonly undocumented: number;
  readonly hangs: number;
  /** Requests whose connection ended without an answer (the node closed it, or died). */
  readonly dropped: number;
  /** `join`'s documented 502 when the parent it was pointed at (a closed loopback port) does not answer. */
  readonly unreachableParent: number;
  /** `post /api/v1/plans` → status → answers. */
  readonly counts: ReadonlyMap<string, ReadonlyMap<number, number>>;
  /** The minimal failing request and why, if one failed. */
  readonly failure: string | null;
  readonly seconds: number;
}

/** JSON over the socket with a credential (the setup's requests). */
const call = async (node: NodeProcess, method: string, path: string, token: string, body?: unknown, contentType = "application/json"): Promise<{ status: number; json: unknown }> => {
  const bytes = body === undefined ? null : new Uint8Array(Buffer.from(typeof body === "string" ? body : JSON.stringify(body), "utf8"));
  const answer = await send(node.url, { method, path, headers: { authorization: `Bearer ${token}`, ...(bytes === null ? {} : { "content-type": contentType }) }, body: bytes }, 30_000);
  const text = Buffer.from(answer.body).toString("utf8");
  return { status: answer.status, json: text === "" ? null : JSON.parse(text) };
};

/** Every string under a key named so, anywhere in a JSON value. */
const stringsUnder = (value: unknown, keys: ReadonlyArray<string>, out = new Set<string>()): Set<string> => {
  if (Array.isArray(value)) for (const v of value) stringsUnder(v, keys, out);
  else if (value !== null && typeof value === "object")
    for (const [k, v] of Object.entries(value)) {
      if (keys.includes(k) && typeof v === "string") out.add(v);
      else stringsUnder(v, keys, out);
    }
  return out;
};

const JOIN = "post /federation/v1/join";

const ID = /^[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)*$/;

/** Gives the node something to answer about, and returns the ids and credentials the requests use. */
const prepare = async (node: NodeProcess, child: NodeProcess): Promise<{ pools: FuzzPools; tokens: Record<Credential, string | null> }> => {
  const planText = readFileSync(`${repoRoot}fixtures/plans/003_b52cafefab6c56ab.txt`, "utf8");
  const adopted = await call(node, "POST", "/api/v1/plans", node.adminToken, planText, "text/plain; charset=utf-8");
  if (adopted.status !== 201) throw new Error(`the fuzz node did not adopt the seed plan: ${adopted.status} ${JSON.stringify(adopted.json)}`);
  const planId = (adopted.json as { planId: string }).planId;
  const plan = await call(node, "GET", `/api/v1/plans/${encodeURIComponent(planId)}`, node.adminToken);
  const measureIds = [...stringsUnder(plan.json, ["measureId", "id"])].filter((id) => ID.test(id) && id !== planId).slice(0, 20);
  const drafted = await call(node, "POST", `/api/v1/plans/${encodeURIComponent(planId)}/reports`, node.adminToken, { year: 2024, quarter: 1 });
  const reportIds = [...stringsUnder(drafted.json, ["reportId"])];
  const issue = async (role: string): Promise<{ token: string; id: string }> => {
    const issued = await call(node, "POST", "/api/v1/tokens", node.adminToken, { name: `fuzz-${role}`, role });
    if (issued.status !== 201) throw new Error(`could not issue a ${role} token: ${issued.status}`);
    return issued.json as { token: string; id: string };
  };
  const viewer = await issue("viewer");
  const reporter = await issue("reporter");
  const invited = await call(node, "POST", "/federation/v1/invitations", node.adminToken, { nodeId: "fuzz-child", level: "district" });
  if (invited.status !== 201) throw new Error(`could not invite a child: ${invited.status}`);
  const childToken = (invited.json as { token: string }).token;
  // A real child joins with the invitation, so the child credential is an enrolled one (cursors, push, pull).
  const joined = await call(child, "POST", "/federation/v1/join", child.adminToken, { parentUrl: node.url, token: childToken });
  if (joined.status !== 200) throw new Error(`the child did not join the fuzz node: ${joined.status} ${JSON.stringify(joined.json)}`);
  const versions = [adopted.json, drafted.json].map((a) => (a as { version?: unknown }).version).filter((v): v is number => typeof v === "number");
  return {
    pools: {
      planId: [planId, "no-such-plan"],
      measureId: measureIds.length > 0 ? measureIds : ["m-1"],
      reportId: reportIds.length > 0 ? reportIds : ["no-such-report"],
      stream: [`plan:${planId}`, "plan:no-such-plan", `report:${reportIds[0] ?? "x"}`],
      // Never a token the run itself uses: revoking the admin's would end the run's authenticated half.
      tokenId: ["tok-none", "0"],
      origin: [node.nodeId, "fuzz-child", "nobody"],
      versions,
      planText,
      deadParentUrl: "http://127.0.0.1:9/",
    },
    tokens: {
      none: null,
      malformed: "Basic Zm9vOmJhcg==",
      wrong: `pl_${node.nodeId}_${"0".repeat(43)}`,
      admin: node.adminToken,
      viewer: viewer.token,
      reporter: reporter.token,
      federationChild: childToken,
    },
  };
};

/** Minimal failing requests the fuzzer found, kept as regressions (the fix is named beside each). */
const regressions = (pools: FuzzPools): ReadonlyArray<FuzzRequest> => [
  // A push body nested 2,200 deep: describing why it is not a batch overflowed the stack and the node closed the
  // connection without an answer (fixed: `notABatch` in packages/federation/src/http/federation-handler.ts).
  {
    operation: JOIN.replace("join", "push"),
    method: "POST",
    path: "/federation/v1/push",
    headers: { "content-type": "application/json" },
    credential: "federationChild",
    body: new Uint8Array(Buffer.from(`${"[".repeat(2_200)}${"]".repeat(2_200)}`)),
  },
  // The same depth in a body that is a batch in shape: the events' arrays nested instead of flat.
  {
    operation: JOIN.replace("join", "push"),
    method: "POST",
    path: "/federation/v1/push",
    headers: { "content-type": "application/json" },
    credential: "federationChild",
    body: new Uint8Array(Buffer.from(`{"origin":${JSON.stringify(pools.origin[1] ?? "x")},"events":${"[".repeat(5_000)}${"]".repeat(5_000)}}`)),
  },
];

/** The machine a run ran on, as the issue asks it recorded: CPU model × cores, memory, OS, Node. */
export const machine = (): string => {
  const cpu = cpus();
  return `${cpu[0]?.model.trim() ?? "unknown CPU"} × ${cpu.length}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ${platform()} ${release()}, Node ${process.version}`;
};

/**
 * Starts a node, fuzzes it, stops it.
 *
 * @example
 * const result = await fuzzNode({ runs: 1500, dir: tmp }); result.serverErrors === 0
 */
export const fuzzNode = async (options: FuzzOptions): Promise<FuzzResult> => {
  const log = options.log ?? (() => {});
  const seed = options.seed ?? (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
  const timeoutMs = options.timeoutMs ?? 5_000;
  // Wrong credentials are part of the run: the per-source limit would otherwise answer every later request 429.
  const node = await startNodeProcess(options.dir, { nodeId: "fuzz", level: "oblast" }, { PLANLEDGER_AUTH_FAILURES: "1000000" });
  const child = await startNodeProcess(options.dir, { nodeId: "fuzz-child", level: "district" });
  const counts = new Map<string, Map<number, number>>();
  let requests = 0;
  let serverErrors = 0;
  let undocumented = 0;
  let hangs = 0;
  let unreachableParent = 0;
  let dropped = 0;
  const started = Date.now();
  try {
    const { pools, tokens } = await prepare(node, child);
    const document = openApiDocument({ nodeId: node.nodeId, displayName: node.nodeId }) as unknown as OpenApiLike;
    const arbitrary = requestArbitrary(document, pools);
    log(`fuzz: seed ${seed} (FUZZ_SEED=${seed} replays it), node ${node.url}, ${Object.values(document.paths).reduce((n, p) => n + Object.keys(p).length, 0)} operations`);
    const property = fc.asyncProperty(arbitrary, async (r: FuzzRequest) => {
      const token = tokens[r.credential];
      const headers = token === null ? r.headers : { ...r.headers, authorization: r.credential === "malformed" ? token : `Bearer ${token}` };
      requests++;
      let answer: Answer;
      try {
        answer = await send(node.url, { ...r, headers }, timeoutMs);
      } catch (e) {
        if (e instanceof Hang) hangs++;
        else dropped++;
        throw e;
      }
      const byStatus = counts.get(r.operation) ?? new Map<number, number>();
      byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1);
      counts.set(r.operation, byStatus);
      // `join` is pointed at a closed loopback port (not the internet): the documented 502 "the parent did not
      // answer" is the right answer there, and the only 5xx the run accepts — still checked against the document.
      const deadParent = answer.status === 502 && r.operation === JOIN && r.method === "POST";
      if (deadParent) unreachableParent++;
      if (answer.status >= 500 && !deadParent) {
        serverErrors++;
        throw new Error(`answered ${answer.status}: ${Buffer.from(answer.body).toString("utf8").slice(0, 400)}`);
      }
      try {
        checkRawAnswer(r.method, r.path, answer.status, answer.headers, answer.body);
      } catch (e) {
        undocumented++;
        throw e;
      }
      if (requests % 1000 === 0) log(`fuzz: ${requests} requests, ${Math.round((Date.now() - started) / 1000)} s`);
    });
    const details = await fc.check(property, {
      seed,
      numRuns: options.runs,
      ...(options.seconds === undefined ? {} : { interruptAfterTimeLimit: options.seconds * 1000, markInterruptAsFailure: false }),
      endOnFailure: false,
      // Requests that failed once, run first in every run (FUZZ_SEED does not change them).
      examples: regressions(pools).map((r) => [r] as [FuzzRequest]),
    });
    const failure =
      details.failed && details.counterexample !== null
        ? `${describeRequest(details.counterexample[0])}\n  error: ${String(details.errorInstance).slice(0, 1200)}\n  replay: FUZZ_SEED=${seed} (path ${details.counterexamplePath ?? "?"}), after ${details.numShrinks} shrinks`
        : details.failed
          ? `fast-check: ${String(details.errorInstance)}`
          : null;
    return { seed, requests, serverErrors, undocumented, hangs, dropped, unreachableParent, counts, failure, seconds: (Date.now() - started) / 1000 };
  } finally {
    await Promise.all([node.kill(), child.kill()]);
  }
};

/** The counts as a table: per operation, its statuses and how often each answered. */
export const formatCounts = (result: FuzzResult): string => {
  const lines = [...result.counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([op, byStatus]) => {
      const total = [...byStatus.values()].reduce((a, b) => a + b, 0);
      const statuses = [...byStatus.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(" ");
      return `  ${op.padEnd(58)} ${String(total).padStart(6)}  ${statuses}`;
    });
  return [
    ...lines,
    `requests ${result.requests} (incl. shrinking), 5xx ${result.serverErrors}, undocumented ${result.undocumented}, hangs ${result.hangs}, dropped ${result.dropped} (and ${result.unreachableParent} × join's documented 502 from the closed-port parent), ${result.seconds.toFixed(1)} s, seed ${result.seed}`,
  ].join("\n");
};
