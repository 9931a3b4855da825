/**
 * @module `planledger node succeed`: names an administration's successor (issue #18) — the predecessor's plans pass
 * to it, and it reports on them under its own origin. Run against the predecessor's node while it exists, or
 * against its parent as the authority when it no longer can (`POST /api/v1/successions`; docs/federation.md,
 * "The hierarchy over time / Ієрархія в часі").
 */
import { readFileSync } from "node:fs";

const usage = `Використання / usage:
  planledger node succeed --url NODE_URL --predecessor ID --successor ID --effective дд.мм.рррр
                          --basis "resolution|Верховної Ради України|807-IX|17.07.2020" --admin-token-file PATH
  --basis   вид акта (resolution|order|decree|law|decision) | видавець (у родовому відмінку) | номер | дата /
            kind | issuer (as the act's heading prints it) | number | date
  коди виходу / exit: 0 записано / recorded; 2 хибні вхідні дані чи відмова вузла / bad input or the node refused`;

class UsageError extends Error {}

const valueOptions = new Set(["url", "predecessor", "successor", "effective", "basis", "admin-token-file"]);

/** `дд.мм.рррр` → `рррр-мм-дд`; an ISO date passes as it is. */
const isoDay = (text: string): string => {
  const m = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(text);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : text;
};

/**
 * @example run(["--url", "http://127.0.0.1:8703", "--predecessor", "novopskovskyi", "--successor", "starobilskyi", …])
 */
export const run = async (args: ReadonlyArray<string>): Promise<number> => {
  try {
    const values: Record<string, string> = {};
    for (let i = 0; i < args.length; i += 2) {
      const name = (args[i] as string).startsWith("--") ? (args[i] as string).slice(2) : "";
      if (!valueOptions.has(name)) throw new UsageError(`невідомий аргумент «${args[i]}» / unknown argument "${args[i]}"`);
      const value = args[i + 1];
      if (value === undefined) throw new UsageError(`--${name}: немає значення / no value`);
      values[name] = value;
    }
    for (const required of valueOptions)
      if (values[required] === undefined) throw new UsageError(`--${required}: обов'язковий / required`);
    const [kind, issuer, number, date, ...rest] = (values.basis as string).split("|").map((p) => p.trim());
    if (kind === undefined || issuer === undefined || number === undefined || date === undefined || rest.length > 0)
      throw new UsageError("--basis: вид|видавець|номер|дата / kind|issuer|number|date");
    const token = readFileSync(values["admin-token-file"] as string, "utf8").trim();
    const body = {
      predecessor: values.predecessor,
      successor: values.successor,
      effective: isoDay(values.effective as string),
      basis: { kind, issuer, number, date: isoDay(date) },
    };
    const answer = await fetch(`${(values.url as string).replace(/\/$/, "")}/api/v1/successions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    const text = await answer.text();
    if (!answer.ok) {
      const problem = JSON.parse(text) as { title?: string; detail?: string; code?: string };
      process.stderr.write(`planledger node succeed: ${problem.title ?? answer.status}: ${problem.detail ?? problem.code ?? ""}\n`);
      return 2;
    }
    process.stdout.write(`${text}\n`);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`planledger node succeed: ${e.message}\n${usage}\n`);
      return 2;
    }
    throw e;
  }
};
