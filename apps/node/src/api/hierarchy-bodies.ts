/**
 * @module Answers of the administrative tree's routes (`routes/hierarchy.routes.ts`), as schemas for the OpenAPI
 * document; the route tests check every answer against them.
 */
import { LegalBasis, UnitLevel } from "@planledger/domain";
import { RollupView } from "@planledger/projections";
import { Schema as S } from "effect";

const writtenFields = {
  stream: S.String,
  version: S.Int.annotations({ description: "the stream's version after the write; also the ETag" }),
  events: S.Array(S.String).annotations({ description: "the types of the events appended" }),
};

export const HierarchyWritten = S.Struct({ nodeId: S.String, ...writtenFields }).annotations({ identifier: "HierarchyWrittenAnswer" });
export const SuccessionWritten = S.Struct({ predecessor: S.String, successor: S.String, ...writtenFields }).annotations({
  identifier: "SuccessionWrittenAnswer",
});

interface Node {
  readonly nodeId: string;
  readonly name: string;
  readonly level: UnitLevel;
  readonly parentId: string | null;
  readonly createdOn: string;
  readonly children: ReadonlyArray<Node>;
}
const HierarchyNode: S.Schema<Node> = S.Struct({
  nodeId: S.String,
  name: S.String,
  level: UnitLevel,
  parentId: S.NullOr(S.String),
  createdOn: S.String,
  children: S.Array(S.suspend((): S.Schema<Node> => HierarchyNode)),
}).annotations({ identifier: "HierarchyNode" });

export const HierarchyViewBody = S.Struct({
  on: S.String.annotations({ description: "the day, YYYY-MM-DD" }),
  roots: S.Array(HierarchyNode),
  ended: S.Array(S.Struct({ nodeId: S.String, endedOn: S.String, continuedBy: S.NullOr(S.String) })),
  changes: S.Array(
    S.Struct({
      type: S.Literal("NodeCreated", "NodeRenamed", "NodeMoved", "NodeMerged", "NodeSplit"),
      nodeId: S.String,
      effective: S.String,
      basis: LegalBasis,
      recordedBy: S.String,
      seq: S.Int,
      name: S.optional(S.String),
      parentId: S.optional(S.NullOr(S.String)),
      into: S.optional(S.Array(S.String)),
      successor: S.optional(S.String),
    }),
  ),
  successions: S.Array(S.Struct({ predecessor: S.String, successor: S.String, authority: S.String, effective: S.String, basis: LegalBasis })),
}).annotations({ identifier: "HierarchyView" });

export const TerritoryBody = S.Struct({
  nodeId: S.String,
  on: S.String,
  unit: S.NullOr(S.Struct({ nodeId: S.String, name: S.String, level: UnitLevel, parentId: S.NullOr(S.String), createdOn: S.String })),
  units: S.Array(S.String),
  predecessors: S.Array(S.String),
  origins: S.Array(S.String).annotations({ description: "whose logs the territory's figures come from" }),
}).annotations({ identifier: "Territory" });

/** A roll-up asked with `?territory=`: the roll-up and the territory it counted. */
export const TerritoryRollupBody = S.Struct({ ...RollupView.fields, territory: S.optional(TerritoryBody) }).annotations({
  identifier: "RollupWithTerritory",
});
