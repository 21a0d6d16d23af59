// The invalid-output policy on its own: when to ask again, what the model is told, and what
// the last attempt's reply becomes.
import { formatProblemsForModel, parseModelResponse } from "@trellis/actions";
import { describe, expect, it } from "vitest";
import { InvalidOutputError } from "../src/coach/errors.ts";
import { InvalidOutputPolicy } from "../src/coach/invalid-output-policy.ts";

const partlyValid =
  '{"message": "Hi", "actions": [{"type": "show_canned_replies", "params": {"replies": ["Go"]}}, {"type": "launch_rocket", "params": {}}]}';
const parsed = parseModelResponse("introduction", partlyValid);
const garbage = "not json at all";
const unusable = parseModelResponse("introduction", garbage);

describe("InvalidOutputPolicy", () => {
  it("accepts a valid reply at once", () => {
    const valid = parseModelResponse("introduction", '{"message": "Hi", "actions": []}');
    expect(new InvalidOutputPolicy().judge(valid, "", 1)).toEqual({ kind: "accept" });
  });

  it("asks again with the reply echoed and ONE feedback text: the parser's, not wrapped", () => {
    const verdict = new InvalidOutputPolicy().judge(parsed, partlyValid, 1);
    expect(verdict.kind).toBe("reask");
    if (verdict.kind !== "reask") return;
    expect(verdict.messages).toEqual([
      { role: "assistant", content: partlyValid },
      { role: "user", content: formatProblemsForModel(parsed.problems) },
    ]);
    const feedback = verdict.messages[1]?.content ?? "";
    expect(feedback.match(/Your previous response had/g)?.length).toBe(1);
    expect(feedback.match(/Reply again/g)?.length).toBe(1);
    expect(verdict.problems).toHaveLength(parsed.problems.length);
    expect(verdict.problems[0]).toContain("actions[1].type");
  });

  it("cuts the echoed reply and uses a custom feedback text as the whole message", () => {
    const policy = new InvalidOutputPolicy({
      maxEchoedReplyChars: 5,
      feedback: (problems) => `fix ${problems.length}`,
    });
    const verdict = policy.judge(parsed, partlyValid, 1);
    expect(verdict.kind === "reask" && verdict.messages).toEqual([
      { role: "assistant", content: partlyValid.slice(0, 5) },
      { role: "user", content: `fix ${parsed.problems.length}` },
    ]);
  });

  it("on the last attempt keeps a reply with a usable message (apply_valid_part)", () => {
    expect(new InvalidOutputPolicy({ maxAttempts: 2 }).judge(parsed, partlyValid, 2)).toEqual({
      kind: "accept",
    });
  });

  it("on the last attempt fails with the raw reply (for logs) when told to, or without a message", () => {
    const strict = new InvalidOutputPolicy({ maxAttempts: 1, onLastAttempt: "fail" });
    const verdict = strict.judge(parsed, partlyValid, 1);
    expect(verdict.kind).toBe("fail");
    if (verdict.kind !== "fail") return;
    expect(verdict.error).toBeInstanceOf(InvalidOutputError);
    expect(verdict.error.kind).toBe("invalid_output");
    expect(verdict.error.rawReply).toBe(partlyValid);
    expect(verdict.error.message).not.toContain("launch_rocket");
    const lenient = new InvalidOutputPolicy({ maxAttempts: 1 }).judge(unusable, garbage, 1);
    expect(lenient.kind === "fail" && lenient.error.rawReply).toBe(garbage);
  });

  it("makes at least one attempt", () => {
    expect(new InvalidOutputPolicy({ maxAttempts: 0 }).maxAttempts).toBe(1);
    expect(new InvalidOutputPolicy().maxAttempts).toBe(3);
  });
});
