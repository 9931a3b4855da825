import { describe, expect, it } from "vitest";
import { bracketsApart, commaConsentAsBracket, consentFootnote, opensNextBody, readExecutors, splitJointly, withConsentMarks, withoutPersons } from "./executors.js";

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

  it("keeps the body or position printed with the answerable official in brackets, and names the person apart", () => {
    const read = readExecutors(
      "Заступник селищного голови (Мороз В.І.)\nВідділ освіти, культури, молоді та спорту селищної ради (Коваленко\nО.М.)\nФілія центру зайнятості (І.С. Гаврилюк) (за згодою)\nСтарости старостинських округів",
    );
    expect(read.executors).toEqual([
      { name: "Заступник селищного голови", byConsent: false },
      { name: "Відділ освіти, культури, молоді та спорту селищної ради", byConsent: false },
      { name: "Філія центру зайнятості", byConsent: true },
      { name: "Старости старостинських округів", byConsent: false },
    ]);
    expect(read.persons).toEqual([
      { executor: "Заступник селищного голови", person: "Мороз В.І." },
      { executor: "Відділ освіти, культури, молоді та спорту селищної ради", person: "Коваленко О.М." },
      { executor: "Філія центру зайнятості", person: "І.С. Гаврилюк" },
    ]);
    // Brackets that name no person stay, and so does a bracket that is all there is.
    expect(withoutPersons("Управління (відділ) освіти").name).toBe("Управління (відділ) освіти");
    expect(withoutPersons("ГУНП в Київській області (ДСНС)").persons).toEqual([]);
    expect(withoutPersons("(Коваленко О.М.)")).toEqual({ name: "(Коваленко О.М.)", persons: [] });
  });

  it("reads one body a line", () => {
    expect(readExecutors("Мінсоцполітики\nМВС\nобласні та Київська міська військові адміністрації").executors.map((e) => e.name)).toEqual([
      "Мінсоцполітики",
      "МВС",
      "Обласні та Київська міська військові адміністрації",
    ]);
  });
});

describe("opensNextBody: a line break that may end one body of a cell and start the next", () => {
  it("starts a body or an office after a name that leaves nothing open", () => {
    expect(opensNextBody("Керівники закладів освіти", "Заступники директорів з навчально-виховної роботи")).toBe(true);
    expect(opensNextBody("Практичні психологи закладів освіти", "Громадська організація «Ліга медіаторів»")).toBe(true);
    expect(opensNextBody("Класні керівники", "Практичні психологи")).toBe(true);
    expect(opensNextBody("Практичні психологи закладів освіти", "Білоцерківський міський центр соціальних служб")).toBe(true);
    expect(opensNextBody("Департамент екології та природних ресурсів облдержадміністрації", "Рівненська міська рада (за згодою)")).toBe(true);
  });

  it("continues a name whose next word only qualifies it, or one left open", () => {
    expect(opensNextBody("Служба у справах дітей", "Білоцерківської міської ради")).toBe(false);
    expect(opensNextBody("управління поліції", "Головного управління Національної поліції")).toBe(false);
    expect(opensNextBody("Головного управління Національної поліції в", "Київській області")).toBe(false);
    expect(opensNextBody("районне управління ГУ ДСНС", "України у Черкаській області")).toBe(false);
    expect(opensNextBody("Комунальна установа «Центр професійного розвитку", "Управління освіти")).toBe(false);
    expect(opensNextBody("облдержадміністрації,", "Обласний центр соціальних служб")).toBe(false);
    expect(opensNextBody("кошти", "Програми ЮНІСЕФ")).toBe(false);
  });
});

