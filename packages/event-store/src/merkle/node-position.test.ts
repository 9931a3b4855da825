import { describe, expect, it } from "vitest";
import { CompactRange } from "./compact-range.js";
import { lastInteriorPosition, lastNodePosition, nodeAtPosition, nodePosition } from "./node-position.js";
import { leafHash } from "./tree-hash.js";

describe("node positions", () => {
  it("number the nodes 0, 1, 2, … in the order appends complete them, and invert", () => {
    let range = CompactRange.empty;
    let next = 0;
    for (let size = 1; size <= 3000; size++) {
      const appended = range.append(leafHash(Buffer.from(String(size))));
      range = appended.range;
      for (const node of appended.nodes) {
        expect(nodePosition(node)).toBe(next);
        expect(nodeAtPosition(next)).toEqual({ level: node.level, index: node.index });
        next++;
      }
      expect(lastNodePosition(size)).toBe(next - 1);
      const interior = appended.nodes.filter((n) => n.level > 0);
      if (interior.length > 0) expect(lastInteriorPosition(size)).toBe(nodePosition(interior.at(-1) as (typeof interior)[number]));
    }
  });

  it("give the small cases by hand, and −1 for trees without such a node", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(nodeAtPosition)).toEqual([
      { level: 0, index: 0 },
      { level: 0, index: 1 },
      { level: 1, index: 0 },
      { level: 0, index: 2 },
      { level: 0, index: 3 },
      { level: 1, index: 1 },
      { level: 2, index: 0 },
      { level: 0, index: 4 },
    ]);
    expect([0, 1, 2, 3, 4, 5].map(lastInteriorPosition)).toEqual([-1, -1, 2, 2, 6, 6]);
    expect(lastNodePosition(0)).toBe(-1);
    expect(nodePosition({ level: 20, index: 3 })).toBe(nodePosition({ level: 0, index: 4 * 2 ** 20 - 1 }) + 20);
    expect(() => nodeAtPosition(-1)).toThrow(RangeError);
  });
});
