/** @jsxRuntime automatic @jsxImportSource hono/jsx */
/**
 * @module The page a person sees when something they asked for is not there or not valid: what, why, and a
 * way back. Never a stack trace.
 */
import type { FC } from "hono/jsx";
import { Layout } from "../components/layout.js";
import { type PageContext, tr } from "../page-context.js";

export interface PageError {
  readonly status: 400 | 401 | 403 | 404 | 409 | 500;
  /** What was wrong, in the reader's language. */
  readonly message: string;
}

export const ErrorPage: FC<{ ctx: PageContext; error: PageError }> = ({ ctx, error }) => {
  const T = tr(ctx);
  const title =
    error.status === 404
      ? T("Не знайдено", "Not found")
      : error.status === 403
        ? T("Доступ заборонено", "Access denied")
      : error.status === 400
        ? T("Некоректний запит", "Invalid request")
        : T("Помилка вузла", "Node error");
  return (
    <Layout ctx={ctx} title={title}>
      <h1>
        {title} ({error.status})
      </h1>
      <p class="notice bad" role="alert">
        {error.message}
      </p>
      <p>
        <a href="/">{T("← На головну сторінку вузла", "← Back to the node's home page")}</a>
        {error.status === 401 && (
          <>
            {" "}
            · <a href="/sign-in">{T("Увійти", "Sign in")}</a>
          </>
        )}
      </p>
    </Layout>
  );
};
