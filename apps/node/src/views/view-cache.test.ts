import { describe, expect, it } from "vitest";
import { gunzipSync } from "node:zlib";
import { encodeView, viewCache } from "./view-cache.js";

describe("viewCache", () => {
  it("computes a key once, and evicts the least recently used beyond its limit", async () => {
    const cache = viewCache(2);
    let computed = 0;
    const view = (json: string) => async () => {
      computed++;
      return { body: Buffer.from(json), gzip: null, etag: null };
    };
    expect((await cache.get("a", view("A"))).body.toString()).toBe("A");
    expect((await cache.get("a", view("A2"))).body.toString()).toBe("A");
    await cache.get("b", view("B"));
    await cache.get("a", view("A3"));
    await cache.get("c", view("C"));
    expect(computed).toBe(3);
    expect((await cache.get("b", view("B2"))).body.toString()).toBe("B2");
    expect((await cache.get("a", view("A4"))).body.toString()).toBe("A4");
    expect(cache.size()).toBe(2);
  });

  it("gzips large views and leaves small ones alone", () => {
    const large = { measures: Array.from({ length: 200 }, (_, i) => ({ title: `Захід ${i}: забезпечення послуг` })) };
    const view = encodeView(large, '"3"');
    expect(JSON.parse(gunzipSync(view.gzip ?? Buffer.alloc(0)).toString("utf8"))).toEqual(large);
    expect(view.gzip?.length).toBeLessThan(view.body.length / 4);
    expect(encodeView({ plans: [] }, null).gzip).toBeNull();
  });
});
