/**
 * @module Cursors only move forward: every sample of a cursor (what the oblast holds of a district, the
 * checkpoint it last received from it, what a district holds of the oblast) is compared with the previous sample
 * of the same cursor, in the order the samples were taken.
 */

export interface Regression {
  readonly cursor: string;
  readonly from: number;
  readonly to: number;
}

export interface CursorWatch {
  readonly observe: (cursor: string, value: number) => void;
  /**
   * A value read after another observer was told `floor` for the same cursor (e.g. a parent's status, asked after
   * a round's push was acknowledged up to `floor`): below it is a regression too.
   */
  readonly atLeast: (cursor: string, value: number, floor: number | undefined) => void;
  readonly samples: () => number;
  readonly regressions: () => ReadonlyArray<Regression>;
  readonly last: (cursor: string) => number | undefined;
}

/**
 * @example
 * const watch = cursorWatch(); watch.observe("luhanska holds novopskovskyi", 40); watch.observe("luhanska holds novopskovskyi", 38);
 * watch.regressions(); // [{ cursor: "luhanska holds novopskovskyi", from: 40, to: 38 }]
 */
export const cursorWatch = (): CursorWatch => {
  const last = new Map<string, number>();
  const regressions: Regression[] = [];
  let samples = 0;
  return {
    observe: (cursor, value) => {
      samples++;
      const before = last.get(cursor);
      if (before !== undefined && value < before) regressions.push({ cursor, from: before, to: value });
      last.set(cursor, value);
    },
    atLeast: (cursor, value, floor) => {
      samples++;
      if (floor !== undefined && value < floor) regressions.push({ cursor, from: floor, to: value });
    },
    samples: () => samples,
    regressions: () => regressions,
    last: (cursor) => last.get(cursor),
  };
};
