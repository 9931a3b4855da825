/** @jsxRuntime automatic @jsxImportSource hono/jsx */
/**
 * @module The administrative tree on a date, on the home page (issue #18): a date field (дд.мм.рррр, a GET form that
 * works without JavaScript), the units under this node's register on that day, the units ended by then and who
 * continues each, and the dated changes with their legal basis.
 *
 * Parameters: `tree` — the projections' `HierarchyView` (null: this node holds no register); `on` — the day shown
 * (`рррр-мм-дд`); `invalid` — the text typed when it was not a date (the panel then says so and shows today).
 */
import { basisText, type LegalBasis } from "@planledger/domain";
import type { HierarchyNode, HierarchyView } from "@planledger/projections";
import type { FC } from "hono/jsx";
import { formatDate } from "../i18n/format.js";
import { type PageContext, tr } from "../page-context.js";
import { levelLabel } from "./labels.js";

const Units: FC<{ ctx: PageContext; nodes: ReadonlyArray<HierarchyNode> }> = ({ ctx, nodes }) =>
  nodes.length === 0 ? null : (
    <ul>
      {nodes.map((n) => (
        <li data-node={n.nodeId}>
          <strong>{n.name}</strong> ({levelLabel(n.level, ctx.lang)}, {n.nodeId})
          <Units ctx={ctx} nodes={n.children} />
        </li>
      ))}
    </ul>
  );

const changeLabels: Record<string, readonly [string, string]> = {
  NodeCreated: ["утворено", "created"],
  NodeRenamed: ["перейменовано", "renamed"],
  NodeMoved: ["перепідпорядковано", "moved"],
  NodeMerged: ["приєднано до", "merged into"],
  NodeSplit: ["поділено між", "split between"],
};

export const HierarchyPanel: FC<{ ctx: PageContext; tree: HierarchyView | null; on: string; invalid: string | null }> = ({
  ctx,
  tree,
  on,
  invalid,
}) => {
  const T = tr(ctx);
  const basis = (b: LegalBasis) => basisText(b, ctx.lang);
  // A person knows units by their names, not their node ids: each unit's name as last set on or before the day shown.
  const names = new Map<string, string>();
  for (const c of tree?.changes ?? []) if (c.name !== undefined && c.effective <= (tree?.on ?? on)) names.set(c.nodeId, c.name);
  const unit = (nodeId: string) => {
    const name = names.get(nodeId);
    return name === undefined ? nodeId : `${name} (${nodeId})`;
  };
  return (
    <section aria-labelledby="hierarchy">
      <h2 id="hierarchy">{T("Адміністративний устрій на дату", "Administrative structure on a date")}</h2>
      <form method="get" action="/">
        {ctx.lang === "en" ? <input type="hidden" name="lang" value="en" /> : null}
        <label for="hierarchy-on">{T("Дата (дд.мм.рррр)", "Date (dd.mm.yyyy)")}</label>{" "}
        <input id="hierarchy-on" name="on" type="text" inputmode="numeric" pattern="\d{2}\.\d{2}\.\d{4}" value={invalid ?? formatDate(on)} />{" "}
        <button type="submit">{T("Показати", "Show")}</button>
      </form>
      {invalid === null ? null : (
        <p class="notice bad" role="alert">
          {T(`«${invalid}» — не дата дд.мм.рррр; показано сьогодні.`, `"${invalid}" is not a date dd.mm.yyyy; today is shown.`)}
        </p>
      )}
      {tree === null || (tree.roots.length === 0 && tree.changes.length === 0) ? (
        <p>{T("Реєстр адміністративного устрою на цьому вузлі не ведеться.", "This node holds no register of the administrative structure.")}</p>
      ) : (
        <>
          <p>
            {T("Станом на", "As on")} {formatDate(tree.on)}:
          </p>
          <Units ctx={ctx} nodes={tree.roots} />
          {tree.ended.length === 0 ? null : (
            <>
              <h3>{T("Припинені одиниці", "Units that ended")}</h3>
              <ul>
                {tree.ended.map((e) => (
                  <li data-ended={e.nodeId}>
                    {unit(e.nodeId)} — {T("припинено", "ended")} {formatDate(e.endedOn)}
                    {e.continuedBy === null ? "" : `; ${T("правонаступник", "successor")}: ${unit(e.continuedBy)}`}
                  </li>
                ))}
              </ul>
            </>
          )}
          <details>
            <summary>{T("Зміни та їхні правові підстави", "Changes and their legal basis")}</summary>
            <ul>
              {tree.changes
                .filter((c) => c.effective <= tree.on)
                .map((c) => {
                  const [uk, en] = changeLabels[c.type] ?? [c.type, c.type];
                  const what = c.into !== undefined ? ` ${c.into.map(unit).join(", ")}` : c.name !== undefined ? ` «${c.name}»` : c.parentId ? ` → ${unit(c.parentId)}` : "";
                  return (
                    <li>
                      {formatDate(c.effective)}: {c.type === "NodeCreated" || c.type === "NodeRenamed" ? c.nodeId : unit(c.nodeId)} {T(uk, en)}
                      {what} — {basis(c.basis)}
                    </li>
                  );
                })}
              {tree.successions.map((s) => (
                <li>
                  {formatDate(s.effective)}: {unit(s.successor)} — {T("правонаступник", "successor of")} {unit(s.predecessor)} ({T("підписав", "signed by")}{" "}
                  {s.authority}) — {basis(s.basis)}
                </li>
              ))}
            </ul>
          </details>
        </>
      )}
    </section>
  );
};