describe("positions and lower-case bodies one a paragraph", () => {
  it("starts another executor at a position in lower case after a paragraph or a comma", () => {
    expect(
      readExecutors(
        "керуючий справами (секретар) виконавчого комітету\nстарости старостинських округів\nкерівники підприємств, установ та організацій усіх форм власності (за згодою)",
      ).executors,
    ).toEqual([
      { name: "Керуючий справами (секретар) виконавчого комітету", byConsent: false },
      { name: "Старости старостинських округів", byConsent: false },
      { name: "Керівники підприємств, установ та організацій усіх форм власності", byConsent: true },
    ]);
    expect(readExecutors("начальник відділу освіти, головний спеціаліст з питань екології").executors.map((e) => e.name)).toEqual([
      "Начальник відділу освіти",
      "Головний спеціаліст з питань екології",
    ]);
    expect(readExecutors("головний спеціаліст – інспектор з благоустрою відділу житлово-комунального господарства, благоустрою та будівництва").executors).toHaveLength(1);
    expect(readExecutors("заступник селищного голови з питань діяльності виконавчих органів ради").executors).toHaveLength(1);
  });

  it("starts another body at «сектор …» on its own paragraph", () => {
    expect(readExecutors("відділ соціального захисту населення\nсектор культури, молоді та спорту райдержадміністрації").executors.map((e) => e.name)).toEqual([
      "Відділ соціального захисту населення",
      "Сектор культури, молоді та спорту райдержадміністрації",
    ]);
  });

  it("on a printed line, a lower-case nominative head opens a body, unless an adjective waits for it", () => {
    expect(opensNextBody("Вознесенська районна військова адміністрація", "органи місцевого самоврядування (за згодою)")).toBe(true);
    expect(opensNextBody("Заступник", "старости Красилівського округу")).toBe(false);
    expect(opensNextBody("Новопсковський районний", "центр соціальних служб")).toBe(false);
    expect(opensNextBody("Начальник", "управління освіти")).toBe(false);
  });
});

describe("consent marked by a footnote", () => {
  it("finds the mark a footnote explains as «за згодою»", () => {
    expect(consentFootnote("* За згодою.")).toBe("*");
    expect(consentFootnote("** - за згодою")).toBe("**");
    expect(consentFootnote("* Залучаються за згодою")).toBe("*");
    expect(consentFootnote("* Фінансування у межах кошторису")).toBeNull();
    expect(consentFootnote("Відділ освіти (за згодою)")).toBeNull();
  });

  it("turns the mark after a name into «(за згодою)», leaving another footnote's mark alone", () => {
    expect(withConsentMarks("Відділ освіти\nГО «Пласт»*\nгромадські об’єднання ветеранів *", "*")).toBe("Відділ освіти\nГО «Пласт» (за згодою)\nгромадські об’єднання ветеранів (за згодою)");
    expect(withConsentMarks("Відділ освіти**, ГО «Пласт»*", "*")).toBe("Відділ освіти**, ГО «Пласт» (за згодою)");
    expect(withConsentMarks("Відділ освіти**, ГО «Пласт»*", "**")).toBe("Відділ освіти (за згодою), ГО «Пласт»*");
  });
});

describe("held-out-6's habits", () => {
  it("reads «, за згодою» after a name as «(за згодою)»", () => {
    expect(readExecutors("Відділ освіти сільської ради\nТОВ «Агрофірма «Вербівська», за згодою").executors).toEqual([
      { name: "Відділ освіти сільської ради", byConsent: false },
      { name: "ТОВ «Агрофірма «Вербівська»", byConsent: true },
    ]);
    expect(commaConsentAsBracket("Управління охорони здоров'я, за згодою; Відділ освіти")).toBe("Управління охорони здоров'я (за згодою); Відділ освіти");
    expect(commaConsentAsBracket("Діють, за згодою сторін")).toBe("Діють, за згодою сторін");
  });

  it("opens a body at a legal form before a quoted name, and at a plural agent noun after a comma", () => {
    expect(opensNextBody("Керівники закладів освіти", "КНП «Центр первинної медико-санітарної допомоги»")).toBe(true);
    expect(opensNextBody("ЛОВ МБО", "БФ «СОС Дитяче містечко»")).toBe(false);
    expect(readExecutors("Відділ інфраструктури райдержадміністрації, автомобільні перевізники (за згодою)").executors).toEqual([
      { name: "Відділ інфраструктури райдержадміністрації", byConsent: false },
      { name: "Автомобільні перевізники", byConsent: true },
    ]);
  });
});

describe("held-out-7's habits", () => {
  it("closes a body at «(за згодою)»: a capital after it opens the next, whatever its first word", () => {
    expect(opensNextBody("Золочівське районне управління ГУ ДСНС України у Львівській області (за згодою)", "Басейнове управління водних ресурсів")).toBe(true);
    expect(opensNextBody("Басейнове управління водних ресурсів річок", "Західного Бугу та Сяну (за згодою)")).toBe(false);
    expect(opensNextBody("Служба відновлення (за згодою)", "та інші служби")).toBe(false);
  });
});

