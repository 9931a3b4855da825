/**
 * @module `planledger node restore --parent URL --node ID --db PATH`: a lost node's own log recovered from its parent
 * (or `--from` another node that holds a replica and a witnessed checkpoint of it), verified against the last witnessed
 * checkpoint, written into a new database with a new key that the parent authorises from the next seq
 * (docs/federation.md, "Restoring a lost node / Відновлення втраченого вузла"; docs/operations.md, the runbook).
 */
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { type RestoreOutcome, restoreNode } from "@planledger/federation";
import { Either } from "effect";
import { parseNodeOptions, requiredOption, UsageError } from "./node-options.js";

const usage = `Використання / usage:
  PLANLEDGER_TOKEN=<токен адміністратора батьківського вузла / the parent admin's token> \\
  planledger node restore --parent URL --node ID --db PATH [--from URL] [--reason "…"]
                          [--node-key BASE64] [--parent-key BASE64] [--json]
  --from URL      читати журнал з іншого вузла, що тримає його копію (токен: PLANLEDGER_FROM_TOKEN) /
                  read the log from another node that holds a replica (its token: PLANLEDGER_FROM_TOKEN)
  --node-key, --parent-key   ключі, відомі з іншого джерела: відповідь має їх містити / keys known from elsewhere that the answer must carry
  коди виходу / exit: 0 відновлено / restored; 1 журнал не збігся із засвідченим або запис не вдався / the log is not what was witnessed, or the write failed;
                      2 хибні вхідні дані чи відмова вузла / bad input or a node refused`;

const valueOptions = new Set(["parent", "node", "db", "from", "reason", "node-key", "parent-key"]);

const parse = (args: ReadonlyArray<string>) => parseNodeOptions(args, valueOptions);
const required = requiredOption;

const url = (value: string, name: string): string => {
  if (!/^https?:\/\/[^\s]+$/.test(value)) throw new UsageError(`--${name}: не адреса http(s) / not an http(s) URL: ${value}`);
  return value;
};

/** дд.мм.рррр гг:хх UTC. */
const dateTime = (iso: string): string => {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getUTCDate())}.${p(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())} UTC`;
};

/** What was recovered and what is lost, in the words an operator reads first. */
const report = (o: RestoreOutcome): string => {
  const lost =
    o.lost === null
      ? `  усе, що старий вузол записав після seq ${o.recoveredSeq}, втрачено; скільки — невідомо: ${o.holder} цих подій не отримував /\n` +
        `  whatever the old machine recorded after seq ${o.recoveredSeq} is lost; how many cannot be known: ${o.holder} never received them`
      : o.lost === 0
        ? `  нічого не втрачено: вузол не повідомляв про події після seq ${o.recoveredSeq} / nothing known lost: the node reported nothing after seq ${o.recoveredSeq}`
        : `  втрачено ${o.lost} подій (seq ${o.recoveredSeq + 1}–${o.recoveredSeq + o.lost}), записаних старим вузлом після останнього надсилання /\n` +
          `  ${o.lost} events lost (seq ${o.recoveredSeq + 1}–${o.recoveredSeq + o.lost}), recorded by the old machine after its last push`;
  return [
    `відновлено / restored: ${o.nodeId} → ${o.dbPath}`,
    `  відновлено до seq ${o.recoveredSeq} / recovered up to seq ${o.recoveredSeq} (хеш / hash ${o.recoveredHash.slice(0, 16)}…, корінь / root ${o.root.slice(0, 16)}…), засвідчено / witnessed by ${o.holder}`,
    ...(o.lastReceivedAt === null ? [] : [`  останній пакет від вузла отримано / last batch received from the node: ${dateTime(o.lastReceivedAt)}`]),
    lost,
    `  новий ключ / new key: ${o.keyPath} — дозволено / authorised by ${o.parent} від / from seq ${o.fromSeq}; старий ключ відкликано від / old key revoked from seq ${o.fromSeq}`,
    `  seq ${o.fromSeq}: NodeRestored записано / recorded; вузол продовжує з seq ${o.fromSeq + 1} / the node continues at seq ${o.fromSeq + 1}`,
    `  батьківський вузол / parent: ${o.parentUrl} (зареєстровано з новим ключем / enrolled with the new key)`,
  ].join("\n");
};

/**
 * @example await run(["--parent", "http://127.0.0.1:8701", "--node", "novopskovskyi", "--db", "data/novopskovskyi.db"])
 */
export const run = async (args: ReadonlyArray<string>): Promise<number> => {
  if (args[0] === "--help" || args[0] === "-h") {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  let options: Parameters<typeof restoreNode>[0];
  let json: boolean;
  try {
    const parsed = parse(args);
    json = parsed.json;
    const { values } = parsed;
    const nodeId = required(values, "node");
    if (!/^[a-z][a-z0-9-]{0,62}$/.test(nodeId)) throw new UsageError(`--node: некоректний id вузла / not a node id: ${nodeId}`);
    const dbPath = resolve(required(values, "db"));
    if (!existsSync(dirname(dbPath))) throw new UsageError(`теки ${dirname(dbPath)} немає / no such folder ${dirname(dbPath)}`);
    const token = process.env.PLANLEDGER_TOKEN ?? "";
    if (token.trim() === "") throw new UsageError("потрібен PLANLEDGER_TOKEN: токен адміністратора батьківського вузла / PLANLEDGER_TOKEN is required: the parent admin's token");
    const from = values.from === undefined ? undefined : url(values.from, "from");
    options = {
      parentUrl: url(required(values, "parent"), "parent"),
      token: token.trim(),
      nodeId,
      dbPath,
      ...(from === undefined ? {} : { holderUrl: from, holderToken: (process.env.PLANLEDGER_FROM_TOKEN ?? token).trim() }),
      ...(values.reason === undefined ? {} : { reason: values.reason }),
      pins: { nodeKey: values["node-key"], holderKey: values["parent-key"] },
    };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`planledger node restore: ${error.message}\n${usage}\n`);
    return 2;
  }
  const outcome = await restoreNode(options);
  if (Either.isRight(outcome)) {
    process.stdout.write(`${json ? JSON.stringify(outcome.right, null, 2) : report(outcome.right)}\n`);
    return 0;
  }
  const f = outcome.left;
  const head = f.step === "verify" ? "відновлення відхилено: журнал не перевірено / restore refused: the log did not verify" : "відновлення не виконано / restore not done";
  process.stderr.write(`planledger node restore: ${head} (${f.step}${f.code === undefined ? "" : `, ${f.code}`}): ${f.detail}\nнічого не записано / nothing was written\n`);
  return f.step === "verify" || f.step === "write" ? 1 : 2;
};
