/** @jsxRuntime automatic @jsxImportSource hono/jsx */
/**
 * @module The sign-in page: login and password, the form's CSRF token, and an error summary that links to the
 * field when something was wrong.
 */
import type { FC } from "hono/jsx";
import { Layout } from "../components/layout.js";
import { type PageContext, tr } from "../page-context.js";

export interface SignInForm {
  readonly login: string;
  readonly next: string;
  readonly csrf: string;
  /** What went wrong, in the reader's language; null on a fresh form. */
  readonly error: string | null;
}

export const SignInPage: FC<{ ctx: PageContext; form: SignInForm }> = ({ ctx, form }) => {
  const T = tr(ctx);
  return (
    <Layout ctx={ctx} title={T("Вхід", "Sign in")}>
      <h1>{T("Вхід до вузла", "Sign in to this node")}</h1>
      {form.error !== null && (
        <div class="notice bad" role="alert" aria-labelledby="error-summary">
          <h2 id="error-summary" class="small">
            {T("Не вдалося увійти", "Could not sign in")}
          </h2>
          <p>
            <a href="#password">{form.error}</a>
          </p>
        </div>
      )}
      {ctx.viewer !== null && (
        <p class="notice">
          {T("Ви вже увійшли як", "You are signed in as")} {ctx.viewer.name} ({ctx.viewer.login}).
        </p>
      )}
      <form class="filters" method="post" action="/sign-in">
        <input type="hidden" name="_csrf" value={form.csrf} />
        <input type="hidden" name="next" value={form.next} />
        <div class="field">
          <label for="login">{T("Логін", "Login")}</label>
          <input id="login" name="login" type="text" autocomplete="username" required value={form.login} autofocus={form.login === ""} />
        </div>
        <div class="field">
          <label for="password">{T("Пароль", "Password")}</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required autofocus={form.login !== ""} />
        </div>
        <button type="submit">{T("Увійти", "Sign in")}</button>
      </form>
      <p class="small muted">
        {T(
          "Обліковий запис створює адміністратор вузла. Після п'яти невдалих спроб поспіль вхід блокується на 15 хвилин.",
          "The node's administrator creates accounts. After five wrong passwords in a row, signing in is locked for 15 minutes.",
        )}
      </p>
    </Layout>
  );
};