describe("held-out-10's habits", () => {
  it("splits two bodies joined by «спільно з», the second as printed and with its own «(за згодою)»", () => {
    expect(readExecutors("Департамент економічного розвитку облдержадміністрації спільно з Кіровоградським обласним центром зайнятості (за згодою)").executors).toEqual([
      { name: "Департамент економічного розвитку облдержадміністрації", byConsent: false },
      { name: "Кіровоградським обласним центром зайнятості", byConsent: true },
    ]);
    expect(readExecutors("Управління культури облдержадміністрації спільно з органами місцевого самоврядування (за згодою)").executors.map((e) => e.name)).toEqual([
      "Управління культури облдержадміністрації",
      "Органами місцевого самоврядування",
    ]);
    expect(splitJointly("Держлісагентство спільно із Держгеокадастром")).toEqual(["Держлісагентство", "Держгеокадастром"]);
    // Inside a quoted name or a bracket the words stay.
    expect(splitJointly("ГО «Діємо спільно з громадою»")).toEqual(["ГО «Діємо спільно з громадою»"]);
  });

  it("reads a body in brackets after a department as a second executor, and drops a bracketed remark naming no body", () => {
    expect(readExecutors("Управління житлово-комунального господарства міської ради (КП «Долинабудсервіс»)").executors).toEqual([
      { name: "Управління житлово-комунального господарства міської ради", byConsent: false },
      { name: "КП «Долинабудсервіс»", byConsent: false },
    ]);
    const r = readExecutors("Відділ освіти міської ради\nФінансове управління міської ради (у межах бюджетних призначень)");
    expect(r.executors.map((e) => e.name)).toEqual(["Відділ освіти міської ради", "Фінансове управління міської ради"]);
    expect(r.remarks).toEqual([{ executor: "Фінансове управління міської ради", remark: "у межах бюджетних призначень" }]);
    // Brackets inside a name, an abbreviation in brackets and a person stay as before.
    expect(bracketsApart("Центр надання адміністративних послуг (ЦНАП)").names).toEqual(["Центр надання адміністративних послуг (ЦНАП)"]);
    expect(readExecutors("Павлоградська станція екстреної (швидкої) медичної допомоги").executors.map((e) => e.name)).toEqual(["Павлоградська станція екстреної (швидкої) медичної допомоги"]);
    expect(readExecutors("Заступник селищного голови (Мороз В.І.)").executors.map((e) => e.name)).toEqual(["Заступник селищного голови"]);
  });
});

describe("readExecutors: held-out-15's habits (positions named with the official's surname and initials)", () => {
  it("keeps the initials' full stop and opens a new executor at «голови …» on a paragraph of its own", () => {
    const cell = "начальник Чортківського відділу управління Держпраці у Тернопільській області Ковальчук І.Р. (за згодою)\nголови територіальних громад району (за згодою)";
    expect(readExecutors(cell).executors).toEqual([
      { name: "Начальник Чортківського відділу управління Держпраці у Тернопільській області Ковальчук І.Р.", byConsent: true },
      { name: "Голови територіальних громад району", byConsent: true },
    ]);
    expect(readExecutors("заступник начальника РВА Петренко О.В.").executors).toEqual([{ name: "Заступник начальника РВА Петренко О.В.", byConsent: false }]);
    expect(readExecutors("Відділ освіти.").executors).toEqual([{ name: "Відділ освіти", byConsent: false }]);
    expect(readExecutors("заступник селищного голови").executors).toEqual([{ name: "Заступник селищного голови", byConsent: false }]);
  });
});

describe("readExecutors: held-out-16's habits (an unbracketed consent paragraph, a unit known by its number)", () => {
  it("reads «за згодою» on a paragraph of its own as the consent of the body above it, and nothing else", () => {
    expect(readExecutors("Відділ з питань цивільного захисту\nТОВ «Телекомсервіс Поділля»\nза згодою").executors).toEqual([
      { name: "Відділ з питань цивільного захисту", byConsent: false },
      { name: "ТОВ «Телекомсервіс Поділля»", byConsent: true },
    ]);
    expect(readExecutors("Навчально-методичний центр цивільного захисту області\nЗа згодою.\nВідділ освіти").executors).toEqual([
      { name: "Навчально-методичний центр цивільного захисту області", byConsent: true },
      { name: "Відділ освіти", byConsent: false },
    ]);
    // Inside a sentence the words stay where they are.
    expect(readExecutors("Громадські організації, що діють за згодою сторін").executors.map((e) => e.name)).toEqual([
      "Громадські організації, що діють за згодою сторін",
    ]);
  });

  it("opens another executor at a paragraph that starts with a unit's number", () => {
    expect(readExecutors("Відділ з питань цивільного захисту\n14 державна пожежно-рятувальна частина (за згодою)").executors).toEqual([
      { name: "Відділ з питань цивільного захисту", byConsent: false },
      { name: "14 державна пожежно-рятувальна частина", byConsent: true },
    ]);
  });
});

