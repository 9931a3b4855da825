/**
 * @module The demo's credentials file, `<dir>/<node>.accounts` (mode 0600): one `login password role` line per
 * account. The demo (apps/cli) writes it when it makes the accounts; the pages' end-to-end tests (apps/node) read
 * it to sign in, so its format lives here, where both reach it.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";

export interface DemoAccount {
  readonly login: string;
  readonly password: string;
  readonly role: string;
}

/**
 * The accounts a credentials file lists; none when there is no file yet.
 *
 * @example readDemoAccounts("data/demo/luhanska.accounts").find((a) => a.role === "editor")?.password
 */
export const readDemoAccounts = (file: string): ReadonlyArray<DemoAccount> =>
  existsSync(file)
    ? readFileSync(file, "utf8")
        .split("\n")
        .filter((line) => line.trim() !== "" && !line.startsWith("#"))
        .map((line) => {
          const [login = "", password = "", role = ""] = line.split(/\s+/);
          return { login, password, role };
        })
    : [];

/**
 * Writes a credentials file readable by its owner only (the mode is set again in case the file already existed).
 *
 * @example writeDemoAccounts("data/demo/luhanska.accounts", [{ login: "admin", password: "…", role: "admin" }])
 */
export const writeDemoAccounts = (file: string, accounts: ReadonlyArray<DemoAccount>): void => {
  const lines = ["# демонстраційні облікові записи / demo accounts: login password role", ...accounts.map((a) => `${a.login} ${a.password} ${a.role}`)];
  writeFileSync(file, `${lines.join("\n")}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
};
