/**
 * @module Test fixtures: the Luhansk oblast register around the 2020 raion reform. Not exported from the package index.
 */
import { Instant } from "../shared/command-meta.js";
import type { CommandMeta } from "../shared/command-meta.js";
import { NodeId } from "../shared/ids.js";
import { IsoDate } from "../term/term.model.js";
import { type LegalBasis, NodeCreated, NodeMerged, NodeMoved } from "./hierarchy.events.js";

export const luhanska = NodeId.make("luhanska");
export const novopskovskyi = NodeId.make("novopskovskyi");
export const starobilskyi = NodeId.make("starobilskyi");
export const novopskovska = NodeId.make("novopskovska");

export const on = (iso: string): IsoDate => IsoDate.make(iso);
export const metaOn = (node: NodeId): CommandMeta => ({ actor: "admin", node, at: Instant.make("2026-12-05T10:00:00Z") });

/** КОАТУУ (ДК 014-97): the register as it stood before the reform. */
export const koatuu: LegalBasis = { kind: "order", issuer: "Держстандарту України", number: "659", date: on("1997-10-31"), title: "КОАТУУ ДК 014-97" };
/** The raion reform. */
export const reform: LegalBasis = {
  kind: "resolution",
  issuer: "Верховної Ради України",
  number: "807-IX",
  date: on("2020-07-17"),
  title: "Про утворення та ліквідацію районів",
};
/** The hromadas of Luhansk oblast. */
export const hromadas: LegalBasis = { kind: "order", issuer: "Кабінету Міністрів України", number: "710-р", date: on("2020-06-12") };

export const oblastCreated = new NodeCreated({ nodeId: luhanska, name: "Луганська область", level: "oblast", parentId: null, basis: koatuu, effective: on("1997-10-31") });
export const novopskovCreated = new NodeCreated({
  nodeId: novopskovskyi,
  name: "Новопсковський район",
  level: "district",
  parentId: luhanska,
  basis: koatuu,
  effective: on("1997-10-31"),
});
export const hromadaCreated = new NodeCreated({
  nodeId: novopskovska,
  name: "Новопсковська селищна громада",
  level: "hromada",
  parentId: novopskovskyi,
  basis: hromadas,
  effective: on("2020-06-12"),
});
export const starobilskCreated = new NodeCreated({
  nodeId: starobilskyi,
  name: "Старобільський район",
  level: "district",
  parentId: luhanska,
  basis: reform,
  effective: on("2020-07-17"),
});
export const hromadaMoved = new NodeMoved({ nodeId: novopskovska, parentId: starobilskyi, basis: reform, effective: on("2020-07-17") });
export const novopskovMerged = new NodeMerged({ nodeId: novopskovskyi, into: starobilskyi, basis: reform, effective: on("2020-07-17") });

/** The register from КОАТУУ through the reform, in the order an oblast records it. */
export const reformRegister = [oblastCreated, novopskovCreated, hromadaCreated, starobilskCreated, hromadaMoved, novopskovMerged];
