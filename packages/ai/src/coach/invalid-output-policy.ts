// What a turn does when the model's reply is unusable, in one place, for both reply modes:
// how many model calls a turn may make, what the model is told when it is asked again, what
// the last attempt's still-invalid reply becomes, how many tool calls a turn executes and
// what a tool turn without text nor actions becomes. The parser (@trellis/actions) only
// finds the problems; the API only maps the resulting error to a status. Named after the
// knobs of peer SDKs (Vercel AI SDK's repairText / repairToolCall / stopWhen): the turn's
// reply modes ask, this decides.
import {
  formatProblemsForModel,
  limits,
  type parseModelResponse,
  problemLines,
  type RejectedAction,
} from "@trellis/actions";
import type { ChatMessage } from "../providers/types.ts";
import { CoachTurnError, InvalidOutputError, modelFailure } from "./errors.ts";

/**
 * What the last allowed attempt's reply becomes when it still has problems:
 * - `apply_valid_part`: a reply whose message is usable is kept; its valid actions apply and
 *   the invalid ones are reported in the result's `rejected` (nothing half-applied: an invalid
 *   action is never applied). Without a usable message the turn fails.
 * - `fail`: the turn fails with `invalid_output`; nothing is applied.
 */
export type LastAttemptRule = "apply_valid_part" | "fail";

/** One thing wrong with a reply, as the parser reports it. */
type Problem = ReturnType<typeof parseModelResponse>["problems"][number];

export interface InvalidOutputOptions {
  /** Model calls per turn, the first included (default 3; at least 1). */
  maxAttempts?: number;
  /** Default `apply_valid_part`. */
  onLastAttempt?: LastAttemptRule;
  /**
   * The whole user message that goes back to the model with its invalid reply. The default,
   * `formatProblemsForModel`, lists every problem and ends with the one instruction to reply
   * again; a replacement owns the whole text (nothing is added around it).
   */
  feedback?: (problems: readonly Problem[]) => string;
  /** The invalid reply is echoed back to the model cut to this many characters (default 8000). */
  maxEchoedReplyChars?: number;
  /** Tool-calling mode: model calls per turn (default 8; at least 1). */
  maxToolSteps?: number;
}

/** A parsed reply as the policy needs it (a `parseModelResponse` result). */
export interface JudgedReply {
  readonly message: string | null;
  readonly problems: readonly Problem[];
  readonly ok: boolean;
}

export type Verdict =
  /** Use this reply (valid, or the last attempt's with its valid part). */
  | { readonly kind: "accept" }
  /** Ask again with these messages appended; `problems` are the lines a client is shown. */
  | { readonly kind: "reask"; readonly messages: ChatMessage[]; readonly problems: string[] }
  | { readonly kind: "fail"; readonly error: InvalidOutputError };

/** What a tool call beyond the per-turn cap becomes: reported, and what the model is told. */
export interface OverCapCall {
  readonly rejected: RejectedAction;
  readonly toolOutput: string;
}

export const DEFAULT_MAX_ATTEMPTS = 3;
const DEFAULT_MAX_TOOL_STEPS = 8;

export class InvalidOutputPolicy {
  readonly maxAttempts: number;
  readonly onLastAttempt: LastAttemptRule;
  readonly maxToolSteps: number;
  /** Tool calls a turn executes; each has its own idempotency key (one per index). */
  readonly maxToolCalls = limits.actionsPerResponse;
  readonly #feedback: (problems: readonly Problem[]) => string;
  readonly #maxEchoed: number;

  constructor(options: InvalidOutputOptions = {}) {
    this.maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS));
    this.onLastAttempt = options.onLastAttempt ?? "apply_valid_part";
    this.#feedback = options.feedback ?? ((problems) => formatProblemsForModel(problems));
    this.#maxEchoed = options.maxEchoedReplyChars ?? 8000;
    this.maxToolSteps = Math.max(1, Math.floor(options.maxToolSteps ?? DEFAULT_MAX_TOOL_STEPS));
  }

  /** What to do with the reply of attempt `attempt` (1 for the first model call). */
  judge(reply: JudgedReply, raw: string, attempt: number): Verdict {
    if (reply.ok) return { kind: "accept" };
    if (attempt < this.maxAttempts) {
      return {
        kind: "reask",
        messages: [
          { role: "assistant", content: raw.slice(0, this.#maxEchoed) },
          { role: "user", content: this.#feedback(reply.problems) },
        ],
        problems: problemLines(reply.problems),
      };
    }
    if (this.onLastAttempt === "apply_valid_part" && reply.message !== null) {
      return { kind: "accept" };
    }
    return {
      kind: "fail",
      error: new InvalidOutputError(
        `The coach model gave no usable reply after ${attempt} attempts`,
        raw,
        problemLines(reply.problems),
      ),
    };
  }

  /**
   * A tool call, given how many of the turn's calls were executed and how many came before it
   * in all: null when it may run, else why it is not executed (reported like an invalid
   * action of a structured reply, and told to the model as a one-line error).
   */
  overCap(executed: number, index: number, type: string): OverCapCall | null {
    const cap = this.maxToolCalls;
    if (executed < cap) return null;
    return {
      rejected: {
        index,
        type,
        problems: [
          {
            index,
            path: "",
            expected: `at most ${cap} actions per turn`,
            received: `action ${index + 1}`,
            message: `Not executed: a turn applies at most ${cap} actions`,
          },
        ],
      },
      toolOutput: `Error: TooManyActions - at most ${cap} actions per turn; this call was not executed`,
    };
  }

  /**
   * A tool turn's end without text to store nor any applied action: the model's own failure
   * when it failed (`modelFailure` maps it), else invalid output.
   */
  emptyToolReply(failure: unknown): CoachTurnError {
    if (failure !== null) return modelFailure(failure);
    return new CoachTurnError(
      "invalid_output",
      "The coach model replied with neither text nor actions",
    );
  }
}
