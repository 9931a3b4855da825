/**
 * @module A small decider of section titles over real domain events, standing in for an aggregate in the
 * command handler's tests, so that events go through the domain's registry as the real ones do.
 */
import { type Decider, makePlanId, makeSectionId, NodeId, SectionAdded } from "@planledger/domain";
import { Either, Schema as S } from "effect";

const planId = makePlanId({ ownerNode: NodeId.make("luhanska"), order: { number: "1003", date: "2018-12-12" } });
export const stream = `plan:${planId}`;

/** Adds a section with a title; an empty title is refused. */
export interface AddTitled {
  readonly title: string;
}
export class EmptyTitle extends S.TaggedError<EmptyTitle>()("EmptyTitle", {}) {}
interface Titles {
  readonly titles: ReadonlyArray<string>;
}

/** One section per command, numbered after those the stream holds: a retry must number it afresh. */
export const titlesDecider: Decider<AddTitled, SectionAdded, Titles, EmptyTitle> = {
  initialState: { titles: [] },
  decide: (command, state) =>
    command.title === ""
      ? Either.left(new EmptyTitle())
      : Either.right([
          new SectionAdded({
            sectionId: makeSectionId(planId, state.titles.length + 1),
            label: String(state.titles.length + 1),
            ordinal: state.titles.length + 1,
            title: command.title,
          }),
        ]),
  evolve: (state, event) => ({ titles: [...state.titles, event.title] }),
};

