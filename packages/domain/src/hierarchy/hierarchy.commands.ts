/**
 * @module Commands of the administrative register (`hierarchy:<node>`) and of a succession (`succession:<node>`).
 */
import { Schema as S } from "effect";
import { fieldsOf } from "../shared/by-tag.js";
import { CommandMeta } from "../shared/command-meta.js";
import { HierarchyEvent, NodeCreated, NodeMerged, NodeMoved, NodeRenamed, NodeSplit, SuccessorNamed } from "./hierarchy.events.js";

export class CreateNode extends S.TaggedClass<CreateNode>()("CreateNode", { meta: CommandMeta, ...fieldsOf(NodeCreated.fields) }) {}
export class RenameNode extends S.TaggedClass<RenameNode>()("RenameNode", { meta: CommandMeta, ...fieldsOf(NodeRenamed.fields) }) {}
export class MoveNode extends S.TaggedClass<MoveNode>()("MoveNode", { meta: CommandMeta, ...fieldsOf(NodeMoved.fields) }) {}
export class MergeNode extends S.TaggedClass<MergeNode>()("MergeNode", { meta: CommandMeta, ...fieldsOf(NodeMerged.fields) }) {}
export class SplitNode extends S.TaggedClass<SplitNode>()("SplitNode", { meta: CommandMeta, ...fieldsOf(NodeSplit.fields) }) {}

export const HierarchyCommand = S.Union(CreateNode, RenameNode, MoveNode, MergeNode, SplitNode);
export type HierarchyCommand = typeof HierarchyCommand.Type;

const { authority: _authority, ...successionFields } = fieldsOf(SuccessorNamed.fields);

/**
 * Names the predecessor's successor. `register` is the administrative tree as this node holds it (every hierarchy
 * event of every register it holds), passed in so the decider stays pure; the authority is `meta.node`.
 */
export class NameSuccessor extends S.TaggedClass<NameSuccessor>()("NameSuccessor", {
  meta: CommandMeta,
  ...successionFields,
  register: S.Array(HierarchyEvent),
}) {}

export const SuccessionCommand = NameSuccessor;
export type SuccessionCommand = NameSuccessor;
