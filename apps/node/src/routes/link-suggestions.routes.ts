/**
 * @module `GET /federation/v1/links/suggestions`: for each measure of a child plan not linked yet, the parent
 * measure it most likely implements. Planning work (packages/matching) over this node's read model, so the node
 * app answers it; it keeps the path it had when the federation package served it.
 */
import { linkableFromTree, type PlanTreeLike, suggestLinks } from "@planledger/matching";
import { type ProblemCatalogue, problemResponse, toProblem } from "@planledger/problem";
import { Hono } from "hono";

type MayEdit = "yes" | "unauthenticated" | "forbidden";

export interface LinkSuggestionsDeps {
  /** The current tree of a plan held here (own or replicated), or null when there is none. */
  readonly planTree: (planId: string) => Promise<PlanTreeLike | null>;
  /**
   * Whether the request's credential may edit plans here (linking is editing): suggestions are for the plan's
   * editors, and matching costs tens of milliseconds a call.
   */
  readonly mayEdit: (authorization: string | undefined) => MayEdit | Promise<MayEdit>;
}

/** The prefix the route sits under: the federation's, where clients have always asked for it. */
export const LINK_SUGGESTIONS_PREFIX = "/federation/v1";

// The answer is written out, not through `c.json`, so that it stays what the federation handler sent: plain
// `application/json`. A problem is shaped as federation's are (under its prefix, clients read them alike): with
// the deprecated `reason` beside `code`, and the type URI it always had.
const answer = (body: unknown, status: number): Response =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

/** How this route answers its refusals (as federation's routes do, under whose prefix it sits). */
export const suggestionProblems: ProblemCatalogue = {
  byTag: {
    UnknownPlan: { status: 404, title: "План не знайдено / plan not found", type: "urn:planledger:problem:not-found" },
    Unauthenticated: { status: 401, title: "Потрібна автентифікація / authentication required", type: "urn:planledger:problem:unauthenticated" },
    Forbidden: { status: 403, title: "Недостатньо прав / forbidden", type: "urn:planledger:problem:forbidden" },
  },
  otherTag: { status: 422, title: "Запит відхилено / request refused" },
  typeBase: "urn:planledger:problem:",
  reasonAlias: true,
};

/**
 * Mount before the federation handler, under the same prefix, so this route answers first.
 *
 * @example
 * app.route(LINK_SUGGESTIONS_PREFIX, linkSuggestionsRoutes({ planTree, mayEdit }));
 * app.mount("/federation/v1", federation.handler);
 * // GET /federation/v1/links/suggestions?plan=<child plan>&parent=<parent plan>
 * // → { plan, parent, suggestions: [{ measureId, best: { measureId, score, … }, runnersUp }] }
 */
export const linkSuggestionsRoutes = (deps: LinkSuggestionsDeps) =>
  new Hono().get("/links/suggestions", async (c) => {
    const may = await deps.mayEdit(c.req.header("authorization"));
    if (may === "unauthenticated") return problemResponse(toProblem({ _tag: "Unauthenticated" }, c.req.path, suggestionProblems));
    if (may === "forbidden") return problemResponse(toProblem({ _tag: "Forbidden" }, c.req.path, suggestionProblems));
    const query = new URL(c.req.url).searchParams;
    const planId = query.get("plan") ?? "";
    const parentId = query.get("parent") ?? "";
    const [child, parent] = await Promise.all([deps.planTree(planId), deps.planTree(parentId)]);
    if (child === null || parent === null) {
      return problemResponse(toProblem({ _tag: "UnknownPlan", plan: child === null ? planId : parentId }, c.req.path, suggestionProblems));
    }
    const suggestions = suggestLinks(linkableFromTree(child, { onlyUnlinked: true }), linkableFromTree(parent));
    return answer({ plan: planId, parent: parentId, suggestions }, 200);
  });
