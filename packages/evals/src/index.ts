// @trellis/evals: eval cases for the coach, run through the real turn, scored per phase and
// per action type, gated in CI from recorded model replies.
export { type EvalCase, evalCaseSchema } from "./case-schema.ts";
