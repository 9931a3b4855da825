import { describe, expect, it } from "vitest";
import { readExecutors } from "./executors.js";

describe("readExecutors", () => {
  it("spreads a department group, keeping a semicolon member whose name holds commas", () => {
    const r = readExecutors(
      "департаменти облдержадміністрації: соціального захисту населення; масових комунікацій, управління облдержадміністрації: молоді та спорту; культури, національностей, релігій та туризму, Луганський обласний центр для сім'ї, дітей та молоді, ПРООН (за згодою)",
    );
    expect(r.executors).toEqual([
      { name: "Департамент соціального захисту населення облдержадміністрації", byConsent: false },
      { name: "Департамент масових комунікацій облдержадміністрації", byConsent: false },
      { name: "Управління молоді та спорту облдержадміністрації", byConsent: false },
      { name: "Управління культури, національностей, релігій та туризму облдержадміністрації", byConsent: false },
      { name: "Луганський обласний центр для сім'ї, дітей та молоді", byConsent: false },
      { name: "ПРООН", byConsent: true },
    ]);
  });

  it("reads '(за згодою)' printed without a space and a full stop between two bodies", () => {
    expect(readExecutors("Служба у справах дітей райдержадміністрації. Новопсковський районний центр, Селищна та сільські ради(за згодою)").executors).toEqual([
      { name: "Служба у справах дітей райдержадміністрації", byConsent: false },
      { name: "Новопсковський районний центр", byConsent: false },
      { name: "Селищна та сільські ради", byConsent: true },
    ]);
  });

  it("keeps a list of adjectives with the body it qualifies", () => {
    expect(readExecutors("обласний та районні, міські центри соціальних служб для сім'ї, дітей та молоді, районні служби зайнятості").executors.map((e) => e.name)).toEqual([
      "Обласний та районні, міські центри соціальних служб для сім'ї, дітей та молоді",
      "Районні служби зайнятості",
    ]);
  });

  it("flags a '(за згодою)' that opens the cell instead of giving it to the first body", () => {
    const r = readExecutors("(за згодою) департаменти облдержадміністрації: охорони здоров'я, соціального захисту населення");
    expect(r.strayConsent).toBe(true);
    expect(r.executors.map((e) => e.byConsent)).toEqual([false, false]);
  });

  it("keeps adjectives that share one noun with it, and opens a body in lower case with an adjective and its noun", () => {
    expect(readExecutors("обласні, Київська міська військові адміністрації, органи місцевого самоврядування (за згодою)").executors).toEqual([
      { name: "Обласні, Київська міська військові адміністрації", byConsent: false },
      { name: "Органи місцевого самоврядування", byConsent: true },
    ]);
    expect(readExecutors("Виконавчі органи Звенигородської, Катеринопільської, Шполянської міських та інших територіальних громад").executors.map((e) => e.name)).toEqual([
      "Виконавчі органи Звенигородської, Катеринопільської, Шполянської міських та інших територіальних громад",
    ]);
    expect(readExecutors("Управління фінансів райдержадміністрації, головні розпорядники коштів місцевих бюджетів").executors.map((e) => e.name)).toEqual([
      "Управління фінансів райдержадміністрації",
      "Головні розпорядники коштів місцевих бюджетів",
    ]);
    expect(readExecutors("Служба у справах дітей міської ради, старости старостинських округів").executors.map((e) => e.name)).toEqual([
      "Служба у справах дітей міської ради",
      "Старости старостинських округів",
    ]);
  });

  it("reads one body a line", () => {
    expect(readExecutors("Мінсоцполітики\nМВС\nобласні та Київська міська військові адміністрації").executors.map((e) => e.name)).toEqual([
      "Мінсоцполітики",
      "МВС",
      "Обласні та Київська міська військові адміністрації",
    ]);
  });
});
