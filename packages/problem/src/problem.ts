/**
 * @module RFC 9457 problem details: the one shape every route of a node answers an error with, and the one piece
 * of code that builds it from an error. Which status and title an error's `_tag` gets is the caller's: each passes
 * its own {@link ProblemCatalogue} (the node API's, federation's), so the tables stay where their errors live.
 */
import { ParseResult } from "effect";

/** One field of the input that was refused: a dotted path (`measures.0.title`) and why. */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * An `application/problem+json` body. `code` is the error's tag, the one member that names the reason for
 * machines; `type` is the same name as a URI; the error's own data fields follow as extension members.
 */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly instance?: string;
  readonly code: string;
  /** For bad input: each failing field. */
  readonly errors?: ReadonlyArray<FieldIssue>;
  /**
   * @deprecated The old federation name of `code`, sent with the same value by catalogues that set
   * `reasonAlias` while nodes of older versions (which read only `reason`) are still about. Read `code`
   * (through {@link problemCode}); to be dropped once every node is upgraded.
   */
  readonly reason?: string;
  readonly [extension: string]: unknown;
}

/** How one tag is answered. `type` replaces the catalogue's `typeBase + tag` where a URI was published before. */
export interface ProblemMapping {
  readonly status: number;
  /** Ukrainian / English. */
  readonly title: string;
  readonly type?: string;
}

/** A caller's table: how each of its error tags is answered, and what an unlisted or untagged error gets. */
export interface ProblemCatalogue {
  readonly byTag: Readonly<Record<string, ProblemMapping>>;
  /** For a tagged error the table does not list (a new domain rule is a client error by default, not a 500). */
  readonly otherTag: ProblemMapping;
  /** `type` is `typeBase + code` unless the mapping names its own. */
  readonly typeBase: string;
  /** A message of the error's own, or else its fields as `key=value, …`, becomes `detail` (federation's refusals). */
  readonly detailFromFields?: boolean;
  /** Sends the deprecated `reason` beside `code`, with the same value (see {@link Problem.reason}). */
  readonly reasonAlias?: boolean;
}

/** Anything thrown that is not a tagged error: 500, and nothing of the error leaks into the body. */
const internal = { status: 500, title: "Внутрішня помилка / Internal error" } as const;

const tagOf = (error: unknown): string | undefined =>
  typeof error === "object" && error !== null && "_tag" in error && typeof error._tag === "string" ? error._tag : undefined;

const pathText = (path: ReadonlyArray<PropertyKey>): string => path.map(String).join(".");

/** The failing fields of a schema error, or of an error (`InvalidInput`) that already lists them as `issues`. */
const issuesOf = (error: unknown): ReadonlyArray<FieldIssue> | undefined => {
  if (ParseResult.isParseError(error)) {
    return ParseResult.ArrayFormatter.formatErrorSync(error).map((i) => ({ path: pathText(i.path), message: i.message }));
  }
  if (typeof error === "object" && error !== null && "issues" in error && Array.isArray(error.issues)) {
    return error.issues as ReadonlyArray<FieldIssue>;
  }
  return undefined;
};

/**
 * A message the error states itself (a `message` field or an overriding getter); tagged errors without one
 * would otherwise print their fields as JSON, which the extensions already carry.
 */
const ownMessage = (error: unknown): string | undefined => {
  if (!(error instanceof Error)) return undefined;
  const stated = Object.hasOwn(error, "message") || Object.getOwnPropertyDescriptor(Object.getPrototypeOf(error), "message") !== undefined;
  return stated && error.message !== "" ? error.message : undefined;
};

// Members an error carries that are not its data, or that the problem states in its own words.
const notExtensions = new Set(["_tag", "issues", "message", "stack", "cause"]);

/** An error's own data fields, as extension members. */
const extensionsOf = (error: object): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    if (notExtensions.has(key) || value === undefined || typeof value === "function") continue;
    out[key] = value;
  }
  return out;
};

const fieldsText = (fields: Record<string, unknown>): string | undefined => {
  const text = Object.entries(fields)
    .map(([key, value]) => `${key}=${typeof value === "object" && value !== null ? JSON.stringify(value) : String(value)}`)
    .join(", ");
  return text === "" ? undefined : text;
};

/**
 * Builds the problem for any thrown value: a tagged error by its `_tag` through the caller's catalogue, keeping its
 * fields as extensions and its field issues as `errors`; anything else as a 500 that says nothing of it.
 *
 * @example
 * toProblem(new PreconditionFailed({ stream: "plan:x", expected: 2, actual: 3 }), "/api/v1/plans/x", nodeProblems)
 * // { type: "https://planledger.example/problems/PreconditionFailed", title: "Версія змінилася / …", status: 412,
 * //   code: "PreconditionFailed", instance: "/api/v1/plans/x", stream: "plan:x", expected: 2, actual: 3 }
 */
export const toProblem = (error: unknown, instance: string | undefined, catalogue: ProblemCatalogue): Problem => {
  const tag = tagOf(error);
  if (tag === undefined || typeof error !== "object" || error === null) {
    const code = "Internal";
    return {
      type: `${catalogue.typeBase}internal`,
      title: internal.title,
      status: internal.status,
      code,
      ...(catalogue.reasonAlias ? { reason: code } : {}),
      ...(instance === undefined ? {} : { instance }),
    };
  }
  const mapping = catalogue.byTag[tag] ?? catalogue.otherTag;
  const extensions = extensionsOf(error);
  // A schema error's `issue` is its AST-laden tree, which `errors` states field by field.
  if (ParseResult.isParseError(error)) delete extensions.issue;
  const issues = issuesOf(error);
  // A message the error states, else its own `detail` field (a refusal's explanation), else — where the catalogue
  // asks for it — its fields in a line, for people reading a log of refusals.
  const stated = ownMessage(error) ?? (typeof extensions.detail === "string" ? extensions.detail : undefined);
  const detail = stated ?? (catalogue.detailFromFields ? fieldsText(extensions) : undefined);
  return {
    ...extensions,
    type: mapping.type ?? `${catalogue.typeBase}${tag}`,
    title: mapping.title,
    status: mapping.status,
    code: tag,
    ...(catalogue.reasonAlias ? { reason: tag } : {}),
    ...(instance === undefined ? {} : { instance }),
    ...(detail === undefined ? {} : { detail }),
    ...(issues === undefined ? {} : { errors: issues }),
  };
};

/**
 * The code that names why a problem was answered, read from a body of any node version: `code`, or the deprecated
 * `reason` that federation problems carried alone before; undefined when the body is not a problem.
 *
 * @example
 * problemCode({ type: "urn:planledger:federation:SequenceGap", status: 409, reason: "SequenceGap" }) // "SequenceGap"
 */
export const problemCode = (body: unknown): string | undefined => {
  if (typeof body !== "object" || body === null) return undefined;
  const named = (body as { readonly code?: unknown; readonly reason?: unknown }).code ?? (body as { readonly reason?: unknown }).reason;
  return typeof named === "string" ? named : undefined;
};
