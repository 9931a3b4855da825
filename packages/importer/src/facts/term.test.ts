import { describe, expect, it } from "vitest";
import { startToEnd } from "./term.js";

describe("startToEnd: held-out-17's term printed as «початок:» / «закінчення:»", () => {
  it("writes the start and the end as the range they are, and leaves any other text alone", () => {
    expect(startToEnd("початок: травень 2026 р. закінчення: серпень 2026 р.")).toBe("травень 2026 р. – серпень 2026 р.");
    expect(startToEnd("Початок: IV квартал 2026 р.; закінчення: I квартал 2027 р.")).toBe("IV квартал 2026 р. – I квартал 2027 р.");
    expect(startToEnd("травень 2026 р.")).toBe("травень 2026 р.");
    expect(startToEnd("початок робіт у травні")).toBe("початок робіт у травні");
  });
});
