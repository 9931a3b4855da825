/** @jsxRuntime automatic @jsxImportSource hono/jsx */
/**
 * @module The administrator's page of people's accounts: make an account with its role, change a role, set a new
 * password (which ends the person's sessions), disable an account. Every form carries the CSRF token.
 */
import type { FC } from "hono/jsx";
import { roleLabel } from "../components/labels.js";
import { Layout } from "../components/layout.js";
import { formatDateTime } from "../i18n/format.js";
import { type PageContext, tr } from "../page-context.js";
import type { AccountSummary } from "../people.js";

export interface UsersForm {
  readonly csrf: string;
  readonly roles: ReadonlyArray<string>;
  readonly notice: { readonly kind: "ok" | "bad"; readonly text: string } | null;
  /** What was typed into the "new account" form, kept when it is refused. */
  readonly draft: { readonly login: string; readonly name: string; readonly role: string };
}

export const UsersPage: FC<{ ctx: PageContext; accounts: ReadonlyArray<AccountSummary>; form: UsersForm }> = ({ ctx, accounts, form }) => {
  const T = tr(ctx);
  const lang = ctx.lang;
  const Csrf: FC = () => <input type="hidden" name="_csrf" value={form.csrf} />;
  const RoleSelect: FC<{ id: string; selected: string }> = ({ id, selected }) => (
    <select name="role" id={id}>
      {form.roles.map((r) => (
        <option value={r} selected={r === selected}>
          {roleLabel(r, lang)} ({r})
        </option>
      ))}
    </select>
  );
  return (
    <Layout ctx={ctx} title={T("Облікові записи", "Accounts")}>
      <h1>{T("Облікові записи людей", "People's accounts")}</h1>
      {form.notice !== null && (
        <p class={`notice ${form.notice.kind}`} role={form.notice.kind === "bad" ? "alert" : "status"}>
          {form.notice.text}
        </p>
      )}
      <div class="table-wrap" tabindex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">{T("Логін", "Login")}</th>
              <th scope="col">{T("Ім'я", "Name")}</th>
              <th scope="col">{T("Роль", "Role")}</th>
              <th scope="col">{T("Стан", "State")}</th>
              <th scope="col">{T("Дії", "Actions")}</th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((a) => (
              <tr data-account={a.login} data-disabled={a.disabledAt === null ? "" : "true"}>
                <th scope="row">{a.login}</th>
                <td>{a.name}</td>
                <td>
                  <form method="post" action="/admin/users" class="inline-form">
                    <Csrf />
                    <input type="hidden" name="action" value="role" />
                    <input type="hidden" name="login" value={a.login} />
                    <label class="visually-hidden" for={`role-${a.login}`}>
                      {T("Роль", "Role")} {a.login}
                    </label>
                    <RoleSelect id={`role-${a.login}`} selected={a.role} />
                    <button type="submit">{T("Змінити", "Change")}</button>
                  </form>
                </td>
                <td>
                  {a.disabledAt !== null
                    ? `${T("вимкнено", "disabled")} ${formatDateTime(a.disabledAt)}`
                    : a.lockedUntil !== null && a.lockedUntil > ctx.now.toISOString()
                      ? `${T("заблоковано до", "locked until")} ${formatDateTime(a.lockedUntil)}`
                      : T("активний", "active")}
                </td>
                <td>
                  <form method="post" action="/admin/users" class="inline-form">
                    <Csrf />
                    <input type="hidden" name="action" value="reset" />
                    <input type="hidden" name="login" value={a.login} />
                    <label class="visually-hidden" for={`password-${a.login}`}>
                      {T("Новий пароль для", "New password for")} {a.login}
                    </label>
                    <input type="password" name="password" id={`password-${a.login}`} autocomplete="new-password" placeholder={T("новий пароль", "new password")} required />
                    <button type="submit">{T("Змінити пароль", "Set password")}</button>
                  </form>
                  {a.disabledAt === null && a.login !== ctx.viewer?.login && (
                    <form method="post" action="/admin/users" class="inline-form">
                      <Csrf />
                      <input type="hidden" name="action" value="disable" />
                      <input type="hidden" name="login" value={a.login} />
                      <button type="submit">
                        {T("Вимкнути", "Disable")} {a.login}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2 id="new">{T("Новий обліковий запис", "New account")}</h2>
      <form method="post" action="/admin/users" class="filters">
        <Csrf />
        <input type="hidden" name="action" value="add" />
        <div class="field">
          <label for="new-login">{T("Логін", "Login")}</label>
          <input id="new-login" name="login" required value={form.draft.login} autocomplete="off" />
        </div>
        <div class="field">
          <label for="new-name">{T("Прізвище, ім'я", "Full name")}</label>
          <input id="new-name" name="name" value={form.draft.name} />
        </div>
        <div class="field">
          <label for="new-role">{T("Роль", "Role")}</label>
          <RoleSelect id="new-role" selected={form.draft.role || "reporter"} />
        </div>
        <div class="field">
          <label for="new-password">{T("Пароль (щонайменше 10 символів)", "Password (at least 10 characters)")}</label>
          <input id="new-password" name="password" type="password" autocomplete="new-password" required />
        </div>
        <button type="submit">{T("Створити", "Create")}</button>
      </form>
    </Layout>
  );
};
