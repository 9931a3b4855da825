/**
 * @module Federation's problems: which status and title each refusal (`verify/refusals.ts`) and each request
 * error of the federation endpoints is answered with. The body is built and sent by `@planledger/problem`, as the
 * node API's are: `code` names the reason.
 *
 * Transition: nodes released before `code` read a refusal's reason from `reason` only. Until every node of a
 * federation is upgraded, these problems carry `reason` too, with the same value (deprecated; readers take
 * `code` first, through `problemCode`). Type URIs stay those published before.
 */
import { type Problem, type ProblemCatalogue, toProblem } from "@planledger/problem";
import type { FederationRefusal } from "../verify/refusals.js";

/** Where the federation endpoints live; a problem's `instance` is a full path under it. */
export const FEDERATION_PREFIX = "/federation/v1";

const refusals: Record<FederationRefusal["_tag"], { readonly status: number; readonly title: string }> = {
  UnknownSender: { status: 401, title: "Невідомий відправник / unknown sender" },
  EnrollmentRefused: { status: 403, title: "Реєстрацію відхилено / enrollment refused" },
  OriginOutsideSubtree: { status: 403, title: "Джерело поза піддеревом відправника / origin outside the sender's subtree" },
  EventOriginMismatch: { status: 422, title: "Подія іншого джерела в пакеті / event of another origin in the batch" },
  BatchOutOfOrder: { status: 422, title: "Порушено порядок подій / batch out of order" },
  SequenceGap: { status: 409, title: "Пропуск у послідовності / gap after the receiver's cursor" },
  HashMismatch: { status: 422, title: "Подію змінено / event altered (hash mismatch)" },
  ChainBroken: { status: 422, title: "Ланцюг хешів розірвано / hash chain broken" },
  ConflictingHistory: { status: 409, title: "Інша історія для вже отриманих подій / conflicting history" },
  CheckpointMismatch: { status: 422, title: "Контрольна точка не закриває пакет / checkpoint does not close the batch" },
  BadSignature: { status: 422, title: "Недійсний підпис контрольної точки / bad checkpoint signature" },
  StoreRejected: { status: 422, title: "Журнал відхилив пакет / the event store refused the batch" },
  OriginNotServed: { status: 404, title: "Цей вузол не роздає журнал цього джерела / origin not served by this node" },
  SplitView: { status: 409, title: "Розбіжне бачення журналу: прийом зупинено / split view: this origin is refused until an admin acts" },
  WitnessRefused: { status: 422, title: "Свідок не підписує цю контрольну точку / the witness will not cosign this checkpoint" },
  ChildRemoved: { status: 403, title: "Вузол вилучено з дочірніх: прийом від нього припинено / this child was removed: its requests are refused" },
  NoSuchChild: { status: 404, title: "Немає такого дочірнього вузла чи запрошення / no such child or invitation" },
  KeyRevoked: { status: 403, title: "Підписано відкликаним ключем: не прийнято / signed by a revoked key: refused" },
  BadKeyRotation: { status: 422, title: "Зміну ключа не підписано попереднім ключем / key rotation not signed by the previous key" },
  KeyAlreadyRevoked: { status: 409, title: "Ключ уже відкликано / the key is revoked already" },
  KeyBeyondLog: { status: 422, title: "Seq за межами отриманого журналу / seq beyond the log held here" },
  KeyChangeRefused: { status: 422, title: "Зміну ключа відхилено / key change refused" },
  RestoreRefused: { status: 409, title: "Відновлення вузла відхилено / node restoration refused" },
};

/** The endpoints' own errors, which are not refusals of a batch; thrown as `{ _tag, …fields }`. */
export type FederationRequestError =
  | { readonly _tag: "MalformedJson" }
  | { readonly _tag: "PayloadTooLarge"; readonly maxBytes: number }
  | { readonly _tag: "UnsupportedEncoding"; readonly contentEncoding: string; readonly accepted: string }
  | { readonly _tag: "Forbidden" }
  | { readonly _tag: "JoinFailed"; readonly detail: string }
  | { readonly _tag: "NoParent" }
  | { readonly _tag: "RouteNotFound" };

const requestErrors: Record<FederationRequestError["_tag"] | "ParseError", { readonly status: number; readonly title: string; readonly type: string }> = {
  ParseError: { status: 400, title: "Некоректний запит / invalid request body", type: "urn:planledger:problem:bad-input" },
  MalformedJson: { status: 400, title: "Тіло запиту не є JSON / body is not JSON", type: "urn:planledger:problem:bad-json" },
  PayloadTooLarge: { status: 413, title: "Завеликий запит / request body too large", type: "urn:planledger:problem:payload-too-large" },
  UnsupportedEncoding: {
    status: 415,
    title: "Непідтримуване стиснення тіла запиту / unsupported content encoding",
    type: "urn:planledger:problem:unsupported-encoding",
  },
  Forbidden: { status: 403, title: "Потрібен токен адміністратора / admin token required", type: "urn:planledger:problem:forbidden" },
  JoinFailed: { status: 502, title: "Не вдалося приєднатися / enrollment with the parent failed", type: "urn:planledger:problem:join-failed" },
  NoParent: { status: 409, title: "Вузол не має батьківського вузла / this node has no parent", type: "urn:planledger:problem:no-parent" },
  RouteNotFound: { status: 404, title: "Маршрут не знайдено / no such route", type: "urn:planledger:problem:not-found" },
};

/** Federation's catalogue: refusals typed `urn:planledger:federation:<tag>`, each with its facts as `detail`. */
export const federationProblems: ProblemCatalogue = {
  byTag: { ...refusals, ...requestErrors },
  otherTag: { status: 422, title: "Запит відхилено / request refused" },
  typeBase: "urn:planledger:federation:",
  detailFromFields: true,
  reasonAlias: true,
};

/**
 * The problem for a refusal, a request's schema error or one of the endpoints' own errors.
 *
 * @example
 * toFederationProblem(new BadSignature({ origin: "novopskovskyi", seq: 40 }), "/federation/v1/push")
 * // { type: "urn:planledger:federation:BadSignature", status: 422, code: "BadSignature", reason: "BadSignature", … }
 */
export const toFederationProblem = (error: unknown, instance: string | undefined): Problem =>
  toProblem(error, instance, federationProblems);
