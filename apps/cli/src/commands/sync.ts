/**
 * @module `planledger sync`: asks a running node to sync with its parent now, shows its federation status,
 * enrolls it with a parent, shows and lifts the split views it recorded, or undoes an enrollment (removes a child,
 * cancels an invitation). Talks to the node over its HTTP API, so the node's own process (which holds
 * the database) does the work.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { progress } from "../progress.js";

const usage = `Використання / usage:
  planledger sync --admin-token-file PATH [--url URL]           синхронізувати зараз / sync with the parent now
  planledger sync --status --admin-token-file PATH [--url URL] [--json]
                                                    стан федерації: батьківський вузол, дочірні вузли / federation status
  planledger sync --join PARENT_URL --token T --admin-token-file PATH [--url URL]
                                                    приєднати вузол до батьківського / enroll the node with its parent
  planledger sync --invite NODE_ID --level LEVEL --admin-token-file PATH [--url URL]
                                                    запросити дочірній вузол (видає токен) / invite a child (prints its token)
  planledger sync --split-views --admin-token-file PATH [--url URL] [--json]
                                                    розбіжні бачення журналів, виявлені вузлом / split views the node has seen
  planledger sync --lift-split ORIGIN --reason TEXT --admin-token-file PATH [--url URL]
                                                    зняти блокування джерела після розбіжного бачення / lift the block on an origin
  planledger sync --remove-child NODE_ID --reason TEXT --admin-token-file PATH [--url URL]
                                                    вилучити дочірній вузол (журнал лишається) / remove a child (its log stays held)
  planledger sync --cancel-invitation NODE_ID --admin-token-file PATH [--url URL]
                                                    скасувати невикористане запрошення / cancel an invitation not yet used
URL: вузол / the node, типово / default PLANLEDGER_URL або / or http://127.0.0.1:$PLANLEDGER_PORT (8700)
PATH: файл адміністративного токена вузла / the node's admin token file (\`serve\` writes it beside the database),
  типово / default PLANLEDGER_ADMIN_TOKEN_FILE
Коди виходу / exit codes: 0 гаразд / ok, 1 синхронізацію не завершено / sync failed, 2 помилка виклику або вузол недоступний / bad usage or node unreachable`;

const pad = (n: number): string => String(n).padStart(2, "0");

/** `дд.мм.рррр гг:хх UTC`. */
const formatUtc = (iso: string | null | undefined): string => {
  if (iso === null || iso === undefined) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${pad(d.getUTCDate())}.${pad(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
};

interface OriginSync {
  readonly origin: string;
  readonly batches: number;
  readonly stored: number;
  readonly skipped: number;
  readonly cursor: number;
}
interface SyncReport {
  readonly node: string;
  readonly parent: string | null;
  readonly pushed: ReadonlyArray<OriginSync>;
  readonly pulled: ReadonlyArray<OriginSync>;
  readonly error: string | null;
}
interface Status {
  readonly node: string;
  readonly parent: { nodeId: string; url: string | null; lastSyncAt: string | null; lastError: string | null } | null;
  readonly children: ReadonlyArray<{
    nodeId: string;
    level: string;
    events: number;
    lastCheckpoint: { seq: number; signedAt: string } | null;
    lastReceivedAt: string | null;
    removedAt?: string | null;
  }>;
}

const call = async (url: string, init: { method: string; token?: string; body?: unknown }) => {
  const headers: Record<string, string> = { accept: "application/json" };
  if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(url, { method: init.method, headers, ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }) });
  return { status: res.status, body: (await res.json().catch(() => null)) as unknown };
};

const describeSync = (r: SyncReport): string[] => [
  ...r.pushed.map((o) => `  ↑ ${o.origin}: нових / stored ${o.stored}, уже були / skipped ${o.skipped}, пакетів / batches ${o.batches}, курсор / cursor ${o.cursor}`),
  ...r.pulled.map((o) => `  ↓ ${o.origin}: нових / stored ${o.stored}, курсор / cursor ${o.cursor}`),
];

/** Events stored and batches sent over all origins of one direction. */
const moved = (origins: ReadonlyArray<OriginSync>) =>
  origins.reduce((sum, o) => ({ stored: sum.stored + o.stored, batches: sum.batches + o.batches }), { stored: 0, batches: 0 });

