/** @jsxRuntime automatic @jsxImportSource hono/jsx */
/**
 * @module A district plan's links to the regional measures it implements: each unlinked measure with its three
 * best-scored parent measures (confirm one, choose another, or leave it), each linked one with its parent (unlink),
 * and every suggestion above a score confirmed at once. Each confirmation is the same link event the API records.
 */
import type { MeasureNode, PlanTree } from "@planledger/projections";
import type { FC } from "hono/jsx";
import { Layout } from "../components/layout.js";
import { formatNumber } from "../i18n/format.js";
import { measureHref, planHref } from "../href.js";
import type { LinkSuggestionsView } from "../links.js";
import { type PageContext, tr } from "../page-context.js";

export const linksHref = (planId: string): string => `/plans/${encodeURIComponent(planId)}/links`;

export interface LinksForm {
  readonly csrf: string;
  readonly version: number;
  readonly editable: boolean;
  readonly notice: { readonly kind: "ok" | "bad"; readonly text: string } | null;
}

const measuresOf = (tree: PlanTree): ReadonlyArray<MeasureNode & { readonly where: string }> =>
  tree.sections.flatMap((s) => s.tasks.flatMap((t) => t.measures.filter((m) => m.cancelled === null).map((m) => ({ ...m, where: `${s.label} ${t.label}`.trim() }))));

export const LinksPage: FC<{ ctx: PageContext; tree: PlanTree; links: LinkSuggestionsView; form: LinksForm }> = ({ ctx, tree, links, form }) => {
  const T = tr(ctx);
  const lang = ctx.lang;
  const measures = measuresOf(tree);
  const unlinked = measures.filter((m) => m.parent === null);
  const linked = measures.filter((m) => m.parent !== null);
  const parentTitle = new Map(links.parentMeasures.map((p) => [p.measureId, `${p.section} ${p.label} ${p.title}`]));
  const Hidden: FC = () => (
    <>
      <input type="hidden" name="_csrf" value={form.csrf} />
      <input type="hidden" name="version" value={String(form.version)} />
    </>
  );
  return (
    <Layout ctx={ctx} title={`${T("Зв'язки заходів", "Measure links")}: ${tree.title ?? tree.id}`}>
      <p class="crumbs">
        <a href="/">{T("Головна", "Home")}</a> › <a href={planHref(tree.id)}>{tree.title ?? tree.id}</a> › {T("Зв'язки", "Links")}
      </p>
      <h1>{T("Зв'язки з регіональним планом", "Links to the regional plan")}</h1>
      <p>
        {T("Заходи плану пов'язуються із заходами плану", "This plan's measures are linked to the measures of")} «{links.parent.title ?? links.parent.planId}» ({links.parent.node}).{" "}
        <span data-unlinked={unlinked.length} data-linked={linked.length}>
          {T("Пов'язано", "Linked")}: {linked.length}, {T("без зв'язку", "unlinked")}: {unlinked.length}.
        </span>
      </p>
      {form.notice !== null && (
        <p class={`notice ${form.notice.kind}`} role={form.notice.kind === "bad" ? "alert" : "status"}>
          {form.notice.text}
        </p>
      )}
      {form.editable && unlinked.length > 0 && (
        <form method="post" action={linksHref(tree.id)} class="filters">
          <Hidden />
          <input type="hidden" name="action" value="bulk" />
          <div class="field">
            <label for="min-score">{T("Пов'язати всі найкращі пропозиції з оцінкою щонайменше", "Link every best suggestion scoring at least")}</label>
            <input id="min-score" name="minScore" type="number" min="0" max="1" step="0.05" value="0.5" />
          </div>
          <button type="submit">{T("Пов'язати всі", "Link all")}</button>
        </form>
      )}
      <h2 id="unlinked">{T("Без зв'язку", "Unlinked")}</h2>
      {unlinked.length === 0 && <p>{T("Усі заходи пов'язано.", "Every measure is linked.")}</p>}
      {unlinked.map((m) => {
        const candidates = links.byMeasure.get(m.measureId) ?? [];
        return (
          <form method="post" action={linksHref(tree.id)} class="measure" data-unlinked-measure={m.measureId}>
            <Hidden />
            <input type="hidden" name="action" value="link" />
            <input type="hidden" name="measureId" value={m.measureId} />
            <fieldset disabled={!form.editable}>
              <legend>
                {m.where} {m.label} <a href={measureHref(tree.id, m.measureId)}>{m.title}</a>
              </legend>
              {candidates.map((c, i) => (
                <label class="check" data-candidate={c.measureId} data-score={c.score}>
                  <input type="radio" name="parent" value={c.measureId} checked={i === 0} /> {c.sectionLabel} {c.label} {c.title.length > 160 ? `${c.title.slice(0, 158)}…` : c.title}{" "}
                  <strong>({T("оцінка", "score")} {formatNumber(c.score, lang, 2)})</strong>
                </label>
              ))}
              <div class="field">
                <label for={`other-${m.measureId}`}>{T("Або інший захід регіонального плану", "Or another measure of the regional plan")}</label>
                <select name="other" id={`other-${m.measureId}`}>
                  <option value="">{T("— з пропозицій вище —", "— from the suggestions above —")}</option>
                  {links.parentMeasures.map((p) => (
                    <option value={p.measureId}>{`${p.section} ${p.label} ${p.title}`.slice(0, 120)}</option>
                  ))}
                </select>
              </div>
              <button type="submit">{T("Пов'язати", "Link")}</button>
            </fieldset>
          </form>
        );
      })}
      <h2 id="linked">{T("Пов'язані", "Linked")}</h2>
      <div class="table-wrap" tabindex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">{T("Захід", "Measure")}</th>
              <th scope="col">{T("На виконання заходу", "Implements")}</th>
              <th scope="col">{T("Зняти зв'язок", "Unlink")}</th>
            </tr>
          </thead>
          <tbody>
            {linked.map((m) => (
              <tr data-linked-measure={m.measureId} data-parent={m.parent?.measureId}>
                <td>
                  {m.where} {m.label} {m.title.length > 120 ? `${m.title.slice(0, 118)}…` : m.title}
                </td>
                <td>{m.parent === null ? "—" : (parentTitle.get(m.parent.measureId) ?? m.parent.measureId).slice(0, 160)}</td>
                <td>
                  {form.editable && (
                    <form method="post" action={linksHref(tree.id)} class="inline-form">
                      <Hidden />
                      <input type="hidden" name="action" value="unlink" />
                      <input type="hidden" name="measureId" value={m.measureId} />
                      <button type="submit">
                        {T("Зняти", "Unlink")} {m.label}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
};
