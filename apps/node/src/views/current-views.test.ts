import { describe, expect, it } from "vitest";
import { type CurrentViewsDeps, currentViews } from "./current-views.js";
import { logClock } from "./log-clock.js";

/** Views over a fake read model whose log position the test moves; counts catch-ups and renders. */
const setup = (options: { readonly clock?: boolean } = {}) => {
  const state = { position: 5, catchUps: 0, renders: 0, now: new Date("2026-11-22T10:00:00Z") };
  const clock = options.clock === false ? undefined : logClock();
  const run = (async () => {
    state.catchUps++;
    return state.position;
  }) as CurrentViewsDeps["run"];
  const views = currentViews({ run, logClock: clock, now: () => state.now });
  const render = async (id: string) => {
    state.renders++;
    return { body: { id, at: state.position }, etag: `"${state.position}"` };
  };
  const tree = (id = "luhanska.1003.2018-12-12") => views.current("tree", id, (x) => x, render);
  return { state, clock, views, tree };
};

describe("currentViews", () => {
  it("peeks only at a view already computed at the clock's current tick", async () => {
    const { state, clock, views, tree } = setup();
    expect(views.peek("tree", "luhanska.1003.2018-12-12")).toBeUndefined();
    const view = await tree();
    expect(views.peek("tree", "luhanska.1003.2018-12-12")).toBe(view);
    expect(views.peek("rollup", "luhanska.1003.2018-12-12")).toBeUndefined();
    expect(views.peek("tree", "luhanska.852.2020-02-08")).toBeUndefined();
    expect(await tree()).toBe(view);
    expect(state).toMatchObject({ catchUps: 1, renders: 1 });

    // A write moves the clock: nothing is current until a read has caught up again.
    state.position = 6;
    clock?.advance();
    expect(views.peek("tree", "luhanska.1003.2018-12-12")).toBeUndefined();
    const next = await tree();
    expect(next.etag).toBe('"6"');
    expect(views.peek("tree", "luhanska.1003.2018-12-12")).toBe(next);
    expect(state).toMatchObject({ catchUps: 2, renders: 2 });
  });

  it("keeps the cached view when a write left the read model where it was, and drops it at midnight UTC", async () => {
    const { state, clock, views, tree } = setup();
    const view = await tree();
    clock?.advance(); // e.g. a refused write: the clock moves, the position does not
    expect(await tree()).toBe(view);
    expect(state).toMatchObject({ catchUps: 2, renders: 1 });
    expect(views.peek("tree", "luhanska.1003.2018-12-12")).toBe(view);

    state.now = new Date("2026-11-23T00:00:00Z"); // "overdue" is evaluated per day
    expect(views.peek("tree", "luhanska.1003.2018-12-12")).toBeUndefined();
    expect(await tree()).not.toBe(view);
    expect(state.renders).toBe(2);
  });

  it("without a log clock catches up on every read and never answers a peek", async () => {
    const { state, views, tree } = setup({ clock: false });
    await tree();
    await tree();
    expect(state).toMatchObject({ catchUps: 2, renders: 1 });
    expect(views.peek("tree", "luhanska.1003.2018-12-12")).toBeUndefined();
  });

  it("stores only ids that passed validation", async () => {
    const { views } = setup();
    const refuse = (id: string): string => {
      throw new Error(`bad id ${id}`);
    };
    await expect(views.current("tree", "Bad Id", refuse, async () => ({ body: {}, etag: null }))).rejects.toThrow("bad id");
    expect(views.peek("tree", "Bad Id")).toBeUndefined();
  });

  it("lets requests for a view being computed share that one computation", async () => {
    const { state, views } = setup({ clock: false });
    let finish: () => void = () => undefined;
    const slow = async (id: string) => {
      state.renders++;
      // A roll-up computed in slices: the event loop turns, and other requests come, before it is done.
      await new Promise<void>((resolve) => {
        finish = resolve;
      });
      return { body: { id, at: state.position }, etag: null };
    };
    const rollup = () => views.current("rollup", "luhanska.1003.2018-12-12", (x) => x, slow);
    const first = rollup();
    const second = rollup();
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(state.renders).toBe(1);
    finish();
    const [a, b] = await Promise.all([first, second]);
    expect(b).toBe(a);
    // Done: the next request at a new position computes again.
    state.position = 6;
    const third = rollup();
    await new Promise<void>((resolve) => setImmediate(resolve));
    finish();
    expect((await third).body).not.toEqual(a.body);
    expect(state.renders).toBe(2);
  });
});