const describeStatus = (s: Status): string[] => [
  `вузол / node ${s.node}`,
  s.parent === null
    ? "  батьківського вузла немає / no parent"
    : `  батьківський / parent ${s.parent.nodeId} (${s.parent.url ?? "—"}): остання синхронізація / last sync ${formatUtc(s.parent.lastSyncAt)}` +
      (s.parent.lastError === null ? "" : `, помилка / error ${s.parent.lastError}`),
  ...(s.children.length === 0
    ? ["  дочірніх вузлів немає / no children"]
    : s.children.map(
        (c) =>
          `  ${c.nodeId} (${c.level}): подій / events ${c.events}; остання контрольна точка / last checkpoint ` +
          (c.lastCheckpoint === null ? "—" : `seq ${c.lastCheckpoint.seq}`) +
          `, отримано / received ${formatUtc(c.lastReceivedAt)}` +
          (c.removedAt === null || c.removedAt === undefined ? "" : `; вилучено / removed ${formatUtc(c.removedAt)}`),
      )),
];

export const run = async (args: ReadonlyArray<string>): Promise<number> => {
  let values: ReturnType<typeof parseOptions>;
  try {
    values = parseOptions(args);
  } catch (error) {
    process.stderr.write(`planledger sync: ${error instanceof Error ? error.message : String(error)}\n${usage}\n`);
    return 2;
  }
  if (values.help === true) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const node = (values.url ?? process.env.PLANLEDGER_URL ?? `http://127.0.0.1:${process.env.PLANLEDGER_PORT ?? "8700"}`).replace(/\/+$/, "");
  const tokenFile = values["admin-token-file"] ?? process.env.PLANLEDGER_ADMIN_TOKEN_FILE;
  const adminToken = tokenFile === undefined ? undefined : readFileSync(tokenFile, "utf8").trim();
  // Every action asks the node for something only its admins may have: a round, its status, an invitation, a join.
  if (adminToken === undefined) {
    process.stderr.write(`planledger sync: потрібен --admin-token-file / --admin-token-file is required\n${usage}\n`);
    return 2;
  }
  try {
    if (values.invite !== undefined) {
      const res = await call(`${node}/federation/v1/invitations`, {
        method: "POST",
        token: adminToken,
        body: { nodeId: values.invite, level: values.level },
      });
      if (res.status !== 201) throw new Refused(res.status, res.body);
      process.stdout.write(`${(res.body as { token: string }).token}\n`);
      return 0;
    }
    if (values.join !== undefined) {
      if (values.token === undefined) throw new Error("--token is required with --join");
      const res = await call(`${node}/federation/v1/join`, {
        method: "POST",
        token: adminToken,
        body: { parentUrl: values.join, token: values.token },
      });
      if (res.status !== 200) throw new Refused(res.status, res.body);
      const parent = (res.body as { parent: { nodeId: string } }).parent.nodeId;
      process.stdout.write(`приєднано до / enrolled with ${parent} (${values.join})\n`);
      return 0;
    }
    if (values["split-views"] === true) {
      const res = await call(`${node}/federation/v1/split-views`, { method: "GET", token: adminToken });
      if (res.status !== 200) throw new Refused(res.status, res.body);
      const { views } = res.body as { views: ReadonlyArray<SplitViewShown> };
      process.stdout.write(values.json === true ? `${JSON.stringify(res.body, null, 2)}\n` : `${describeSplits(views).join("\n")}\n`);
      return 0;
    }
    if (values["lift-split"] !== undefined) {
      if (values.reason === undefined || values.reason.trim() === "") throw new Error("--reason is required with --lift-split");
      const res = await call(`${node}/federation/v1/split-views/lift`, {
        method: "POST",
        token: adminToken,
        body: { origin: values["lift-split"], reason: values.reason },
      });
      if (res.status !== 200) throw new Refused(res.status, res.body);
      const { lifted } = res.body as { lifted: number };
      process.stdout.write(
        lifted === 0
          ? `відкритих розбіжних бачень ${values["lift-split"]} немає / no open split view of ${values["lift-split"]}\n`
          : `знято / lifted: ${lifted}; прийом від ${values["lift-split"]} відновлено / ${values["lift-split"]} is taken again\n`,
      );
      return 0;
    }
    if (values["remove-child"] !== undefined) {
      if (values.reason === undefined || values.reason.trim() === "") throw new Error("--reason is required with --remove-child");
      const res = await call(`${node}/federation/v1/children/remove`, {
        method: "POST",
        token: adminToken,
        body: { nodeId: values["remove-child"], reason: values.reason },
      });
      if (res.status !== 200) throw new Refused(res.status, res.body);
      const { removedAt } = res.body as { removedAt: string };
      process.stdout.write(
        `вилучено / removed: ${values["remove-child"]} (${formatUtc(removedAt)}); його запити відхиляються, журнал лишається / ` +
          "its requests are refused, its log stays held\n",
      );
      return 0;
    }
    if (values["cancel-invitation"] !== undefined) {
      const res = await call(`${node}/federation/v1/invitations/cancel`, {
        method: "POST",
        token: adminToken,
        body: { nodeId: values["cancel-invitation"] },
      });
      if (res.status !== 200) throw new Refused(res.status, res.body);
      process.stdout.write(`запрошення скасовано / invitation cancelled: ${values["cancel-invitation"]}\n`);
      return 0;
    }
    if (values.status === true) {
      const res = await call(`${node}/federation/v1/status`, { method: "GET", token: adminToken });
      if (res.status !== 200) throw new Refused(res.status, res.body);
      process.stdout.write(values.json === true ? `${JSON.stringify(res.body, null, 2)}\n` : `${describeStatus(res.body as Status).join("\n")}\n`);
      return 0;
    }
    // The node syncs in its own process and answers once the round is over, so there is no count to show
    // before the answer: the time waited, then what the round moved.
    const shown = progress("синхронізація / sync");
    let report: SyncReport;
    try {
      const res = await call(`${node}/federation/v1/sync`, { method: "POST", token: adminToken });
      if (res.status !== 200) throw new Refused(res.status, res.body);
      report = res.body as SyncReport;
      const up = moved(report.pushed);
      const down = moved(report.pulled);
      shown.tick(up.stored + down.stored);
      shown.done(
        `↑ подій / events ${up.stored}, пакетів / batches ${up.batches}; ↓ подій / events ${down.stored}, пакетів / batches ${down.batches}`,
      );
    } finally {
      shown.cancel();
    }
    if (values.json === true) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else {
      const head =
        report.error === null
          ? `✓ ${report.node} → ${report.parent}: синхронізовано / synced`
          : `✗ ${report.node} → ${report.parent ?? "—"}: не завершено / not completed: ${report.error}`;
      process.stdout.write(`${[head, ...describeSync(report)].join("\n")}\n`);
    }
    return report.error === null ? 0 : 1;
  } catch (error) {
    if (error instanceof Refused) {
      const title = typeof error.body === "object" && error.body !== null && "title" in error.body ? String(error.body.title) : "";
      process.stderr.write(`planledger sync: HTTP ${error.status} ${title}\n`);
      // The facts of the refusal: how long to wait (429), why a child or invitation is not there (404), …
      if (typeof error.body === "object" && error.body !== null && "detail" in error.body)
        process.stderr.write(`${String(error.body.detail)}\n`);
      return error.status === 409 || error.status === 429 || error.status >= 500 ? 1 : 2;
    }
    process.stderr.write(`planledger sync: вузол недоступний / node unreachable at ${node}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
};

interface SplitViewShown {
  readonly origin: string;
  readonly source: string;
  readonly heldSize: number;
  readonly presentedSize: number;
  readonly conclusive: boolean;
  readonly detectedAt: string;
  readonly liftedAt: string | null;
  readonly liftedBy: string | null;
}

const describeSplits = (views: ReadonlyArray<SplitViewShown>): string[] =>
  views.length === 0
    ? ["розбіжних бачень немає / no split views"]
    : views.map(
        (v) =>
          `${v.liftedAt === null ? "✗" : "✓"} ${v.origin}: розмір / size ${v.heldSize} ↔ ${v.presentedSize} (${v.source}), ${formatUtc(v.detectedAt)}; ` +
          (v.liftedAt !== null
            ? `знято / lifted ${formatUtc(v.liftedAt)} (${v.liftedBy ?? "—"})`
            : v.conclusive
              ? "прийом зупинено / refused"
              : "не контрпідписано / not cosigned"),
      );

class Refused extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}`);
  }
}

const parseOptions = (args: ReadonlyArray<string>) =>
  parseArgs({
    args: [...args],
    options: {
      url: { type: "string" },
      status: { type: "boolean" },
      json: { type: "boolean" },
      join: { type: "string" },
      token: { type: "string" },
      invite: { type: "string" },
      level: { type: "string" },
      "split-views": { type: "boolean" },
      "lift-split": { type: "string" },
      "remove-child": { type: "string" },
      "cancel-invitation": { type: "string" },
      reason: { type: "string" },
      "admin-token-file": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  }).values;