describe("readExecutors: held-out-17's habits (budget classification codes before the names)", () => {
  it("drops a seven-digit code before a body's name, and opens another body where one stands inside the cell", () => {
    expect(readExecutors("0610000 Відділ освіти міської ради 0910000 Служба у справах дітей міської ради").executors).toEqual([
      { name: "Відділ освіти міської ради", byConsent: false },
      { name: "Служба у справах дітей міської ради", byConsent: false },
    ]);
    expect(readExecutors("0110000 Виконавчий комітет міської ради\nКНП «Міська лікарня» (за згодою)").executors).toEqual([
      { name: "Виконавчий комітет міської ради", byConsent: false },
      { name: "КНП «Міська лікарня»", byConsent: true },
    ]);
    // A number that is part of a name stays.
    expect(readExecutors("14 державна пожежно-рятувальна частина").executors.map((e) => e.name)).toEqual(["14 державна пожежно-рятувальна частина"]);
  });
});

describe("readExecutors: held-out-18's habits (a consent mark closes the name it marks)", () => {
  it("opens another body after «(за згодою)», on the same line or on a paragraph that opens in lower case", () => {
    const both = [
      { name: "Камінноярське районне управління ГУ ДСНС в області", byConsent: true },
      { name: "Балансоутримувачі захисних споруд", byConsent: true },
    ];
    expect(readExecutors("Камінноярське районне управління ГУ ДСНС в області (за згодою) балансоутримувачі захисних споруд (за згодою)").executors).toEqual(both);
    expect(readExecutors("Камінноярське районне управління ГУ ДСНС в області (за згодою)\nбалансоутримувачі захисних споруд (за згодою)").executors).toEqual(both);
    // Without the mark, a lower-case paragraph still continues the name above.
    expect(readExecutors("Центр соціальних служб\nдля сім'ї, дітей та молоді").executors.map((e) => e.name)).toEqual(["Центр соціальних служб для сім'ї, дітей та молоді"]);
  });
});

describe("readExecutors and opensNextBody: held-out-19's habits", () => {
  it("opens a body at a capitalised adjective before the noun that heads it, not at one that continues a name", () => {
    expect(opensNextBody("Департамент екології та природних ресурсів облдержадміністрації", "Басейнове управління водних ресурсів річки Сули (за згодою)")).toBe(true);
    expect(opensNextBody("Служба у справах дітей", "Білоцерківської міської ради")).toBe(false);
  });

  it("reads a newspaper's editorial office as a body of its own, in lower case on its own paragraph", () => {
    expect(readExecutors("відділ охорони здоров'я районної державної адміністрації\nредакція газети «Соснівські вісті» (за згодою)").executors).toEqual([
      { name: "Відділ охорони здоров'я районної державної адміністрації", byConsent: false },
      { name: "Редакція газети «Соснівські вісті»", byConsent: true },
    ]);
    expect(opensNextBody("відділ охорони здоров'я районної державної адміністрації", "редакція газети «Соснівські вісті» (за згодою)")).toBe(true);
  });
});

describe("opensNextBody: held-out-20's habits (a body known by abbreviations)", () => {
  it("opens a body at «ГУ ДСНС …» after a line that ends in a word in lower case, not after an abbreviation", () => {
    expect(opensNextBody("Департамент охорони здоров’я облдержадміністрації", "ГУ ДСНС у Придніпровській області (за згодою)")).toBe(true);
    expect(opensNextBody("Камінноярське районне управління ГУ", "ДСНС в області (за згодою)")).toBe(false);
  });
});

describe("opensNextBody: held-out-22's habits (a name that ends in its number)", () => {
  it("opens a body at «ГО «…»» after a name ending in «№ 1», as after a word in lower case", () => {
    expect(opensNextBody("Кам’янобрідський ліцей № 1", "ГО «Спілка ветеранів Кам’янобріддя» (за згодою)")).toBe(true);
    expect(opensNextBody("ЛОВ МБО", "БФ «Надія»")).toBe(false);
  });
});

