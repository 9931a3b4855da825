/** @jsxRuntime automatic @jsxImportSource hono/jsx */
/**
 * @module The page shell: who this node is, when each child's data last arrived, the language switch, and
 * a skip link; every page renders inside it.
 */
import type { Child, FC } from "hono/jsx";
import { daysBetween, formatDateTime, formatMoment } from "../i18n/format.js";
import { href } from "../href.js";
import { type PageContext, tr } from "../page-context.js";
import { levelLabel, roleLabel } from "./labels.js";

export const STYLESHEET = "/assets/web.css";

/** The `self` URL with `lang` set, for the switch. */
const withLang = (self: string, lang: string): string => {
  const [path = "/", query = ""] = self.split("?");
  const params = new URLSearchParams(query);
  params.set("lang", lang);
  return href(path, Object.fromEntries(params));
};

/** Each child's last arrival, flagged when silent longer than the setting. */
const SyncStrip: FC<{ ctx: PageContext }> = ({ ctx }) => {
  const T = tr(ctx);
  const { node } = ctx;
  if (node.children.length === 0 && node.parent === null)
    return <div class="sync-strip">{T("Підпорядкованих вузлів немає.", "No child nodes.")}</div>;
  return (
    <div class="sync-strip">
      {node.children.length > 0 && (
        <>
          <strong>{T("Дані від підпорядкованих вузлів:", "Data from child nodes:")}</strong>{" "}
          <ul>
            {node.children.map((c) => {
              const silent = c.lastReceivedAt === null || daysBetween(c.lastReceivedAt, ctx.now) > ctx.silentDays;
              return (
                <li>
                  {c.nodeId} — {c.lastReceivedAt === null ? T("ще не надходили", "none yet") : formatDateTime(c.lastReceivedAt)}
                  {silent && <strong class="mismatch"> ⚠ {T("мовчить", "silent")}</strong>}
                </li>
              );
            })}
          </ul>
        </>
      )}
      {node.parent !== null && (
        <span>
          {T("Синхронізація з вищим вузлом", "Sync with parent")} {node.parent.nodeId}:{" "}
          {node.parent.lastSyncAt === null ? T("ще не було", "not yet") : formatDateTime(node.parent.lastSyncAt)}
          {node.parent.lastError !== null && <strong class="mismatch"> ⚠ {node.parent.lastError}</strong>}
        </span>
      )}
    </div>
  );
};

export interface LayoutProps {
  readonly ctx: PageContext;
  readonly title: string;
  readonly nav?: "home" | "audit" | "reviews";
  readonly children?: Child;
}

export const Layout: FC<LayoutProps> = ({ ctx, title, nav, children }) => {
  const T = tr(ctx);
  const other = ctx.lang === "uk" ? "en" : "uk";
  return (
    <html lang={ctx.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} — ${ctx.node.displayName}`}</title>
        <link rel="stylesheet" href={STYLESHEET} />
      </head>
      <body>
        <a class="skip" href="#main">
          {T("Перейти до змісту", "Skip to content")}
        </a>
        <header class="site">
          <a class="brand" href="/">
            {T("Реєстр планів", "Plan Ledger")}
          </a>
          <span class="where">
            {ctx.node.displayName} · {ctx.node.nodeId} · {levelLabel(ctx.node.level, ctx.lang)}
          </span>
          <nav aria-label={T("Основне меню", "Main menu")}>
            <a href="/" aria-current={nav === "home" ? "page" : undefined}>
              {T("Головна", "Home")}
            </a>
            <a href="/audit" aria-current={nav === "audit" ? "page" : undefined}>
              {T("Аудит", "Audit")}
            </a>
            {ctx.viewer?.can("token:manage") && <a href="/admin/users">{T("Облікові записи", "Accounts")}</a>}
            {ctx.viewer?.can("review:write") && (
              <a href="/reviews" aria-current={nav === "reviews" ? "page" : undefined}>
                {T("Розгляд звітів", "Reviews")}
              </a>
            )}
            <a href={withLang(ctx.self, other)} hreflang={other} lang={other}>
              {other === "en" ? "English" : "Українська"}
            </a>
            {ctx.viewer === null ? (
              <a href={href("/sign-in", { next: ctx.self === "/sign-in" ? undefined : ctx.self })} data-signed-in="">
                {T("Увійти", "Sign in")}
              </a>
            ) : (
              <form method="post" action="/sign-out" class="sign-out">
                <span data-signed-in={ctx.viewer.login}>
                  {ctx.viewer.name} ({roleLabel(ctx.viewer.role, ctx.lang)})
                </span>{" "}
                <input type="hidden" name="_csrf" value={ctx.viewer.csrf} />
                <button type="submit">{T("Вийти", "Sign out")}</button>
              </form>
            )}
          </nav>
        </header>
        <SyncStrip ctx={ctx} />
        <main id="main">{children}</main>
        <footer class="site">
          {T("Вузол", "Node")} {ctx.node.nodeId} · {T("сторінку сформовано", "page made")} {formatDateTime(ctx.now.toISOString())}
          {ctx.asOf !== null && (
            <>
              {" "}
              · {T("стан на", "as of")} {formatMoment(ctx.asOf)}
            </>
          )}
        </footer>
      </body>
    </html>
  );
};
