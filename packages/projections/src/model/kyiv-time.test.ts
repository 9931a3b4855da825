import { describe, expect, it } from "vitest";
import { kyivDay, kyivInstant } from "./kyiv-time.js";

describe("kyivDay", () => {
  it("is the UTC day while Kyiv's clock shows the same date", () => {
    expect(kyivDay(new Date("2026-12-06T21:59:59.999Z"))).toBe("2026-12-06");
    expect(kyivDay(new Date("2026-06-06T20:59:59.999Z"))).toBe("2026-06-06");
  });

  it("is already the next day from 22:00 UTC in winter and from 21:00 UTC in summer", () => {
    expect(kyivDay(new Date("2026-12-06T22:00:00.000Z"))).toBe("2026-12-07");
    expect(kyivDay(new Date("2026-06-06T21:00:00.000Z"))).toBe("2026-06-07");
    // New Year comes to Kyiv two hours before it comes to Greenwich.
    expect(kyivDay(Date.parse("2026-12-31T22:30:00.000Z"))).toBe("2027-01-01");
  });

  it("agrees with kyivInstant: the end of a Kyiv day is still that day", () => {
    const end = kyivInstant(Date.UTC(2026, 2, 29, 23, 59, 59, 999));
    expect(kyivDay(end)).toBe("2026-03-29");
    expect(kyivDay(end + 1)).toBe("2026-03-30");
  });
});