describe("readExecutors: held-out-23's and held-out-24's habits (what frames the names)", () => {
  const names = (cell: string) => readExecutors(cell).executors.map((e) => `${e.name}${e.byConsent ? " +" : ""}`);

  it("reads «(за погодженням)» and «(за узгодженням)» as «(за згодою)»", () => {
    expect(names("Сектор оборонної роботи РВА\nВійськова частина А7023 (за погодженням)")).toEqual(["Сектор оборонної роботи РВА", "Військова частина А7023 +"]);
    expect(names("Виконавчі органи територіальних громад району (за узгодженням)")).toEqual(["Виконавчі органи територіальних громад району +"]);
  });

  it("drops the list dash before each body and reads the bodies in lower case as names", () => {
    expect(names("– сектор з питань цивільного захисту райдержадміністрації;\n– виконавчі органи сільських, селищних, міських рад (за згодою).")).toEqual([
      "Сектор з питань цивільного захисту райдержадміністрації",
      "Виконавчі органи сільських, селищних, міських рад +",
    ]);
  });

  it("drops the role lines «Відповідальний виконавець:» and «Співвиконавці:», on their own line or before a name", () => {
    expect(names("Відповідальний виконавець:\nУправління освіти міської ради\nСпіввиконавці:\nЗаклади дошкільної освіти громади")).toEqual([
      "Управління освіти міської ради",
      "Заклади дошкільної освіти громади",
    ]);
    expect(names("Відповідальний виконавець: Відділ культури\nСпіввиконавець: Центр дитячої та юнацької творчості")).toEqual(["Відділ культури", "Центр дитячої та юнацької творчості"]);
  });

  it("opens a body at «Релігійна громада …» on the next line, as at another adjective before the noun that heads a body", () => {
    expect(opensNextBody("Управління культури, національностей та релігій облдержадміністрації", "Релігійна громада Покровської парафії с. Дубове (за")).toBe(true);
  });
});

describe("readExecutors: held-out-25's and held-out-26's habits (persons, slashes, numbered lists)", () => {
  const names = (cell: string) => readExecutors(cell).executors.map((e) => `${e.name}${e.byConsent ? " +" : ""}`);

  it("keeps a person's last initial's full stop, one a line or run together on one line", () => {
    expect(names("Бойко Л.М.\nТкачук О.В.")).toEqual(["Бойко Л.М.", "Ткачук О.В."]);
    expect(names("Гуменюк Т.В.\nБілик В.М. (за згодою)")).toEqual(["Гуменюк Т.В.", "Білик В.М. +"]);
    expect(names("Кравчук Л.А. Демченко І.Ю. Ковальчук Н.С.")).toEqual(["Кравчук Л.А.", "Демченко І.Ю.", "Ковальчук Н.С."]);
  });

  it("reads «/за згодою/» between slashes as «(за згодою)»", () => {
    expect(names("Виконавчі комітети сільських, селищних, міських рад /за згодою/")).toEqual(["Виконавчі комітети сільських, селищних, міських рад +"]);
  });

  it("drops the number of a numbered list of bodies, «1) …;»", () => {
    expect(names("1) відділ житлово-комунального господарства райдержадміністрації;\n2) КП «Тепловодоканал» (за згодою).")).toEqual([
      "Відділ житлово-комунального господарства райдержадміністрації",
      "КП «Тепловодоканал» +",
    ]);
  });
});

describe("readExecutors: held-out-25's «за згодою:» before the bodies it marks", () => {
  it("marks every body under a line «за згодою:» as acting by consent, and none above it", () => {
    const read = readExecutors(
      "Директорат з питань соціального захисту осіб з інвалідністю\nЮридичний департамент\nза згодою:\nФедерація роботодавців України\nоргани місцевого самоврядування",
    ).executors.map((e) => [e.name, e.byConsent]);
    expect(read).toEqual([
      ["Директорат з питань соціального захисту осіб з інвалідністю", false],
      ["Юридичний департамент", false],
      ["Федерація роботодавців України", true],
      ["Органи місцевого самоврядування", true],
    ]);
  });
});

