/**
 * @module Public face of the problem package: RFC 9457 bodies built in one way for every route of a node (the
 * API's and federation's), each caller passing its own table of statuses and titles. Imports `effect` and, for
 * types only, `hono`: a leaf like the domain.
 */
export { type FieldIssue, type Problem, type ProblemCatalogue, type ProblemMapping, problemCode, toProblem } from "./problem.js";
export { PROBLEM_CONTENT_TYPE, type ProblemAnswer, problemAnswer, problemHeaders, problemResponse, sendProblem } from "./problem-response.js";
export { codesAnswering, FieldIssueBody, ProblemBody } from "./problem-body.js";
