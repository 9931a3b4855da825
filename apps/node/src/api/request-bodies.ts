/**
 * @module The JSON bodies the write routes accept. They are the HTTP face of the domain commands, and the
 * OpenAPI document is generated from them, so the two cannot drift.
 */
import { AmendingOrder, BudgetLine, Executor, Indicator, MeasureId, MeasureRef, NodeId, ProgressStatus, Quarter, Spending, TaskId, Term } from "@planledger/domain";
import { Schema as S } from "effect";
import { Role } from "../auth/role.js";

/** Years a plan or report may name: the independent state's administrations to the end of the century. */
export const YEAR_MIN = 1991;
export const YEAR_MAX = 2100;
const Year = S.Int.pipe(
  S.between(YEAR_MIN, YEAR_MAX, { message: () => `рік має бути між ${YEAR_MIN} і ${YEAR_MAX} / a year between ${YEAR_MIN} and ${YEAR_MAX}` }),
);
const BoundedPeriod = S.Struct({ from: S.NullOr(Year), to: S.NullOr(Year) });

/** A lone UTF-16 half: text that cannot be stored or sent as UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether a text holds no NUL and no broken character. */
export const isSafeText = (t: string): boolean => !t.includes("\u0000") && !LONE_SURROGATE.test(t);

/**
 * The longest text one field may hold (UTF-16 units), far above what people write there — the seed plans' longest
 * measure title is 573 — so that a 1 MB title under the body limit is refused naming its field (issue #15).
 */
export const MAX_TEXT_LENGTH = 20_000;
export const TEXT_TOO_LONG = `текст довший за ${MAX_TEXT_LENGTH} символів / the text is longer than ${MAX_TEXT_LENGTH} characters`;

/** Text as people write it: no NUL, no broken characters, at most MAX_TEXT_LENGTH; stored in Unicode NFC (one spelling per letter). */
export const SafeText = S.transform(
  S.String.pipe(
    S.maxLength(MAX_TEXT_LENGTH, { message: () => TEXT_TOO_LONG }),
    S.filter(isSafeText, {
      message: () => "текст містить NUL або пошкоджений символ / the text holds NUL or a broken character",
    }),
  ),
  S.String,
  { strict: true, decode: (t) => t.normalize("NFC"), encode: (t) => t },
);

const Reason = SafeText.pipe(S.compose(S.String.pipe(S.minLength(1))));


export const AddMeasureBody = S.Struct({
  taskId: TaskId,
  label: SafeText,
  /** Defaults to the next ordinal in the task. */
  ordinal: S.optional(S.Int.pipe(S.positive())),
  title: SafeText.pipe(S.compose(S.String.pipe(S.minLength(1)))),
  term: Term,
  executors: S.Array(Executor),
  indicator: Indicator,
  budget: S.Array(BudgetLine),
}).annotations({ identifier: "AddMeasureBody" });

export const AmendMeasureBody = S.Struct({
  label: S.optional(SafeText),
  title: S.optional(SafeText),
  term: S.optional(Term),
  executors: S.optional(S.Array(Executor)),
  indicator: S.optional(Indicator),
  budget: S.optional(S.Array(BudgetLine)),
}).annotations({ identifier: "AmendMeasureBody" });

export const ReasonBody = S.Struct({ reason: Reason }).annotations({ identifier: "ReasonBody" });

/** A measure added by the amending order (`kind: "addMeasure"`): the fields of `POST …/measures`. */
export const AmendmentAddMeasure = S.Struct({ kind: S.Literal("addMeasure"), ...AddMeasureBody.fields }).annotations({
  identifier: "AmendmentAddMeasure",
});
/** A measure the amending order changes (`kind: "amendMeasure"`): the fields of `PATCH …/measures/{id}`. */
export const AmendmentAmendMeasure = S.Struct({ kind: S.Literal("amendMeasure"), measureId: MeasureId, ...AmendMeasureBody.fields }).annotations({
  identifier: "AmendmentAmendMeasure",
});
/** A measure the amending order cancels (`kind: "cancelMeasure"`). */
export const AmendmentCancelMeasure = S.Struct({ kind: S.Literal("cancelMeasure"), measureId: MeasureId, reason: Reason }).annotations({
  identifier: "AmendmentCancelMeasure",
});
export const AmendmentChange = S.Union(AmendmentAddMeasure, AmendmentAmendMeasure, AmendmentCancelMeasure);
export type AmendmentChange = typeof AmendmentChange.Type;

/**
 * An amendment by a later order. `changes` are the measures it adds, changes and cancels: written in the same
 * batch right after `PlanAmended`, each caused by it, so every change names the order it was made under (history,
 * `audit diff`). Changes made through the measure routes alone name no order.
 */
export const AmendPlanBody = S.Struct({
  order: AmendingOrder,
  title: S.optional(SafeText),
  period: S.optional(BoundedPeriod),
  note: S.optional(SafeText),
  changes: S.optional(S.Array(AmendmentChange).pipe(S.maxItems(1000))),
}).annotations({ identifier: "AmendPlanBody" });

export const UnlinkMeasureBody = S.Struct({ reason: S.optional(S.String) }).annotations({ identifier: "UnlinkMeasureBody" });

export const LinkMeasureBody = S.Struct({ parent: MeasureRef }).annotations({ identifier: "LinkMeasureBody" });

/** Reopening names the parent node whose return it answers; the node checks it holds that return. */
export const ReopenReportBody = S.Struct({ reviewer: NodeId }).annotations({ identifier: "ReopenReportBody" });

export const DraftReportBody = S.Struct({ year: Year, quarter: Quarter }).annotations({ identifier: "DraftReportBody" });

export const RecordProgressBody = S.Struct({
  measureId: MeasureId,
  status: ProgressStatus,
  /** Figures reached, never below zero (as money spent never is). */
  actuals: S.Array(
    S.Struct({
      value: S.Number.pipe(S.finite(), S.nonNegative({ message: () => "факт не може бути від'ємним / an actual cannot be negative" })),
      unit: SafeText,
    }),
  ),
  spent: S.Array(Spending),
  narrative: SafeText,
  sample: S.optional(S.Boolean),
}).annotations({ identifier: "RecordProgressBody" });

export const IssueTokenBody = S.Struct({
  name: S.String.pipe(S.pattern(/^[\w.@-]{1,64}$/)),
  role: Role,
}).annotations({ identifier: "IssueTokenBody" });