describe("opensNextBody: held-out-27's habits (a branch named with the body it belongs to)", () => {
  it("goes on from «… відділення» into the enterprise's name on the next line, and still opens a body after another name", () => {
    expect(opensNextBody("Горбівське відділення", "КНП «Присеймський обласний центр служби крові»")).toBe(false);
    expect(opensNextBody("Відділ охорони здоров’я міської ради", "КНП «Присеймський обласний центр служби крові»")).toBe(true);
  });
});

describe("readExecutors: held-out-27's paragraph headed by those who act («балансоутримувачі …»)", () => {
  it("opens another executor at a paragraph headed by a plural agent noun in the nominative, and not at its genitive", () => {
    const read = (cell: string) => readExecutors(cell).executors.map((e) => [e.name, e.byConsent]);
    expect(read("сектор з питань цивільного захисту районної військової адміністрації\nбалансоутримувачі захисних споруд (за згодою)")).toEqual([
      ["Сектор з питань цивільного захисту районної військової адміністрації", false],
      ["Балансоутримувачі захисних споруд", true],
    ]);
    expect(read("відділ освіти, власники закладів дошкільної освіти (за згодою)")).toEqual([
      ["Відділ освіти", false],
      ["Власники закладів дошкільної освіти", true],
    ]);
    expect(read("служба у справах дітей із залученням\nбалансоутримувачів захисних споруд")).toEqual([
      ["Служба у справах дітей із залученням балансоутримувачів захисних споруд", false],
    ]);
  });
});

describe("opensNextBody: held-out-30's term printed above the bodies in one cell", () => {
  it("opens a body with a legal form's abbreviation after a line ending in a year («… 2026 р.»)", () => {
    expect(opensNextBody("жовтень – грудень 2026 р.", "КНП «Тернобрідський центр первинної медико-санітарної допомоги»")).toBe(true);
    expect(opensNextBody("ЛОВ МБО", "БФ «Крила»")).toBe(false);
  });
});

describe("readExecutors: held-out-30's abbreviated positions", () => {
  it("opens an executor at each paragraph headed by an abbreviated position, keeping its full stops in the name", () => {
    const read = readExecutors(
      "заст. начальника РВА\nнач. відділу з питань цивільного захисту, оборонної роботи та взаємодії з правоохоронними органами РВА\nв.о. нач. відділу освіти, культури, молоді та спорту РВА\nдир. КНП «Сухоярська багатопрофільна лікарня» (за згодою)",
    ).executors.map((e) => [e.name, e.byConsent]);
    expect(read).toEqual([
      ["Заст. начальника РВА", false],
      ["Нач. відділу з питань цивільного захисту, оборонної роботи та взаємодії з правоохоронними органами РВА", false],
      ["В.о. нач. відділу освіти, культури, молоді та спорту РВА", false],
      ["Дир. КНП «Сухоярська багатопрофільна лікарня»", true],
    ]);
  });
});

describe("opensNextBody: held-out-31's «Виконавчий апарат районної ради»", () => {
  it("opens a body at «Виконавчий апарат …» after another body's name, and not at its genitive", () => {
    expect(opensNextBody("КНП «Тихорядська центральна районна лікарня» Тихорядської районної ради", "Виконавчий апарат районної ради")).toBe(true);
    expect(opensNextBody("Відділ організаційної роботи", "виконавчого апарату районної ради")).toBe(false);
  });
});

describe("readExecutors: held-out-33's «з питань …» list with an abbreviation in it", () => {
  it("goes on with the topics after a comma, an abbreviation among them, and still opens the next body", () => {
    expect(readExecutors("Відділ з питань будівництва, ЖКГ та комунальної власності; КП «Тернолуг-Комунсервіс»").executors.map((e) => e.name)).toEqual([
      "Відділ з питань будівництва, ЖКГ та комунальної власності",
      "КП «Тернолуг-Комунсервіс»",
    ]);
    expect(readExecutors("Відділ з питань будівництва, КП «Тернолуг-Комунсервіс»").executors.map((e) => e.name)).toEqual([
      "Відділ з питань будівництва",
      "КП «Тернолуг-Комунсервіс»",
    ]);
    expect(readExecutors("Сектор з питань цивільного захисту, ГУ ДСНС у Посульській області").executors.map((e) => e.name)).toEqual([
      "Сектор з питань цивільного захисту",
      "ГУ ДСНС у Посульській області",
    ]);
  });
});
