/**
 * @module RFC 9457 problem bodies for federation refusals: the `reason` is the error's tag, stable for machines.
 */
import type { FederationRefusal } from "../verify/refusals.js";

export interface FederationProblem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly reason: FederationRefusal["_tag"];
  readonly [extension: string]: unknown;
}

const titles: Record<FederationRefusal["_tag"], readonly [status: number, title: string]> = {
  UnknownSender: [401, "Невідомий відправник / unknown sender"],
  EnrollmentRefused: [403, "Реєстрацію відхилено / enrollment refused"],
  OriginOutsideSubtree: [403, "Джерело поза піддеревом відправника / origin outside the sender's subtree"],
  EventOriginMismatch: [422, "Подія іншого джерела в пакеті / event of another origin in the batch"],
  BatchOutOfOrder: [422, "Порушено порядок подій / batch out of order"],
  SequenceGap: [409, "Пропуск у послідовності / gap after the receiver's cursor"],
  HashMismatch: [422, "Подію змінено / event altered (hash mismatch)"],
  ChainBroken: [422, "Ланцюг хешів розірвано / hash chain broken"],
  ConflictingHistory: [409, "Інша історія для вже отриманих подій / conflicting history"],
  CheckpointMismatch: [422, "Контрольна точка не закриває пакет / checkpoint does not close the batch"],
  BadSignature: [422, "Недійсний підпис контрольної точки / bad checkpoint signature"],
  StoreRejected: [422, "Журнал відхилив пакет / the event store refused the batch"],
  OriginNotServed: [404, "Цей вузол не роздає журнал цього джерела / origin not served by this node"],
};

/**
 * Turns a refusal into its problem body; the error's own fields become extension members.
 *
 * @example
 * toProblem(new BadSignature({ origin: "novopskovskyi", seq: 40 })).status // 422
 */
export const toProblem = (refusal: FederationRefusal): FederationProblem => {
  const [status, title] = titles[refusal._tag];
  const { _tag, ...fields } = refusal;
  const detail = Object.entries(fields)
    .filter(([key]) => key !== "name" && key !== "message" && key !== "stack")
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(", ");
  return { type: `urn:planledger:federation:${_tag}`, title, status, detail, reason: _tag, ...fields };
};
