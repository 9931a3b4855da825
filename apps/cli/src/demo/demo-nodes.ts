/**
 * @module The demo federation of `shared/contract.md`: four nodes on 127.0.0.1 and which document each owns.
 */
import type { NodeLevel } from "@planledger/node";

export interface DemoNode {
  readonly nodeId: string;
  readonly level: NodeLevel;
  readonly displayName: string;
  readonly port: number;
  readonly url: string;
  readonly parentUrl: string | null;
  /** Seed documents this node adopts, in order (a parent plan before the plans that implement it). */
  readonly documents: ReadonlyArray<{ readonly file: string; readonly parentOrder?: string }>;
}

/**
 * The four nodes with ports from `basePort` (8700 by default: ukraine 8700, luhanska 8701, volynska 8702,
 * novopskovskyi 8703).
 *
 * @example demoNodes(8700).map((n) => n.url) // ["http://127.0.0.1:8700", …]
 */
export const demoNodes = (basePort = 8700): ReadonlyArray<DemoNode> => {
  const url = (offset: number) => `http://127.0.0.1:${basePort + offset}`;
  return [
    { nodeId: "ukraine", level: "national", displayName: "Україна — національний рівень", port: basePort, url: url(0), parentUrl: null, documents: [] },
    {
      nodeId: "luhanska",
      level: "oblast",
      displayName: "Луганська обласна військова адміністрація",
      port: basePort + 1,
      url: url(1),
      parentUrl: url(0),
      documents: [{ file: "003_b52cafefab6c56ab.txt" }, { file: "000_9d8a7f6d078db2f4.txt" }],
    },
    {
      nodeId: "volynska",
      level: "oblast",
      displayName: "Волинська обласна державна адміністрація",
      port: basePort + 2,
      url: url(2),
      parentUrl: url(0),
      documents: [{ file: "001_ff054dd0dbb46d17.txt" }],
    },
    {
      nodeId: "novopskovskyi",
      level: "district",
      displayName: "Новопсковська районна державна адміністрація",
      port: basePort + 3,
      url: url(3),
      parentUrl: url(1),
      documents: [{ file: "002_d9322476a2055758.txt", parentOrder: "1003" }],
    },
  ];
};
