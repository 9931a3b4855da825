/**
 * @module The page tests' browser: Debian's chromium driven by playwright-core (never a downloaded build),
 * axe-core run inside the page, and screenshots at the widths people use.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";

/** Where chromium is: `PLANLEDGER_CHROMIUM`, else `chromium` or `chromium-browser` on PATH. */
export const chromiumPath = (): string => {
  const given = process.env.PLANLEDGER_CHROMIUM;
  if (given !== undefined && given !== "") return given;
  for (const name of ["chromium", "chromium-browser"]) {
    try {
      return execFileSync("which", [name], { encoding: "utf8" }).trim();
    } catch {
      // next name
    }
  }
  throw new Error("Chromium не знайдено / no chromium on PATH: run `bash infra/test/ensure-browser.sh`");
};

export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({
    executablePath: chromiumPath(),
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--lang=uk-UA"],
  });

/** The few DOM globals the in-page callbacks read (this package is typed for Node, not the DOM). */
export interface InPage {
  readonly document: {
    readonly activeElement: { readonly textContent: string | null } | null;
    readonly documentElement: { readonly scrollWidth: number; readonly clientWidth: number };
  };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: ReadonlyArray<string>;
}

/** Runs axe-core on the page as it is; returns the serious and critical violations. */
export const seriousViolations = async (page: Page): Promise<ReadonlyArray<AxeViolation>> => {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const inPage = globalThis as unknown as InPage & { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: unknown }> } };
    const result = await inPage.axe.run(inPage.document, { resultTypes: ["violations"] });
    return (result.violations as { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[]).map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
    }));
  });
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
};

/** Writes `<dir>/<name>-<width>.png` of the top of the page at each width (a phone and a desktop). */
export const screenshots = async (page: Page, dir: string, name: string, widths: ReadonlyArray<number> = [1280, 390], scrollTo?: string): Promise<void> => {
  mkdirSync(dir, { recursive: true });
  for (const width of widths) {
    await page.setViewportSize({ width, height: 900 });
    // A part below the fold (`scrollTo`, a selector) is brought to the top at each width, as a person scrolls to it.
    if (scrollTo !== undefined) await page.locator(scrollTo).evaluate((e) => (e as unknown as { scrollIntoView: (top: boolean) => void }).scrollIntoView(true));
    await page.screenshot({ path: join(dir, `${name}-${width}.png`) });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
};

/** Whether the page is wider than its viewport (something overflows sideways). */
export const overflowsSideways = (page: Page): Promise<boolean> =>
  page.evaluate(() => {
    const root = (globalThis as unknown as InPage).document.documentElement;
    return root.scrollWidth > root.clientWidth + 1;
  });
