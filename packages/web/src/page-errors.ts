/**
 * @module Errors a page can meet, and how each reads to a person (Ukrainian, English) with its status.
 */
import type { Lang } from "./i18n/lang.js";
import type { PageError } from "./pages/error-page.js";

/** Something named in the URL is not held here (a measure of a plan, a stream). */
export class NotOnThisNode extends Error {
  constructor(
    readonly what: { readonly uk: string; readonly en: string },
  ) {
    super(what.en);
  }
}

/** A query value a person (or a mangled link) got wrong. */
export class BadQuery extends Error {
  constructor(readonly what: { readonly uk: string; readonly en: string }) {
    super(what.en);
  }
}

/** A signed-in person whose role does not grant what the page needs. */
export class NotAllowed extends Error {
  constructor(readonly permission: string) {
    super(`forbidden: ${permission}`);
  }
}

/** A form posted with no live session: never signed in, signed out, or the session expired. */
export class NotSignedIn extends Error {
  constructor() {
    super("no session");
  }
}

/** A form posted without the CSRF token of the page it came from (old, forged, or from another site). */
export class StaleForm extends Error {
  constructor() {
    super("stale or forged form");
  }
}

/** The `_tag` of a tagged error (the domain's, the node's), if it has one. */
export const tagOf = (error: unknown): string | undefined =>
  typeof error === "object" && error !== null && "_tag" in error ? String((error as { _tag: unknown })._tag) : undefined;

/**
 * The page error for a failure, or null when it is not one a person caused (a defect: logged, answered 500).
 *
 * @example pageErrorOf(new BadQuery({ uk: "…", en: "…" }), "uk") // { status: 400, message: "…" }
 */
export const pageErrorOf = (error: unknown, lang: Lang): PageError | null => {
  if (error instanceof NotOnThisNode) return { status: 404, message: error.what[lang] };
  if (error instanceof BadQuery) return { status: 400, message: error.what[lang] };
  if (error instanceof NotSignedIn)
    return {
      status: 401,
      message:
        lang === "uk"
          ? "Сеанс завершився (або вхід не виконано): нічого не записано. Увійдіть знову й повторіть дію."
          : "Your session has ended (or you are not signed in): nothing was recorded. Sign in again and repeat the action.",
    };
  if (error instanceof StaleForm)
    return {
      status: 403,
      message:
        lang === "uk"
          ? "Форма застаріла або надіслана не з цієї сторінки (немає дійсного токена CSRF). Відкрийте сторінку знову й повторіть."
          : "The form is stale or was not sent from this page (no valid CSRF token). Open the page again and retry.",
    };
  if (error instanceof NotAllowed)
    return {
      status: 403,
      message:
        lang === "uk"
          ? "Ваша роль не дає доступу до цієї сторінки. Якщо він потрібен для роботи, зверніться до адміністратора вузла."
          : "Your role does not give access to this page. If your work needs it, ask the node's administrator.",
    };
  const tag = tagOf(error);
  const detail = (error as { message?: string } | null)?.message ?? "";
  // Projections' messages are "українською / in English".
  const side = (text: string): string => {
    const [uk, en] = text.split(" / ");
    return (lang === "uk" ? uk : en ?? uk) ?? text;
  };
  if (tag === "PlanNotFound") return { status: 404, message: side(detail) };
  if (tag === "InvalidAsOf") return { status: 400, message: side(detail) };
  // A rule of the domain refused the write (a submitted report, a plan owned elsewhere…): the person's to know.
  if (tag !== undefined && /^(Report|Plan|Measure|NotStream|NotPlan|Unknown|Already|Foreign)/.test(tag))
    return {
      status: 409,
      message: `${lang === "uk" ? "Вузол не прийняв зміну" : "The node refused the change"}: ${side(detail) || tag}`,
    };
  return null;
};
