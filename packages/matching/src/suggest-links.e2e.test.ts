import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { PlanDocument, PlanId } from "@planledger/domain";
import { Schema as S } from "effect";
import { describe, expect, it } from "vitest";
import { checkedLinks328to1003 } from "./fixtures/links-328-to-1003.js";
import { scoreAgainstChecked } from "./fixtures/score-against-checked.js";
import { linkableFromDocument } from "./linkable-from-document.js";
import { suggestLinks } from "./suggest-links.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));

/** The documents as the contract's `planledger parse` reads them (the importer, in its own process). */
const parse = (file: string): PlanDocument =>
  S.decodeUnknownSync(PlanDocument)(
    JSON.parse(
      execFileSync(`${root}node_modules/.bin/tsx`, ["apps/cli/src/main.ts", "parse", `fixtures/plans/${file}`], {
        cwd: root,
        encoding: "utf8",
      }),
    ),
  );

describe("link suggestions on the real № 328 and № 1003", () => {
  it("finds the hand-checked parent of most district measures first, and nearly all in the top three", () => {
    const district = linkableFromDocument(parse("002_d9322476a2055758.txt"), PlanId.make("novopskovskyi.328.2019-10-16"));
    const oblast = linkableFromDocument(parse("003_b52cafefab6c56ab.txt"), PlanId.make("luhanska.1003.2018-12-12"));
    const suggestions = suggestLinks(district, oblast);
    const accuracy = scoreAgainstChecked(district, oblast, suggestions, checkedLinks328to1003);
    console.info(
      `link suggestions № 328 → № 1003: top-1 ${accuracy.top1}/${accuracy.total}, top-3 ${accuracy.top3}/${accuracy.total}, ` +
        `top-1 accepting alternatives ${accuracy.top1Lenient}/${accuracy.total}`,
    );
    for (const miss of accuracy.misses) console.info(`  miss: «${miss.district}» → expected «${miss.expected}», got «${miss.got}»`);
    expect(accuracy.unmatched).toEqual([]);
    expect(suggestions).toHaveLength(49);
    expect(accuracy.top1 / accuracy.total).toBeGreaterThanOrEqual(0.85);
    expect(accuracy.top3 / accuracy.total).toBeGreaterThanOrEqual(0.95);
  }, 60_000);
});
