/** @jsxRuntime automatic @jsxImportSource hono/jsx */
/**
 * @module `webRoutes()`: the node's pages, mounted at `/`. Each route reads its view model from the
 * `WebSource` and renders it on the server; current pages are kept, rendered and gzipped, while the log has not
 * moved (the same rule as the node's JSON views), so a page costs about what its JSON costs.
 */
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { kyivDay, parseAsOf, type Rollup } from "@planledger/projections";
import { Either } from "effect";
import { type Context, Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { JSX } from "hono/jsx/jsx-runtime";
import { STYLESHEET } from "./components/layout.js";
import { isLang, type Lang } from "./i18n/lang.js";
import { homeView } from "./pages/home-view.js";
import { hierarchyPanel } from "./pages/hierarchy-panel-view.js";
import { ErrorPage, type PageError } from "./pages/error-page.js";
import { HomePage } from "./pages/home-page.js";
import { PlanPage, planCharts, planFilterOf } from "./pages/plan-page.js";
import { RollupPage, rollupCharts } from "./pages/rollup-page.js";
import { MeasurePage, measureView } from "./pages/measure-page.js";
import { ComparePage, compareView } from "./pages/compare-page.js";
import { HistoryPage, historyView } from "./pages/history-page.js";
import { IntegrityPage } from "./pages/integrity-page.js";
import { type PageContext, tr } from "./page-context.js";
import { BadQuery, NotAllowed, NotOnThisNode, NotSignedIn, pageErrorOf, StaleForm, tagOf } from "./page-errors.js";
import { type PeoplePort, PRESESSION_COOKIE, SESSION_COOKIE, type SignInOutcome, type Viewer } from "./people.js";
import { SignInPage } from "./pages/sign-in-page.js";
import { type LinksForm, LinksPage, linksHref } from "./pages/links-page.js";
import type { LinkWrites } from "./links.js";
import { type UsersForm, UsersPage } from "./pages/users-page.js";
import { formOfStored, type QuarterForm, QuarterPage, QuartersPage, type QuarterView, quarterHref, quarterOf, quarterView, readQuarterForm } from "./pages/quarter-page.js";
import type { ReportWrites, ReviewWrites } from "./reporting.js";
import { type ReviewForm, ReviewPage, ReviewQueuePage, type ReviewView, reviewHref, reviewQueue, reviewView } from "./pages/review-page.js";
import { href } from "./href.js";
import type { ViewMoment, WebSource } from "./web-source.js";
import { exportRoutes } from "./export-routes.js";
import { COLUMNS_PATH, readColumnChoice } from "./pages/import-columns.js";
import { IMPORT_PATH, ImportColumnsPage, type ImportForm, ImportFormPage, ImportPreviewPage, MAX_UPLOAD_BYTES, sideOf } from "./pages/import-page.js";
import { pendingImports } from "./pending-imports.js";
import type { PlanWrites, Upload } from "./plan-writes.js";
import type { PlanSummary } from "@planledger/projections";

export interface WebOptions {
  readonly source: WebSource;
  readonly now?: () => Date;
  /** Days after which a child that sent nothing is flagged; 7 unless given. */
  readonly silentDays?: number;
  /** Rendered pages kept; 128 unless given. */
  readonly cacheSize?: number;
  /** People's accounts and sessions; without it nobody can sign in and pages that need a role answer 403. */
  readonly people?: PeoplePort;
  /** The report writes a reporter makes on the quarter's form; without it the form is read-only. */
  readonly reports?: ReportWrites;
  /** A reviewer's verdicts; without them the review pages are read-only. */
  readonly reviews?: ReviewWrites;
  /** Plan documents read, previewed and adopted by an editor; without it there is no import page. */
  readonly plans?: PlanWrites;
  /** Link and unlink a plan's measures; without them the links page is read-only. */
  readonly links?: LinkWrites;
}

interface RenderedPage {
  readonly html: Uint8Array;
  readonly gzip: Uint8Array;
  readonly status: number;
}

const css = readFileSync(new URL("./assets/web.css", import.meta.url));
const cssGzip = gzipSync(css, { level: 9 });
const LANG_COOKIE = "lang";
const ONE_YEAR_S = 365 * 24 * 3600;

const acceptsGzip = (c: Context): boolean => /\bgzip\b/.test(c.req.header("accept-encoding") ?? "");

const PAGE_HEADERS = {
  "content-type": "text/html; charset=utf-8",
  vary: "accept-encoding, cookie",
  "cache-control": "no-cache",
} as const;

const send = (c: Context, page: RenderedPage): Response => {
  const headers = new Headers(PAGE_HEADERS);
  // Each cookie set while answering (language, sign-in) on a line of its own.
  for (const cookie of c.res.headers.getSetCookie()) headers.append("set-cookie", cookie);
  const retryAfter = c.res.headers.get("retry-after");
  if (retryAfter !== null) headers.set("retry-after", retryAfter);
  if (acceptsGzip(c)) {
    headers.set("content-encoding", "gzip");
    return new Response(page.gzip as Uint8Array<ArrayBuffer>, { status: page.status, headers });
  }
  return new Response(page.html as Uint8Array<ArrayBuffer>, { status: page.status, headers });
};

const renderPage = async (status: number, element: JSX.Element | Promise<JSX.Element>): Promise<RenderedPage> => {
  const html = Buffer.from(`<!doctype html>${(await element).toString()}`, "utf8");
  return { html, gzip: gzipSync(html, { level: 6 }), status };
};

/** The as-of moment of a query: absent, or a valid date or instant that is not in the future. */
const momentOf = (c: Context, now: Date): ViewMoment => {
  const asOf = c.req.query("asOf")?.trim();
  const mode = c.req.query("byReceipt");
  if (mode !== undefined && mode !== "true" && mode !== "false")
    throw new BadQuery({
      uk: `Параметр byReceipt має бути true або false, а не «${mode}».`,
      en: `byReceipt must be true or false, not "${mode}".`,
    });
  if (asOf === undefined || asOf === "") return {};
  const parsed = parseAsOf(asOf);
  if (Either.isLeft(parsed))
    throw new BadQuery({
      uk: `Дату «${asOf}» не розпізнано: потрібна дата у формі ДД.ММ.РРРР або РРРР-ММ-ДД (наприклад 05.04.2024) або момент ISO-8601.`,
      en: `The date "${asOf}" is not valid: use DD.MM.YYYY or YYYY-MM-DD (for example 05.04.2024) or an ISO-8601 instant.`,
    });
  // A date is in the future when its day (Kyiv time) has not begun; an instant, when it has not come.
  const at = Date.parse(parsed.right.recordedAt);
  if ((asOf.includes("T") ? at : at - 86_399_999) > now.getTime())
    throw new BadQuery({
      uk: `Дата «${asOf}» ще не настала: стан плану можна показати лише на минулу дату або на сьогодні.`,
      en: `The date "${asOf}" is in the future: a plan can be shown as of today or an earlier date only.`,
    });
  return { asOf, byReceipt: mode === undefined ? undefined : mode === "true" };
};

/** A wait in words: seconds under a minute, else whole minutes (rounded up). */
const waitUk = (seconds: number): string => (seconds < 60 ? `${seconds} с` : `${Math.ceil(seconds / 60)} хв`);
const waitEn = (seconds: number): string => (seconds < 60 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`);

/** Why a sign-in was refused, for the form's error summary; `wait` in seconds where there is one. */
const signInRefusal = (reason: Exclude<SignInOutcome, { ok: true }>["reason"], wait: number, T: (uk: string, en: string) => string): string => {
  switch (reason) {
    case "throttled":
      return T(
        `Забагато невдалих спроб входу з вашої адреси. Спробуйте знову через ${waitUk(wait)}.`,
        `Too many failed sign-in attempts from your address. Try again in ${waitEn(wait)}.`,
      );
    case "locked":
      return T(
        `Забагато невдалих спроб: вхід заблоковано ще на ${Math.ceil(wait / 60)} хв.`,
        `Too many wrong passwords: signing in is locked for ${Math.ceil(wait / 60)} more min.`,
      );
    case "disabled":
      return T("Обліковий запис вимкнено. Зверніться до адміністратора вузла.", "The account is disabled. Ask the node's administrator.");
    case "unknown":
    case "wrong":
      return T("Невірний логін або пароль.", "Wrong login or password.");
    default: {
      const _: never = reason;
      return _;
    }
  }
};

/**
 * @example
 * app.route("/", webRoutes({ source }))  // GET / → the node's home page
 */
/** The page's own URL without `lang`, query sorted: for the language switch and the cache key. */
const selfOfUrl = (url: URL): string => {
  url.searchParams.delete("lang");
  url.searchParams.sort();
  const qs = url.searchParams.toString();
  return qs === "" ? url.pathname : `${url.pathname}?${qs}`;
};

/** A rendered page is kept per language, URL, log version and day ("overdue" moves with the calendar). */
const keyOf = (lang: Lang, self: string, version: string, at: Date): string => `${lang}|${self}|${version}|${kyivDay(at)}`;

/** The language a `Cookie` header remembers, else Ukrainian. */
const langOfCookie = (cookie: string | undefined): Lang => {
  const found = cookie === undefined ? undefined : /(?:^|;\s*)lang=([a-z]{2})(?:;|$)/.exec(cookie)?.[1];
  return isLang(found) ? found : "uk";
};

/** A request as `peek` reads it, straight off Node's request (no Fetch objects). */
export interface PeekRequest {
  readonly method: string;
  /** Path and query, as on the request line. */
  readonly url: string;
  readonly cookie: string | undefined;
  readonly acceptEncoding: string | undefined;
}

export interface PeekedPage {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | number>>;
  readonly body: Uint8Array;
}

export interface WebPages {
  /** The pages as Hono routes, to mount at `/`. */
  readonly routes: Hono;
  /**
   * The kept rendering of a current page, if there is one and the source's version (when it can tell it
   * synchronously) shows it is still current; undefined otherwise — the request then goes to `routes`, which
   * answer exactly the same for a hit. Lets a node answer kept pages without building a Fetch request.
   */
  readonly peek: (request: PeekRequest) => PeekedPage | undefined;
}

/**
 * @example
 * app.route("/", webRoutes({ source }))  // GET / → the node's home page
 */
export const webRoutes = (options: WebOptions): Hono => webPages(options).routes;

/**
 * @example
 * const pages = webPages({ source }); app.route("/", pages.routes); pages.peek({ method: "GET", url: "/", … })
 */
export const webPages = (options: WebOptions): WebPages => {
  const { source } = options;
  const now = options.now ?? (() => new Date());
  const silentDays = options.silentDays ?? 7;
  const limit = options.cacheSize ?? 128;
  const cache = new Map<string, RenderedPage>();
  const app = new Hono();
  app.route("/", exportRoutes({ source, now }));
  // Before `/plans/:planId` takes "import" for a plan id; the page itself is in the import block below.
  app.get(IMPORT_PATH, (c) => importFormPage(c));

  app.get(STYLESHEET, (c) => {
    const gz = acceptsGzip(c);
    return new Response((gz ? cssGzip : css) as Uint8Array<ArrayBuffer>, {
      headers: {
        "content-type": "text/css; charset=utf-8",
        "cache-control": "public, max-age=3600",
        vary: "accept-encoding",
        ...(gz ? { "content-encoding": "gzip" } : {}),
      },
    });
  });

  /** The language of a request; a `?lang=` is remembered in a cookie. */
  const langOf = (c: Context): Lang => {
    const asked = c.req.query("lang");
    if (asked !== undefined) {
      if (!isLang(asked)) {
        throw new BadQuery({
          uk: `Мову «${asked}» не підтримано: доступні uk (українська) та en (English).`,
          en: `Language "${asked}" is not available: choose uk (Ukrainian) or en (English).`,
        });
      }
      setCookie(c, LANG_COOKIE, asked, { path: "/", maxAge: ONE_YEAR_S, sameSite: "Lax", httpOnly: true });
      return asked;
    }
    const remembered = getCookie(c, LANG_COOKIE);
    return isLang(remembered) ? remembered : "uk";
  };

  const selfOf = (c: Context): string => selfOfUrl(new URL(c.req.url));

  type Render = (ctx: PageContext, view: ViewMoment, c: Context) => Promise<JSX.Element>;

  /** The context of a page answered outside `page()` (forms and their refusals): now, no as-of moment. */
  const formContext = async (lang: Lang, self: string, viewer: Viewer | null): Promise<PageContext> => ({
    lang,
    node: await source.node(),
    now: now(),
    self,
    silentDays,
    asOf: null,
    viewer,
  });

  const viewerOf = async (c: Context): Promise<Viewer | null> => (await options.people?.viewer(getCookie(c, SESSION_COOKIE))) ?? null;

  interface PageOptions {
    /** Kept between requests while the log stays the same (default true). */
    readonly keep?: boolean;
    /** A permission the page needs: anonymous people are sent to sign in, others without it get a 403 page. */
    readonly need?: string;
  }

  /**
   * Serves a page: the kept rendering while the source's version and the day are unchanged, else renders it.
   * Any failure a person caused becomes an error page (400/404) in their language; others a 500 page.
   */
  const page = (render: Render, pageOptions: PageOptions = {}) => async (c: Context) => {
    const keep = pageOptions.keep ?? true;
    let lang: Lang = "uk";
    const at = now();
    const self = selfOf(c);
    const viewer = await viewerOf(c);
    const errorCtx = async (): Promise<PageContext> => ({
      viewer,
      lang,
      node: await source.node().catch(() => ({ nodeId: "?", level: "?", displayName: "Plan Ledger", parent: null, children: [], events: 0 })),
      now: at,
      self,
      silentDays,
      asOf: null,
    });
    try {
      lang = langOf(c);
      if (pageOptions.need !== undefined) {
        if (viewer === null) return c.redirect(href("/sign-in", { next: self }), 303);
        if (!viewer.can(pageOptions.need)) throw new NotAllowed(pageOptions.need);
      }
      const view = momentOf(c, at);
      // A signed-in person's pages name them and carry their session's CSRF token: kept apart per session.
      const key = keyOf(lang, viewer === null ? self : `${self}|${viewer.login}|${viewer.role}|${viewer.csrf}`, await source.version(), at);
      const kept = keep ? cache.get(key) : undefined;
      if (kept !== undefined) return send(c, kept);
      const ctx: PageContext = { lang, node: await source.node(), now: at, self, silentDays, asOf: view.asOf ?? null, viewer };
      const rendered = await renderPage(200, render(ctx, view, c));
      if (!keep) return send(c, rendered);
      cache.set(key, rendered);
      if (cache.size > limit) {
        const oldest = cache.keys().next();
        if (!oldest.done) cache.delete(oldest.value);
      }
      return send(c, rendered);
    } catch (error) {
      const known = pageErrorOf(error, lang);
      if (known === null) console.error(`[web] GET ${c.req.path}`, error);
      const shown: PageError = known ?? {
        status: 500,
        message:
          lang === "uk"
            ? "Вузол не зміг підготувати сторінку. Спробуйте ще раз; якщо не допоможе, зверніться до адміністратора вузла."
            : "The node could not prepare this page. Try again; if it persists, tell the node's administrator.",
      };
      return send(c, await renderPage(shown.status, <ErrorPage ctx={await errorCtx()} error={shown} />));
    }
  };

  app.get(
    "/",
    page(async (ctx, view, c) => <HomePage ctx={ctx} plans={await homeView(source, view)} hierarchy={await hierarchyPanel(source, c.req.query("on"))} />),
  );
  app.get(
    "/plans/:planId",
    page(async (ctx, view, c) => {
      const id = c.req.param("planId") ?? "";
      const tree = await source.planTree(id, view);
      const filter = planFilterOf(new URL(c.req.url).searchParams);
      return <PlanPage ctx={ctx} tree={tree} filter={filter} charts={await planCharts(tree, ctx)} />;
    }),
  );
  app.get(
    "/plans/:planId/rollup",
    page(async (ctx, view, c) => {
      const id = c.req.param("planId") ?? "";
      const [rollup, tree] = await Promise.all([source.rollup(id, view), source.planTree(id, view)]);
      const childPlans = new Map<string, string>();
      const walk = (cs: Rollup["measures"][number]["children"]): void => {
        for (const ch of cs) {
          childPlans.set(ch.planId, ch.node);
          walk(ch.children);
        }
      };
      for (const m of rollup.measures) walk(m.children);
      const childReports = await Promise.all(
        [...childPlans].map(async ([planId, node]) => ({ node, planId, reports: await source.reports(planId, view) })),
      );
      return (
        <RollupPage ctx={ctx} rollup={rollup} tree={tree} charts={await rollupCharts(rollup, tree, ctx)} childReports={childReports} />
      );
    }),
  );
  app.get(
    "/plans/:planId/measures/:measureId",
    page(async (ctx, view, c) => {
      const planId = c.req.param("planId") ?? "";
      const measureId = c.req.param("measureId") ?? "";
      return <MeasurePage ctx={ctx} view={await measureView(source, planId, measureId, view)} />;
    }),
  );
  app.get(
    "/plans/:planId/compare",
    page(async (ctx, _view, c) => {
      const planId = c.req.param("planId") ?? "";
      const params = new URL(`http://x${ctx.self}`).searchParams;
      return <ComparePage ctx={ctx} view={await compareView(source, planId, params, ctx.now)} />;
    }, { need: "history:read" }),
  );
  app.get(
    "/audit",
    // Run on demand, never kept: the check is of the file as it is now, which the log version does not track.
    page(async (ctx) => <IntegrityPage ctx={ctx} report={await source.integrity()} plans={await source.plans()} />, {
      keep: false,
      need: "history:read",
    }),
  );
  app.get(
    "/audit/history",
    page(async (ctx) => {
      const params = new URL(`http://x${ctx.self}`).searchParams;
      return <HistoryPage ctx={ctx} view={await historyView(source, params)} />;
    }, { need: "history:read" }),
  );

  // Sign-in and sign-out: forms posted and redirected (PRG), each with its CSRF token.
  const FORM_LIMIT = 16 * 1024;
  /** A quarter's form carries every measure's fields (№ 1003: 95 measures with narratives). */
  const REPORT_FORM_LIMIT = 1024 * 1024;
  const readForm = async (c: Context, limit = FORM_LIMIT): Promise<Record<string, string>> => {
    const declared = Number(c.req.header("content-length") ?? "0");
    if (declared > limit) throw new BadQuery({ uk: "Завеликий запит форми.", en: "The form is too large." });
    const type = c.req.header("content-type") ?? "";
    if (!/^application\/x-www-form-urlencoded\b/i.test(type))
      throw new BadQuery({ uk: "Форму надіслано в невідомому вигляді.", en: "The form arrived in an unknown encoding." });
    const text = await c.req.text();
    if (text.length > limit) throw new BadQuery({ uk: "Завеликий запит форми.", en: "The form is too large." });
    return Object.fromEntries(new URLSearchParams(text));
  };
  const sameToken = (a: string | undefined, b: string | undefined): boolean =>
    a !== undefined && b !== undefined && a.length > 0 && a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
  /** Only a path on this node: never another site (`//host`, `https://…`). */
  const safeNext = (next: string | undefined): string => (next !== undefined && /^\/(?![/\\])/.test(next) ? next : "/");
  const cookieOptions = { path: "/", httpOnly: true, sameSite: "Lax" as const, secure: options.people?.secureCookies ?? false };

  /** A form-posting route: its failures are pages too (403 for a bad CSRF token, 400 for a bad form). */
  const formPage = (handle: (c: Context, lang: Lang) => Promise<Response>) => async (c: Context) => {
    let lang: Lang = "uk";
    try {
      lang = langOf(c);
      return await handle(c, lang);
    } catch (error) {
      const known = pageErrorOf(error, lang);
      if (known === null) console.error(`[web] POST ${c.req.path}`, error);
      const shown: PageError = known ?? { status: 500, message: lang === "uk" ? "Вузол не зміг обробити форму." : "The node could not handle the form." };
      const ctx = await formContext(lang, selfOf(c), await viewerOf(c));
      return send(c, await renderPage(shown.status, <ErrorPage ctx={ctx} error={shown} />));
    }
  };

  const signInForm = async (c: Context, lang: Lang, form: { login: string; next: string; error: string | null }, status: number) => {
    let csrf = getCookie(c, PRESESSION_COOKIE);
    if (csrf === undefined || csrf.length < 20) {
      csrf = randomBytes(24).toString("base64url");
      setCookie(c, PRESESSION_COOKIE, csrf, { ...cookieOptions, maxAge: 3600 });
    }
    const ctx = await formContext(lang, "/sign-in", await viewerOf(c));
    return send(c, await renderPage(status, <SignInPage ctx={ctx} form={{ ...form, csrf }} />));
  };

  app.get(
    "/sign-in",
    formPage(async (c, lang) => signInForm(c, lang, { login: "", next: safeNext(c.req.query("next")), error: null }, 200)),
  );
  app.post(
    "/sign-in",
    formPage(async (c, lang) => {
      const form = await readForm(c);
      if (!sameToken(form._csrf, getCookie(c, PRESESSION_COOKIE))) throw new StaleForm();
      const login = (form.login ?? "").trim();
      const next = safeNext(form.next);
      const people = options.people;
      if (people === undefined) throw new NotAllowed("sign-in");
      const outcome = await people.signIn(login, form.password ?? "", people.sourceOf?.(c));
      if (outcome.ok) {
        deleteCookie(c, PRESESSION_COOKIE, { path: "/" });
        setCookie(c, SESSION_COOKIE, outcome.sessionId, cookieOptions);
        return c.redirect(next, 303);
      }
      if (outcome.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, outcome.delayMs));
      const error = signInRefusal(outcome.reason, outcome.retryAfterS ?? 60, tr({ lang }));
      if (outcome.retryAfterS !== null) c.header("retry-after", String(outcome.retryAfterS));
      return signInForm(c, lang, { login, next, error }, outcome.reason === "locked" || outcome.reason === "throttled" ? 429 : 401);
    }),
  );
  app.post(
    "/sign-out",
    formPage(async (c) => {
      const form = await readForm(c);
      const viewer = await viewerOf(c);
      if (viewer !== null) {
        if (!sameToken(form._csrf, viewer.csrf)) throw new StaleForm();
        await options.people?.signOut(getCookie(c, SESSION_COOKIE));
      }
      deleteCookie(c, SESSION_COOKIE, { path: "/" });
      return c.redirect("/", 303);
    }),
  );

  // The quarter: a plan's reports, and each quarter's form (draft, save, submit; reopen a returned one).
  app.get(
    "/plans/:planId/quarters",
    page(
      async (ctx, _view, c) => {
        const id = c.req.param("planId") ?? "";
        const [tree, calendar] = await Promise.all([source.planTree(id), source.reports(id)]);
        return <QuartersPage ctx={ctx} tree={tree} calendar={calendar} />;
      },
      { need: "read" },
    ),
  );
  const quarterForm = async (view: QuarterView, viewer: Viewer, form: Omit<QuarterForm, "editable" | "csrf">) => {
    const phase = view.entry?.state ?? "upcoming";
    const editable =
      options.reports !== undefined && viewer.can("report:write") && !view.tree.replica && phase !== "submitted" && phase !== "accepted";
    return { ...form, editable, csrf: viewer.csrf };
  };
  app.get(
    "/plans/:planId/quarters/:period",
    page(
      async (ctx, _view, c) => {
        const at = quarterOf(c.req.param("planId") ?? "", c.req.param("period") ?? "");
        const view = await quarterView(source, at);
        const viewer = ctx.viewer as Viewer;
        const saved = c.req.query("saved");
        const T = tr(ctx);
        const notice =
          c.req.query("submitted") === "1"
            ? { kind: "ok" as const, text: T("Звіт подано.", "The report is submitted.") }
            : saved === undefined
              ? null
              : {
                  kind: "ok" as const,
                  text: saved === "0" ? T("Змін не було: нічого не записано.", "Nothing changed: nothing recorded.") : T(`Чернетку збережено: заходів записано ${saved}.`, `Draft saved: ${saved} measures recorded.`),
                };
        const form = await quarterForm(view, viewer, { input: formOfStored(view), errors: [], notice, changedSince: [] });
        return <QuarterPage ctx={ctx} view={view} form={form} />;
      },
      { keep: false, need: "read" },
    ),
  );
  /** The person posting a quarter form: signed in, allowed to report, and the form carrying their CSRF token. */
  const reporterOf = async (c: Context, form: Record<string, string>): Promise<Viewer> => {
    const viewer = await viewerOf(c);
    if (viewer === null) throw new NotSignedIn();
    if (!viewer.can("report:write")) throw new NotAllowed("report:write");
    if (!sameToken(form._csrf, viewer.csrf)) throw new StaleForm();
    if (options.reports === undefined) throw new NotAllowed("report:write");
    return viewer;
  };
  const renderQuarter = async (c: Context, lang: Lang, viewer: Viewer, view: QuarterView, status: number, form: Omit<QuarterForm, "editable" | "csrf">) => {
    const ctx = await formContext(lang, selfOf(c), viewer);
    return send(c, await renderPage(status, <QuarterPage ctx={ctx} view={view} form={await quarterForm(view, viewer, form)} />));
  };
  app.post(
    "/plans/:planId/quarters/:period",
    formPage(async (c, lang) => {
      const form = await readForm(c, REPORT_FORM_LIMIT);
      const viewer = await reporterOf(c, form);
      const reports = options.reports as ReportWrites;
      const at = quarterOf(c.req.param("planId") ?? "", c.req.param("period") ?? "");
      const view = await quarterView(source, at);
      const base = Number(form.version ?? "-1");
      if (base !== view.version)
        return renderQuarter(c, lang, viewer, view, 409, { input: form, errors: [], notice: null, changedSince: view.events.filter((e) => e.version > base) });
      const { inputs, errors } = readQuarterForm(view, form, lang);
      if (errors.length > 0) return renderQuarter(c, lang, viewer, view, 422, { input: form, errors, notice: null, changedSince: [] });
      const here = quarterHref(at.planId, at.year, at.quarter);
      if (inputs.length === 0) return c.redirect(`${here}?saved=0`, 303);
      try {
        let version = view.version;
        if (version === 0) version = await reports.draft(viewer, at);
        if (view.entry?.state === "returned" && view.entry.review !== null) version = await reports.reopen(viewer, at, version, view.entry.review.reviewerNode);
        for (const input of inputs) version = await reports.record(viewer, at, version, input);
      } catch (error) {
        if (tagOf(error) !== "PreconditionFailed" && tagOf(error) !== "ConcurrencyError") throw error;
        const fresh = await quarterView(source, at);
        return renderQuarter(c, lang, viewer, fresh, 409, { input: form, errors: [], notice: null, changedSince: fresh.events.filter((e) => e.version > base) });
      }
      return c.redirect(`${here}?saved=${inputs.length}`, 303);
    }),
  );
  app.post(
    "/plans/:planId/quarters/:period/submit",
    formPage(async (c, lang) => {
      const form = await readForm(c, REPORT_FORM_LIMIT);
      const viewer = await reporterOf(c, form);
      const at = quarterOf(c.req.param("planId") ?? "", c.req.param("period") ?? "");
      const view = await quarterView(source, at);
      const base = Number(form.version ?? "-1");
      if (base !== view.version)
        return renderQuarter(c, lang, viewer, view, 409, { input: formOfStored(view), errors: [], notice: null, changedSince: view.events.filter((e) => e.version > base) });
      await (options.reports as ReportWrites).submit(viewer, at, view.version);
      return c.redirect(`${quarterHref(at.planId, at.year, at.quarter)}?submitted=1`, 303);
    }),
  );

  // Reviews: the queue of submitted reports, and one report accepted or returned.
  app.get(
    "/reviews",
    page(async (ctx) => <ReviewQueuePage ctx={ctx} queue={await reviewQueue(source)} />, { keep: false, need: "review:write" }),
  );
  const reviewForm = (viewer: Viewer, view: ReviewView, rest: Omit<ReviewForm, "csrf" | "editable">): ReviewForm => ({
    ...rest,
    csrf: viewer.csrf,
    editable: options.reviews !== undefined && viewer.can("review:write") && view.quarter.entry?.state === "submitted",
  });
  app.get(
    "/reviews/:planId/:period",
    page(
      async (ctx, _view, c) => {
        const at = quarterOf(c.req.param("planId") ?? "", c.req.param("period") ?? "");
        const view = await reviewView(source, at);
        const done = c.req.query("done");
        const T = tr(ctx);
        const notice =
          done === "accepted"
            ? { kind: "ok" as const, text: T("Звіт прийнято.", "The report is accepted.") }
            : done === "returned"
              ? { kind: "ok" as const, text: T("Звіт повернуто на доопрацювання.", "The report is returned for rework.") }
              : null;
        return <ReviewPage ctx={ctx} view={view} form={reviewForm(ctx.viewer as Viewer, view, { reason: "", error: null, notice })} />;
      },
      { keep: false, need: "review:write" },
    ),
  );
  const verdict = (outcome: "accept" | "return") =>
    formPage(async (c, lang) => {
      const form = await readForm(c);
      const viewer = await viewerOf(c);
      if (viewer === null) throw new NotSignedIn();
      if (!viewer.can("review:write") || options.reviews === undefined) throw new NotAllowed("review:write");
      if (!sameToken(form._csrf, viewer.csrf)) throw new StaleForm();
      const at = quarterOf(c.req.param("planId") ?? "", c.req.param("period") ?? "");
      const ref = { origin: form.origin ?? "", seq: Number(form.seq), hash: form.hash ?? "" };
      const T = tr({ lang });
      const again = async (status: number, rest: Omit<ReviewForm, "csrf" | "editable">) => {
        const view = await reviewView(source, at);
        const ctx = await formContext(lang, selfOf(c), viewer);
        return send(c, await renderPage(status, <ReviewPage ctx={ctx} view={view} form={reviewForm(viewer, view, rest)} />));
      };
      const reason = (form.reason ?? "").normalize("NFC").trim();
      if (outcome === "return" && (reason === "" || reason.length > 4000))
        return again(422, {
          reason,
          error: T("Напишіть, чому звіт повертається: звітувач побачить це поруч із полями.", "Say why the report is returned: the reporter sees it beside the fields."),
          notice: null,
        });
      try {
        if (outcome === "accept") await options.reviews.accept(viewer, at, ref);
        else await options.reviews.return(viewer, at, ref, reason);
      } catch (error) {
        if (tagOf(error) !== "SubmissionChanged") throw error;
        return again(409, {
          reason,
          error: null,
          notice: {
            kind: "bad",
            text: T(
              "Звіт подано знову, поки ви його переглядали: рішення не записано. Перегляньте нове подання нижче.",
              "The report was submitted again while you were reviewing it: no verdict was recorded. Review the new submission below.",
            ),
          },
        });
      }
      return c.redirect(`${reviewHref(at.planId, at.year, at.quarter)}?done=${outcome === "accept" ? "accepted" : "returned"}`, 303);
    });
  app.post("/reviews/:planId/:period/accept", verdict("accept"));
  app.post("/reviews/:planId/:period/return", verdict("return"));

  // Links of a district plan's measures to the regional measures they implement.
  const linksPage = async (c: Context, lang: Lang, viewer: Viewer, status: number, notice: LinksForm["notice"]) => {
    const planId = c.req.param("planId") ?? "";
    const tree = await source.planTree(planId);
    const links = (await source.linkSuggestions?.(planId)) ?? null;
    if (links === null)
      throw new NotOnThisNode({
        uk: "Цей план не виконує іншого плану, що є на вузлі: пов'язувати його заходи нема з чим.",
        en: "This plan implements no other plan held here: there is nothing to link its measures to.",
      });
    const version = (await source.history(`plan:${planId}`)).at(-1)?.version ?? 0;
    const editable = options.links !== undefined && viewer.can("plan:write") && !tree.replica;
    const ctx = await formContext(lang, selfOf(c), viewer);
    return send(c, await renderPage(status, <LinksPage ctx={ctx} tree={tree} links={links} form={{ csrf: viewer.csrf, version, editable, notice }} />));
  };
  app.get(
    "/plans/:planId/links",
    formPage(async (c, lang) => {
      const viewer = await viewerOf(c);
      if (viewer === null) return c.redirect(href("/sign-in", { next: selfOf(c) }), 303);
      if (!viewer.can("plan:write")) throw new NotAllowed("plan:write");
      const done = c.req.query("linked");
      const T = tr({ lang });
      const notice =
        done !== undefined
          ? { kind: "ok" as const, text: T(`Пов'язано заходів: ${done}.`, `Measures linked: ${done}.`) }
          : c.req.query("unlinked") !== undefined
            ? { kind: "ok" as const, text: T("Зв'язок знято.", "Link removed.") }
            : null;
      return linksPage(c, lang, viewer, 200, notice);
    }),
  );
  app.post(
    "/plans/:planId/links",
    formPage(async (c, lang) => {
      const form = await readForm(c);
      const viewer = await viewerOf(c);
      const writes = options.links;
      if (viewer === null) throw new NotSignedIn();
      if (!viewer.can("plan:write") || writes === undefined) throw new NotAllowed("plan:write");
      if (!sameToken(form._csrf, viewer.csrf)) throw new StaleForm();
      const planId = c.req.param("planId") ?? "";
      const links = (await source.linkSuggestions?.(planId)) ?? null;
      if (links === null) throw new NotOnThisNode({ uk: "Цей план не виконує іншого плану.", en: "This plan implements no other plan." });
      const T = tr({ lang });
      const current = (await source.history(`plan:${planId}`)).at(-1)?.version ?? 0;
      if (Number(form.version) !== current)
        return linksPage(c, lang, viewer, 409, {
          kind: "bad",
          text: T("План змінився, поки сторінка була відкрита: нічого не записано. Перегляньте зв'язки ще раз.", "The plan changed while the page was open: nothing recorded. Review the links again."),
        });
      const known = new Set(links.parentMeasures.map((p) => p.measureId));
      const parentOf = (measureId: string) => ({ node: links.parent.node, planId: links.parent.planId, measureId });
      let version = current;
      try {
        if (form.action === "link") {
          const chosen = form.other || form.parent || "";
          if (!known.has(chosen)) throw new BadQuery({ uk: "Оберіть захід регіонального плану.", en: "Choose a measure of the regional plan." });
          version = await writes.link(viewer, planId, form.measureId ?? "", parentOf(chosen), version);
          return c.redirect(`${linksHref(planId)}?linked=1`, 303);
        }
        if (form.action === "unlink") {
          await writes.unlink(viewer, planId, form.measureId ?? "", T("знято на сторінці зв'язків", "removed on the links page"), version);
          return c.redirect(`${linksHref(planId)}?unlinked=1`, 303);
        }
        if (form.action === "bulk") {
          const min = Number((form.minScore ?? "").replace(",", "."));
          if (!Number.isFinite(min) || min < 0 || min > 1)
            throw new BadQuery({ uk: "Оцінка має бути числом від 0 до 1.", en: "The score must be a number from 0 to 1." });
          const tree = await source.planTree(planId);
          let count = 0;
          for (const s of tree.sections)
            for (const t of s.tasks)
              for (const m of t.measures) {
                if (m.parent !== null || m.cancelled !== null) continue;
                const best = links.byMeasure.get(m.measureId)?.[0];
                if (best === undefined || best.score < min) continue;
                version = await writes.link(viewer, planId, m.measureId, parentOf(best.measureId), version);
                count++;
              }
          return c.redirect(`${linksHref(planId)}?linked=${count}`, 303);
        }
      } catch (error) {
        if (tagOf(error) !== "PreconditionFailed") throw error;
        return linksPage(c, lang, viewer, 409, {
          kind: "bad",
          text: T("План змінився під час запису: перегляньте зв'язки ще раз.", "The plan changed while recording: review the links again."),
        });
      }
      throw new BadQuery({ uk: `Невідома дія «${form.action ?? ""}».`, en: `Unknown action "${form.action ?? ""}".` });
    }),
  );

  // People's accounts, for the node's administrator.
  const usersPage = async (c: Context, lang: Lang, viewer: Viewer, status: number, notice: UsersForm["notice"], draft: UsersForm["draft"]) => {
    const admin = options.people?.admin;
    if (admin === undefined) throw new NotAllowed("token:manage");
    const ctx = await formContext(lang, "/admin/users", viewer);
    return send(c, await renderPage(status, <UsersPage ctx={ctx} accounts={await admin.list()} form={{ csrf: viewer.csrf, roles: admin.roles, notice, draft }} />));
  };
  app.get(
    "/admin/users",
    formPage(async (c, lang) => {
      const viewer = await viewerOf(c);
      if (viewer === null) return c.redirect(href("/sign-in", { next: "/admin/users" }), 303);
      if (!viewer.can("token:manage")) throw new NotAllowed("token:manage");
      const done = c.req.query("done");
      const who = c.req.query("login") ?? "";
      const T = tr({ lang });
      const texts: Record<string, string> = {
        add: T(`Обліковий запис «${who}» створено.`, `Account "${who}" created.`),
        reset: T(`Пароль «${who}» змінено, його сеанси завершено.`, `Password of "${who}" set, their sessions ended.`),
        role: T(`Роль «${who}» змінено.`, `Role of "${who}" changed.`),
        disable: T(`Обліковий запис «${who}» вимкнено, його сеанси завершено.`, `Account "${who}" disabled, its sessions ended.`),
      };
      const notice = done !== undefined && texts[done] !== undefined ? { kind: "ok" as const, text: texts[done] as string } : null;
      return usersPage(c, lang, viewer, 200, notice, { login: "", name: "", role: "" });
    }),
  );
  app.post(
    "/admin/users",
    formPage(async (c, lang) => {
      const form = await readForm(c);
      const viewer = await viewerOf(c);
      const admin = options.people?.admin;
      if (viewer === null) throw new NotSignedIn();
      if (!viewer.can("token:manage") || admin === undefined) throw new NotAllowed("token:manage");
      if (!sameToken(form._csrf, viewer.csrf)) throw new StaleForm();
      const action = form.action ?? "";
      const login = (form.login ?? "").trim();
      const draft = { login: action === "add" ? login : "", name: action === "add" ? (form.name ?? "") : "", role: action === "add" ? (form.role ?? "") : "" };
      try {
        if (action === "add") await admin.add(login, form.name ?? "", form.role ?? "", form.password ?? "");
        else if (action === "reset") await admin.reset(login, form.password ?? "");
        else if (action === "role") await admin.setRole(login, form.role ?? "");
        else if (action === "disable") {
          if (login === viewer.login) throw new Error("не можна вимкнути власний обліковий запис / you cannot disable your own account");
          await admin.disable(login);
        } else throw new BadQuery({ uk: `Невідома дія «${action}».`, en: `Unknown action "${action}".` });
      } catch (error) {
        if (error instanceof BadQuery || !(error instanceof Error)) throw error;
        const [uk, en] = error.message.split(" / ");
        return usersPage(c, lang, viewer, 422, { kind: "bad", text: (lang === "uk" ? uk : (en ?? uk)) ?? error.message }, draft);
      }
      return c.redirect(href("/admin/users", { done: action, login }), 303);
    }),
  );

  // Importing a plan document: the upload form, a preview of what was read (nothing stored), then "record" —
  // or, for a plan already held here, the document's difference from it. GET `/plans/import` is registered
  // before `/plans/:planId` (see the top of this function), which would otherwise take "import" for a plan id.
  const imports = pendingImports(now);
  const importFormPage = page(
    async (ctx, _view, c) => {
      if (options.plans === undefined) throw new NotAllowed("plan:write");
      const T = tr(ctx);
      const notice = c.req.query("cancelled") === "1" ? { kind: "ok" as const, text: T("Імпорт скасовано: нічого не записано.", "Import cancelled: nothing recorded.") } : null;
      const form: ImportForm = { csrf: (ctx.viewer as Viewer).csrf, plans: await source.plans(), parentPlanId: "", notice, error: null };
      return <ImportFormPage ctx={ctx} form={form} />;
    },
    { keep: false, need: "plan:write" },
  );
  /** The person importing: signed in, allowed to write plans, on a node that takes plan writes. */
  const importerOf = async (c: Context): Promise<{ readonly viewer: Viewer; readonly plans: PlanWrites }> => {
    const viewer = await viewerOf(c);
    if (viewer === null) throw new NotSignedIn();
    if (!viewer.can("plan:write") || options.plans === undefined) throw new NotAllowed("plan:write");
    return { viewer, plans: options.plans };
  };
  /** The form again, saying why the upload was refused (its status says it to machines). */
  const refuseUpload = async (c: Context, lang: Lang, viewer: Viewer, status: number, error: string, parentPlanId = "") => {
    const ctx = await formContext(lang, IMPORT_PATH, viewer);
    const form: ImportForm = { csrf: viewer.csrf, plans: await source.plans(), parentPlanId, notice: null, error };
    return send(c, await renderPage(status, <ImportFormPage ctx={ctx} form={form} />));
  };
  app.post(
    IMPORT_PATH,
    formPage(async (c, lang) => {
      const { viewer, plans } = await importerOf(c);
      const T = tr({ lang });
      // Refused on the declared length, before a byte of the body is read.
      const declared = c.req.header("content-length");
      if (declared === undefined || !/^\d+$/.test(declared))
        return refuseUpload(c, lang, viewer, 411, T("Браузер не вказав розмір файлу: надішліть форму ще раз.", "The browser did not state the upload's size: send the form again."));
      if (Number(declared) > MAX_UPLOAD_BYTES)
        return refuseUpload(c, lang, viewer, 413, T("Файл завеликий: вузол приймає документи до 25 МБ.", "The file is too large: the node takes documents of up to 25 MB."));
      if (!/^multipart\/form-data\b/i.test(c.req.header("content-type") ?? ""))
        throw new BadQuery({ uk: "Форму імпорту надіслано в невідомому вигляді.", en: "The import form arrived in an unknown encoding." });
      const body = await c.req.parseBody().catch(() => {
        throw new BadQuery({ uk: "Форму імпорту не вдалося прочитати.", en: "The import form could not be read." });
      });
      if (!sameToken(typeof body._csrf === "string" ? body._csrf : undefined, viewer.csrf)) throw new StaleForm();
      const parentPlanId = typeof body.parentPlanId === "string" ? body.parentPlanId.trim() : "";
      const held = await source.plans();
      const parent = parentPlanId === "" ? null : (held.find((p) => p.id === parentPlanId) ?? null);
      if (parentPlanId !== "" && parent === null)
        throw new NotOnThisNode({ uk: `Плану «${parentPlanId}» на цьому вузлі немає: оберіть план зі списку.`, en: `This node holds no plan "${parentPlanId}": choose one from the list.` });
      const file = body.document;
      if (!(file instanceof File)) return refuseUpload(c, lang, viewer, 422, T("Оберіть файл документа плану.", "Choose the plan's document file."), parentPlanId);
      const fileName = (file.name.split(/[\\/]/).pop() ?? "").slice(0, 200) || T("без назви", "unnamed");
      const bytes = new Uint8Array(await file.arrayBuffer());
      if (bytes.every((b) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d))
        return refuseUpload(c, lang, viewer, 422, T(`«${fileName}»: файл порожній — у ньому немає тексту плану.`, `"${fileName}": the file is empty — it holds no plan text.`), parentPlanId);
      return readUpload(c, lang, viewer, plans, { bytes, fileName }, parent, null);
    }),
  );
  /**
   * Reads an upload (again, with a person's columns) and answers the preview; a table whose columns could not be
   * mapped answers the column form instead. The bytes are kept with the pending entry for a later re-read.
   */
  const readUpload = async (c: Context, lang: Lang, viewer: Viewer, plans: PlanWrites, upload: Upload, parent: PlanSummary | null, keptId: string | null) => {
    const T = tr({ lang });
    const { fileName } = upload;
    const read = await plans.read(upload);
    if (!read.ok && read.headers !== undefined && read.headers.length > 0) {
      const id = keptId ?? imports.put({ login: viewer.login, document: null, upload, layout: "", fileName, parentPlanId: parent?.id ?? null, planId: "" });
      const ctx = await formContext(lang, IMPORT_PATH, viewer);
      // The person's last choice, else what the reader could place alone, else "do not read".
      const start = upload.columns ?? read.proposed ?? [];
      const rows = read.headers.map((header, column) => {
        const given = start.find((x) => x.column === column);
        return { column, header, field: given?.field ?? ("ignore" as const), ...(given?.year === undefined ? {} : { year: given.year }) };
      });
      const columns = { csrf: viewer.csrf, pendingId: id, fileName, reason: read.reason, rows, error: keptId === null ? null : sideOf(read.reason, lang) };
      return send(c, await renderPage(422, <ImportColumnsPage ctx={ctx} columns={columns} />));
    }
    if (!read.ok) {
      const status = read.unsupported === true ? 415 : 422;
      return refuseUpload(c, lang, viewer, status, T(`«${fileName}»: план не прочитано — ${sideOf(read.reason, "uk")}`, `"${fileName}": the plan could not be read — ${sideOf(read.reason, "en")}`), parent?.id ?? "");
    }
    const placement = await plans.place(viewer, read.document, parent?.id ?? null);
    const recordable = placement.recorded === null && placement.refusal === null;
    const recorded = placement.recorded;
    const amendable = recorded !== null && (recorded.items.length > 0 || recorded.titleChange !== null || recorded.periodChange !== null);
    // Kept on the server for 30 minutes, bound to this login: "record" posts back only the id.
    const entry = {
      login: viewer.login,
      document: read.document,
      upload,
      layout: read.layout,
      fileName,
      parentPlanId: parent?.id ?? null,
      planId: placement.planId,
      ...(recorded === null ? {} : { version: recorded.version }),
    };
    if (keptId !== null) imports.drop(keptId, viewer.login);
    const id = imports.put(entry);
    const ctx = await formContext(lang, IMPORT_PATH, viewer);
    const preview = {
      csrf: viewer.csrf,
      pendingId: recordable || amendable ? id : null,
      columnsId: id,
      fileName,
      layout: read.layout,
      document: read.document,
      placement,
      parent,
      amendable,
      reading: read.reading,
    };
    return send(c, await renderPage(200, <ImportPreviewPage ctx={ctx} preview={preview} />));
  };
  /** A pending upload of this person's, or the page that says it is gone. */
  const pendingOf = (id: string, viewer: Viewer) => {
    const entry = imports.get(id, viewer.login);
    if (entry === null)
      throw new NotOnThisNode({
        uk: "Перегляду цього імпорту вже немає: він діє 30 хвилин і лише для того, хто завантажив файл. Завантажте документ ще раз.",
        en: "This import preview is gone: it lasts 30 minutes and only for whoever uploaded the file. Upload the document again.",
      });
    return entry;
  };
  app.post(
    COLUMNS_PATH,
    formPage(async (c, lang) => {
      const { viewer, plans } = await importerOf(c);
      const form = await readForm(c);
      if (!sameToken(form._csrf, viewer.csrf)) throw new StaleForm();
      const id = form.id ?? "";
      const entry = pendingOf(id, viewer);
      const count = Object.keys(form).filter((k) => /^field-\d+$/.test(k)).length;
      const choice = readColumnChoice(form, count);
      if (!choice.ok) {
        throw new BadQuery({
          uk: choice.why === "year" ? `Колонка ${choice.column + 1}: вкажіть рік фінансування від 1991 до 2100.` : `Колонка ${choice.column + 1}: невідоме значення.`,
          en: choice.why === "year" ? `Column ${choice.column + 1}: give the funding year, 1991 to 2100.` : `Column ${choice.column + 1}: unknown choice.`,
        });
      }
      const held = await source.plans();
      const parent = entry.parentPlanId === null ? null : (held.find((p) => p.id === entry.parentPlanId) ?? null);
      return readUpload(c, lang, viewer, plans, { ...entry.upload, columns: choice.columns }, parent, id);
    }),
  );
  app.post(
    `${IMPORT_PATH}/confirm`,
    formPage(async (c) => {
      const { viewer, plans } = await importerOf(c);
      const form = await readForm(c);
      if (!sameToken(form._csrf, viewer.csrf)) throw new StaleForm();
      const id = form.id ?? "";
      const entry = imports.get(id, viewer.login);
      if (entry === null)
        throw new NotOnThisNode({
          uk: "Перегляду цього імпорту вже немає: він діє 30 хвилин і лише для того, хто завантажив файл. Завантажте документ ще раз.",
          en: "This import preview is gone: it lasts 30 minutes and only for whoever uploaded the file. Upload the document again.",
        });
      if (entry.document === null) throw new NotOnThisNode({ uk: "Цей документ ще не прочитано: спершу вкажіть колонки таблиці.", en: "This document has not been read yet: say what the table's columns hold first." });
      const planId = await plans.adopt(viewer, entry.document, entry.parentPlanId, { upload: entry.upload, layout: entry.layout });
      imports.drop(id, viewer.login);
      return c.redirect(href(`/plans/${encodeURIComponent(planId)}`), 303);
    }),
  );
  app.post(
    `${IMPORT_PATH}/amend`,
    formPage(async (c, lang) => {
      const { viewer, plans } = await importerOf(c);
      const form = await readForm(c);
      if (!sameToken(form._csrf, viewer.csrf)) throw new StaleForm();
      const id = form.id ?? "";
      const entry = imports.get(id, viewer.login);
      if (entry === null || entry.version === undefined || entry.document === null)
        throw new NotOnThisNode({
          uk: "Перегляду цього імпорту вже немає: він діє 30 хвилин і лише для того, хто завантажив файл. Завантажте документ ще раз.",
          en: "This import preview is gone: it lasts 30 minutes and only for whoever uploaded the file. Upload the document again.",
        });
      const document = entry.document;
      const version = entry.version;
      const T = tr({ lang });
      const number = (form.number ?? "").normalize("NFC").trim();
      const typed = (form.date ?? "").trim();
      const dotted = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(typed);
      const date = dotted === null ? typed : `${dotted[3]}-${dotted[2]}-${dotted[1]}`;
      const valid = /^\d{4}-\d{2}-\d{2}$/.test(date) && !Number.isNaN(Date.parse(`${date}T00:00:00Z`)) && new Date(`${date}T00:00:00Z`).toISOString().startsWith(date);
      const refuse = async (status: number, error: string) => {
        const placement = await plans.place(viewer, document, entry.parentPlanId);
        const held = await source.plans();
        const parent = entry.parentPlanId === null ? null : (held.find((p) => p.id === entry.parentPlanId) ?? null);
        const ctx = await formContext(lang, IMPORT_PATH, viewer);
        const preview = { csrf: viewer.csrf, pendingId: id, fileName: entry.fileName, layout: entry.layout, document, placement, parent, amendable: true, amendError: error };
        return send(c, await renderPage(status, <ImportPreviewPage ctx={ctx} preview={preview} />));
      };
      if (number === "" || number.length > 50)
        return refuse(422, T("Вкажіть номер розпорядження про внесення змін.", "Give the number of the amending order."));
      if (!valid || date > kyivDay(now()))
        return refuse(422, T(`Дату «${typed}» не розпізнано або вона ще не настала: потрібна дата розпорядження (дд.мм.рррр).`, `The date "${typed}" is not valid or is in the future: give the order's date (dd.mm.yyyy).`));
      try {
        await plans.amend(viewer, document, entry.planId, { number, date }, version);
      } catch (error) {
        if (tagOf(error) !== "PreconditionFailed") throw error;
        return refuse(409, T("План змінився після завантаження документа: перегляньте відмінності ще раз.", "The plan changed after the upload: review the differences again."));
      }
      imports.drop(id, viewer.login);
      return c.redirect(href(`/plans/${encodeURIComponent(entry.planId)}`), 303);
    }),
  );
  app.post(
    `${IMPORT_PATH}/cancel`,
    formPage(async (c) => {
      const { viewer } = await importerOf(c);
      const form = await readForm(c);
      if (!sameToken(form._csrf, viewer.csrf)) throw new StaleForm();
      imports.drop(form.id ?? "", viewer.login);
      return c.redirect(href(IMPORT_PATH, { cancelled: 1 }), 303);
    }),
  );

  // Any other path a browser asks for answers a 404 page; the API, federation and health keep their own answers.
  const notAPage = page(async (_ctx, _view, c) => {
    throw new NotOnThisNode({
      uk: `Сторінки «${c.req.path}» на цьому вузлі немає. Перевірте адресу або почніть з головної сторінки.`,
      en: `This node has no page "${c.req.path}". Check the address or start from the home page.`,
    });
  }, { keep: false });
  app.get("*", async (c, next) => {
    if (/^\/(api|federation|health)(\/|$)/.test(c.req.path) || !/\btext\/html\b/.test(c.req.header("accept") ?? "")) return next();
    return notAPage(c);
  });

  const peek: WebPages["peek"] = (request) => {
    if (request.method !== "GET" || cache.size === 0) return undefined;
    const url = new URL(request.url, "http://node");
    // A `?lang=` sets the cookie, and a signed-in person's pages name them: those answers are the routes' to give.
    if (url.searchParams.has("lang") || request.cookie?.includes(`${SESSION_COOKIE}=`)) return undefined;
    const version = source.version();
    if (typeof version !== "string") return undefined;
    const kept = cache.get(keyOf(langOfCookie(request.cookie), selfOfUrl(url), version, now()));
    if (kept === undefined) return undefined;
    const gzip = /\bgzip\b/.test(request.acceptEncoding ?? "");
    const body = gzip ? kept.gzip : kept.html;
    return {
      status: kept.status,
      headers: { ...PAGE_HEADERS, ...(gzip ? { "content-encoding": "gzip" } : {}), "Content-Length": body.length },
      body,
    };
  };

  return { routes: app, peek };
};
