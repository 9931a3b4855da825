import { AlignmentType, Document, LevelFormat, Packer, Paragraph } from "docx";
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { parseBytes, parseFile, parseText } from "./parse-document.js";
import { counts, mustParse, seedBytes, seeds } from "./testing/fixtures.js";

const encode = (text: string) => new TextEncoder().encode(text);

/** The document as if the file ended in the middle of line `line`. */
const cutInLine = (name: string, line: number): string => {
  const lines = seedBytes(name).toString("utf8").split("\n");
  const target = lines[line - 1] ?? "";
  return [...lines.slice(0, line - 1), target.slice(0, Math.floor(target.length / 2))].join("\n");
};

const failureOf = (bytes: Uint8Array) => {
  const r = parseBytes(bytes);
  if (Either.isRight(r)) throw new Error("expected a failure");
  return r.left;
};

describe("parseBytes: unreadable and unrecognised input", () => {
  it("refuses an empty file", () => {
    expect(failureOf(new Uint8Array())).toMatchObject({ _tag: "UnreadableDocument", reason: "порожній файл / empty file" });
  });

  it("refuses a binary file", () => {
    const bytes = new Uint8Array(512).map((_, i) => (i * 37) % 256);
    expect(failureOf(bytes)._tag).toBe("UnreadableDocument");
  });

  it("refuses random text with a one-line reason", () => {
    const f = failureOf(encode("Lorem ipsum dolor sit amet\nщось зовсім інше\n42\n"));
    expect(f._tag).toBe("UnrecognisedDocument");
    if (f._tag === "UnrecognisedDocument") expect(f.reason).not.toContain("\n");
  });
});

describe("parseBytes: a document cut off in the middle of a row", () => {
  it("tab-markup: keeps the whole rows and reports the cut at row 124", () => {
    const doc = mustParse(encode(cutInLine(seeds.plan1003, 124))).document;
    expect(counts(doc)).toEqual({ sections: 2, tasks: 5, measures: 7 + 6 + 7 + 3 + 16 });
    expect(doc.sections[1]?.tasks[3]?.measures.at(-1)?.label).toBe("16)");
    expect(doc.anomalies.filter((a) => a.kind === "truncated").map((a) => a.where)).toEqual(["II. / 4. · рядок 124"]);
  });

  it("tab-rows: keeps measures 1–10 and reports the cut at row 72", () => {
    const doc = mustParse(encode(cutInLine(seeds.plan852, 72))).document;
    expect(counts(doc).measures).toBe(10);
    expect(doc.anomalies.filter((a) => a.kind === "truncated").map((a) => a.where.split(" · ")[1])).toEqual(["рядок 72"]);
  });

  it("markdown-tables: keeps II.4 measures 1–2 and reports the cut at row 66", () => {
    const doc = mustParse(encode(cutInLine(seeds.plan328, 66))).document;
    expect(doc.sections[1]?.tasks[3]?.measures.map((m) => m.label)).toEqual(["1)", "2)"]);
    expect(doc.anomalies.filter((a) => a.kind === "truncated").map((a) => a.where.split(" · ")[1])).toEqual(["рядок 66"]);
  });

  it("cell-per-line: drops the row whose last cell is cut and reports it", () => {
    const doc = mustParse(encode(cutInLine(seeds.program2024, 309))).document;
    expect(counts(doc).measures).toBe(10 + 3);
    expect(doc.anomalies.filter((a) => a.kind === "truncated").map((a) => a.where.split(" · ")[1])).toEqual(["рядок 300"]);
  });
});

describe("parseText: the interchange JSON", () => {
  it("reads its own output back unchanged", () => {
    const doc = mustParse(seedBytes(seeds.plan328)).document;
    const again = parseText(JSON.stringify(doc));
    expect(Either.getOrThrow(again)).toEqual({ layout: "interchange-json", document: doc });
  });

  it("names the path of the first error", () => {
    const doc = mustParse(seedBytes(seeds.plan852)).document;
    const broken = JSON.parse(JSON.stringify(doc)) as { sections: Array<{ tasks: Array<{ measures: Array<{ ordinal: unknown }> }> }> };
    const m = broken.sections[1]?.tasks[0]?.measures[1];
    if (m !== undefined) m.ordinal = "два";
    const r = parseText(JSON.stringify(broken));
    expect(Either.isLeft(r) && r.left._tag === "InvalidInterchange" ? r.left.path : null).toBe("$.sections[1].tasks[0].measures[1].ordinal");
  });

  it("refuses JSON that does not parse", () => {
    const r = parseText("{ \"plan\": ");
    expect(Either.isLeft(r) && r.left._tag === "InvalidInterchange" ? r.left.path : null).toBe("$");
  });
});

describe("parseFile: a Word document with no table that prints its plan as a numbered list", () => {
  const word = async (points: ReadonlyArray<ReadonlyArray<string>>): Promise<Uint8Array> => {
    const doc = new Document({
      numbering: { config: [{ reference: "points", levels: [{ level: 0, format: LevelFormat.DECIMAL, text: "%1.", alignment: AlignmentType.START }] }] },
      sections: [
        {
          children: [
            new Paragraph("ЗАТВЕРДЖЕНО"),
            new Paragraph("розпорядженням Кабінету Міністрів України"),
            new Paragraph("ПЛАН"),
            new Paragraph("заходів з розвитку розподіленої генерації на 2026 рік"),
            ...points.flatMap(([title, ...under]) => [
              new Paragraph({ text: title ?? "", numbering: { reference: "points", level: 0 } }),
              ...under.map((t) => new Paragraph(t)),
            ]),
          ],
        },
      ],
    });
    return new Uint8Array(await Packer.toBuffer(doc));
  };

  it("reads each point (Word's own numbering), its bodies and its term, and says the header was not printed", async () => {
    const bytes = await word([
      ["Розроблення проєкту постанови щодо спрощення приєднання об’єктів генерації", "Міненерго", "Мінекономіки", "II квартал 2026 р."],
      ["Моніторинг введення в експлуатацію газопоршневих установок", "Міненерго", "обласні військові адміністрації", "щомісяця до 10 числа"],
      ["Проведення інформаційної кампанії для домогосподарств", "Держенергоефективності", "постійно"],
    ]);
    const parsed = Either.getOrThrow(await parseFile(bytes));
    expect(parsed.layout).toBe("docx");
    const measures = parsed.document.sections.flatMap((s) => s.tasks.flatMap((t) => t.measures));
    expect(measures.map((m) => [m.label, m.term.text, m.executors.map((e) => e.name)])).toEqual([
      ["1.", "II квартал 2026 р.", ["Міненерго", "Мінекономіки"]],
      ["2.", "щомісяця до 10 числа", ["Міненерго", "Обласні військові адміністрації"]],
      ["3.", "постійно", ["Держенергоефективності"]],
    ]);
    expect(parsed.document.anomalies.map((a) => a.kind)).toContain("header-inferred");
  });

  it("still refuses a Word document with no table and no such list", async () => {
    const bytes = await word([["Затвердити план заходів"], ["Контроль залишаю за собою"]]);
    const failed = await parseFile(bytes);
    expect(Either.isLeft(failed) && failed.left.reason).toBe("у документі немає таблиць / the document has no tables");
  });
});
