import { describe, expect, it } from "vitest";
import { clientAddress, sourceKey, sourceOf } from "./source-address.js";

describe("sourceKey", () => {
  it("keeps IPv4, unmaps IPv4 written as IPv6, and keys IPv6 by its /64", () => {
    expect(sourceKey("203.0.113.7")).toBe("203.0.113.7");
    expect(sourceKey("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(sourceKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:1:2::/64");
    expect(sourceKey("2001:db8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(sourceKey("2001:DB8:0:0:ffff::9")).toBe("2001:db8:0:0::/64");
    expect(sourceKey("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(sourceKey("::1")).toBe("0:0:0:0::/64");
    expect([sourceKey(undefined), sourceKey("")]).toEqual(["unknown", "unknown"]);
  });

  it("gives every address of one /64 the same key, and a neighbouring /64 another", () => {
    expect(sourceKey("2001:db8:1:2::1")).toBe(sourceKey("2001:db8:1:2:ffff:ffff:ffff:ffff"));
    expect(sourceKey("2001:db8:1:3::1")).not.toBe(sourceKey("2001:db8:1:2::1"));
  });
});

describe("clientAddress", () => {
  const none = new Set<string>();
  const proxy = new Set(["10.0.0.5", "10.0.0.6"]);

  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", () => {
    expect(clientAddress("203.0.113.7", "198.51.100.9", none)).toBe("203.0.113.7");
    expect(clientAddress("203.0.113.7", "198.51.100.9", proxy)).toBe("203.0.113.7");
  });

  it("takes the right-most address a trusted proxy did not add, whatever the client wrote to the left of it", () => {
    expect(clientAddress("10.0.0.5", "203.0.113.7", proxy)).toBe("203.0.113.7");
    expect(clientAddress("10.0.0.5", "1.2.3.4, 203.0.113.7", proxy)).toBe("203.0.113.7");
    expect(clientAddress("10.0.0.5", "1.2.3.4, 203.0.113.7, 10.0.0.6", proxy)).toBe("203.0.113.7");
    expect(clientAddress("::ffff:10.0.0.5", "203.0.113.7", proxy)).toBe("203.0.113.7");
  });

  it("stops at the last trusted hop on an entry that is not an address, and keeps the peer without the header", () => {
    expect(clientAddress("10.0.0.5", "203.0.113.7, unknown", proxy)).toBe("10.0.0.5");
    expect(clientAddress("10.0.0.5", undefined, proxy)).toBe("10.0.0.5");
    expect(clientAddress("10.0.0.5", "10.0.0.6", proxy)).toBe("10.0.0.6");
  });

  it("keys what it finds", () => {
    expect(sourceOf("10.0.0.5", "2001:db8:1:2::77", proxy)).toBe("2001:db8:1:2::/64");
    expect(sourceOf(undefined, "203.0.113.7", proxy)).toBe("unknown");
  });
});
