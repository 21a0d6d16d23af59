// A deterministic, phase-aware coach for offline use and tests: it reads the state snapshot
// and walks a user through the whole flow with valid responses in the strict wire format
// (every key present, optional ones null), exactly what Structured Outputs would return.
import type { CoachActionParams, CoachActionType, IdentityCategory } from "@trellis/actions";
import type { Identity } from "@trellis/db";
import {
  activeIdentities,
  type CoachSnapshot,
  categoriesRemaining,
  currentIdentity,
  remainingQuestions,
} from "../coach/snapshot.ts";
import type {
  CoachModel,
  CoachModelInput,
  CoachToolsInput,
  CoachToolsReply,
} from "./coach-model.ts";
import { streamInPieces } from "./paced-text.ts";

interface WireAction {
  type: CoachActionType;
  params: object;
}

interface Reply {
  message: string;
  actions: WireAction[];
}

const QUESTIONS: Record<string, string> = {
  background_upbringing: "Where did you grow up, and what was your childhood like?",
  family_structure: "Who is in your family today?",
  work_living: "What do you do for work, and where do you live?",
  hobbies_interests: "What do you enjoy doing in your free time?",
  why_here_hopes: "What brought you here, and what do you hope to get from our work together?",
};

const CATEGORY_QUESTIONS: Record<IdentityCategory, string> = {
  passions_and_talents: "What are you passionate about, or naturally good at?",
  maker_of_money: "How do you see yourself as someone who earns money?",
  keeper_of_money: "How do you see yourself as someone who manages and keeps money?",
  spiritual: "What role does spirituality or meaning play in your life?",
  personal_appearance: "How do you want to show up in how you look and carry yourself?",
  physical_expression: "How do you like to move your body: sport, dance, fitness?",
  familial_relations: "Who are you to your family?",
  romantic_relation: "Who are you, or who do you want to be, as a partner?",
  doer_of_things: "What kinds of things do you love getting done or building?",
};

const CONSENT = /\b(yes|yeah|ready|start|ok|okay|sure|let'?s|go)\b/i;
const SKIP = /^\s*(skip|pass|none|nothing|no|not really|n\/a)\b/i;

/** A reply that moves on to the next phase. */
function moveTo(toPhase: CoachActionParams<"transition_phase">["toPhase"], message: string): Reply {
  return { message, actions: [act("transition_phase", { toPhase })] };
}

/**
 * One action of a scripted reply, its params typed by the action's definition: a param added to
 * an action, or changed, breaks the script at type-check time (test/types/scripted-coach.ts).
 */
export function act<T extends CoachActionType>(type: T, params: CoachActionParams<T>): WireAction {
  return { type, params };
}

export interface ScriptedModelOptions {
  /** Milliseconds between the streamed pieces of a reply (default 0: as fast as possible). */
  paceMs?: number;
}

export class ScriptedCoachModel implements CoachModel {
  readonly name = "scripted";
  readonly #paceMs: number;

  constructor(options: ScriptedModelOptions = {}) {
    this.#paceMs = options.paceMs ?? 0;
  }

  async respond(input: CoachModelInput): Promise<string> {
    const reply = JSON.stringify(scriptedReply(input.snapshot, input.userMessage));
    if (input.onText) await streamInPieces(reply, input.onText, this.#paceMs, input.signal);
    return reply;
  }

  /** The same reply as tool calls (one step): its actions are called in order, then its text. */
  async callTools(input: CoachToolsInput): Promise<CoachToolsReply> {
    const reply = scriptedReply(input.snapshot, input.userMessage);
    for (const [index, action] of reply.actions.entries()) {
      const call = {
        id: `call_${index}`,
        name: action.type,
        arguments: JSON.stringify(action.params),
      };
      // A failed call is the model's to read, as with a real endpoint; an abort ends the loop.
      await input.executeTool(call).catch(() => input.signal?.throwIfAborted());
    }
    if (input.onText) await streamInPieces(reply.message, input.onText, this.#paceMs, input.signal);
    return { message: reply.message, steps: 1 };
  }
}

/** Replays recorded raw replies in order (then repeats the last), e.g. to reproduce a session. */
export class RecordedCoachModel implements CoachModel {
  readonly name = "recorded";
  readonly #replies: readonly string[];
  #next = 0;

  constructor(replies: readonly string[]) {
    if (replies.length === 0) throw new Error("RecordedCoachModel needs at least one reply");
    this.#replies = replies;
  }

  async respond(input?: CoachModelInput): Promise<string> {
    const reply = this.#replies[Math.min(this.#next, this.#replies.length - 1)] ?? "";
    this.#next++;
    if (input?.onText) await streamInPieces(reply, input.onText, 0, input.signal);
    return reply;
  }
}

/** The reply, never the coach's last message word for word (a person would not repeat it). */
function scriptedReply(snapshot: CoachSnapshot, userMessage: string): Reply {
  const reply = phaseReply(snapshot, userMessage);
  const last = snapshot.conversation.filter((entry) => entry.role === "coach").at(-1)?.content;
  if (reply.message !== last) return reply;
  const again = AGAIN[snapshot.conversation.length % AGAIN.length] ?? "";
  return { ...reply, message: `${again} ${reply.message}` };
}

/** Openers for a reply that would otherwise repeat the last one. */
const AGAIN = ["Still here with you.", "No rush.", "Take your time."];

function phaseReply(snapshot: CoachSnapshot, userMessage: string): Reply {
  switch (snapshot.phase) {
    case "introduction":
      return introduction(snapshot, userMessage);
    case "get_to_know_you":
      return getToKnowYou(snapshot);
    case "identity_warm_up":
      return warmUp(snapshot, userMessage);
    case "identity_brainstorming":
      return brainstorming(snapshot, userMessage);
    case "brainstorming_review":
      return moveTo(
        "identity_refinement",
        `Here is what we have: ${names(activeIdentities(snapshot))}. Let's refine each name.`,
      );
    case "identity_refinement":
      return stepThrough(
        snapshot,
        "accept_identity_refinement",
        "anything_missing",
        "Is anything missing?",
      );
    case "anything_missing":
      return moveTo(
        "identity_commitment",
        "Good, nothing is missing. Now let's check which identities are truly integral to you.",
      );
    case "identity_commitment":
      return stepThrough(
        snapshot,
        "accept_identity_commitment",
        "i_am_statement",
        "Let's write your I am statements.",
      );
    case "i_am_statement":
      return iAmStatement(snapshot);
    case "identity_visualization":
      return visualization(snapshot, userMessage);
  }
}

function introduction(snapshot: CoachSnapshot, userMessage: string): Reply {
  const spoke = snapshot.conversation.some((entry) => entry.role === "coach");
  if (spoke && CONSENT.test(userMessage)) {
    return moveTo(
      "get_to_know_you",
      `Wonderful, ${snapshot.userName}. Let's start by getting to know you.`,
    );
  }
  if (spoke) {
    // Asked for more (or anything else): explain, rather than greet again.
    return {
      message:
        "Here is how it works. First I ask a few questions about your life. Then we brainstorm " +
        "who you are in different areas, like work, family and health, and name those " +
        'identities. You choose the ones that matter, and for each we write an "I am" ' +
        "statement and picture it vividly. It takes about twenty minutes. Shall we begin?",
      actions: [act("show_canned_replies", { replies: ["I'm ready", "Not yet"] })],
    };
  }
  return {
    message:
      `Hi ${snapshot.userName}, I'm Trellis. Together we'll discover the identities that matter to you, ` +
      "refine them, commit to them and bring each to life with an I am statement and a vivid picture. Ready?",
    actions: [act("show_canned_replies", { replies: ["I'm ready", "Tell me more"] })],
  };
}

function getToKnowYou(snapshot: CoachSnapshot): Reply {
  const [next] = remainingQuestions(snapshot);
  if (next === undefined) {
    return moveTo(
      "identity_warm_up",
      "Thank you for sharing. Who are you today? List a few words that describe you.",
    );
  }
  return {
    message: `Thanks. ${QUESTIONS[next] ?? "Tell me more about yourself."}`,
    actions: [act("mark_question_asked", { question: next })],
  };
}

function warmUp(snapshot: CoachSnapshot, userMessage: string): Reply {
  const items = listItems(userMessage);
  if (snapshot.whoYouAre.length === 0) {
    return {
      message: "Lovely. And who do you want to be?",
      actions: [act("update_who_you_are", { items })],
    };
  }
  const [first] = categoriesRemaining(snapshot);
  return {
    message:
      `Great. Let's brainstorm identities, one area at a time. ${first ? CATEGORY_QUESTIONS[first] : ""}`.trim(),
    actions: [
      act("update_who_you_want_to_be", { items }),
      act("transition_phase", { toPhase: "identity_brainstorming" }),
    ],
  };
}

function brainstorming(snapshot: CoachSnapshot, userMessage: string): Reply {
  const remaining = categoriesRemaining(snapshot);
  const focus =
    snapshot.identityFocus && remaining.includes(snapshot.identityFocus)
      ? snapshot.identityFocus
      : remaining[0];
  if (focus === undefined) {
    return moveTo(
      "brainstorming_review",
      "We've covered every area. Let's review your identities together.",
    );
  }
  const actions: WireAction[] = [];
  if (snapshot.identityFocus !== focus)
    actions.push(act("select_identity_focus", { category: focus }));
  if (SKIP.test(userMessage)) {
    actions.push(act("skip_identity_category", { category: focus }));
  } else {
    actions.push(
      act("create_identity", {
        name: identityName(userMessage),
        category: focus,
        note: clip(userMessage, 1000),
      }),
    );
  }
  const next = remaining.find((category) => category !== focus);
  if (next === undefined) {
    actions.push(act("transition_phase", { toPhase: "brainstorming_review" }));
    return { message: "That covers every area. Let's review what we found.", actions };
  }
  actions.push(act("select_identity_focus", { category: next }));
  return { message: `Noted. ${CATEGORY_QUESTIONS[next]}`, actions };
}

function stepThrough(
  snapshot: CoachSnapshot,
  accept: "accept_identity_refinement" | "accept_identity_commitment",
  nextPhase: "anything_missing" | "i_am_statement",
  closing: string,
): Reply {
  const current = currentIdentity(snapshot);
  if (!current) {
    return moveTo(nextPhase, `We're through all of them. ${closing}`);
  }
  return {
    message: `'${current.name}' it is. Let's look at the next one.`,
    actions: [act(accept, { identityId: current.id })],
  };
}

function iAmStatement(snapshot: CoachSnapshot): Reply {
  const current = currentIdentity(snapshot);
  if (!current) {
    return moveTo(
      "identity_visualization",
      "Your statements are written. Let's picture each identity vividly.",
    );
  }
  if (current.iAmStatement) {
    return {
      message: `"${current.iAmStatement}" is yours. On to the next.`,
      actions: [act("accept_i_am_statement", { identityId: current.id })],
    };
  }
  const waiting = snapshot.pending.some(
    (p) => p.type === "suggest_i_am_statement" && JSON.stringify(p.params).includes(current.id),
  );
  if (waiting)
    return {
      message: `Take a look at the statement I suggested for '${current.name}': approve it, edit it, or decline it and tell me what fits better.`,
      actions: [],
    };
  return {
    message: `Here's a statement for '${current.name}'. Accept it or make it your own.`,
    actions: [
      act("suggest_i_am_statement", {
        identityId: current.id,
        statement: clip(
          `I am living my ${current.name} identity: I show up for it every day.`,
          500,
        ),
      }),
    ],
  };
}

function visualization(snapshot: CoachSnapshot, userMessage: string): Reply {
  const ready = snapshot.identities.filter((identity) => identity.state === "i_am_complete");
  const current = currentIdentity(snapshot);
  if (current?.state !== "i_am_complete") {
    const [next] = ready;
    if (!next)
      return {
        message: "Every identity has its picture. You've built something wonderful.",
        actions: [],
      };
    return {
      message: `Close your eyes and picture yourself as '${next.name}'. What do you see?`,
      actions: [act("set_current_identity", { identityId: next.id })],
    };
  }
  const following = ready.find((identity) => identity.id !== current.id);
  return {
    message: following
      ? `Beautiful. Now picture yourself as '${following.name}'. What do you see?`
      : "Beautiful. Every identity now has its picture.",
    actions: [
      act("update_identity", {
        identityId: current.id,
        name: null,
        category: null,
        iAmStatement: null,
        visualization: clip(userMessage.trim() || `I see myself as ${current.name}.`, 2000),
      }),
      act("accept_identity_visualization", { identityId: current.id }),
    ],
  };
}

/** "running, cooking and my kids" → ["running", "cooking", "my kids"] (at most 30, non-empty). */
function listItems(text: string): string[] {
  const items = text
    .split(/,|;|\band\b|\n/i)
    .map((item) => clip(item.trim(), 200))
    .filter((item) => item !== "")
    .slice(0, 30);
  return items.length > 0 ? items : [clip(text.trim() || "myself", 200)];
}

const FILLER =
  /^(i|i'm|im|me|my|a|an|the|am|is|are|be|to|and|for|with|of|love|like|enjoy|want|really|very|so|also|just|think|guess)$/i;

/**
 * A 1-2 word title from what the user said, from its first clause: "I am a teacher and a
 * father" → "Teacher", "I love running marathons" → "Running Marathons", "I build bridges" →
 * "Build Bridges", "My daughters" → "Daughters".
 */
export function identityName(text: string): string {
  const clause =
    text
      .split(/[,.;!?\n]|\s(?:and|but)\s/i)
      .map((part) => part.trim())
      .find((part) => part !== "") ?? "";
  const words = clause
    .replace(/[^\p{L}\p{N}\s'-]/gu, " ")
    .split(/\s+/)
    .filter(Boolean);
  // "I am a …", "I'm an …", "as a …": the words after it name the identity.
  const role = clause.match(/\b(?:i am|i'm|im|as)\s+(?:a|an|the)?\s*(.+)/i)?.[1];
  const fromRole = role?.split(/\s+/).filter((word) => !FILLER.test(word));
  // A doing word ("running", "cooking") and what follows it.
  const doing = words.findIndex((word) => /^\p{L}{3,}ing$/iu.test(word) && !FILLER.test(word));
  const picked =
    fromRole && fromRole.length > 0
      ? fromRole.slice(0, 2)
      : doing >= 0
        ? words
            .slice(doing)
            .filter((word) => !FILLER.test(word))
            .slice(0, 2)
        : words.filter((word) => !FILLER.test(word)).slice(0, 2);
  const name = picked.map((word) => word[0]?.toUpperCase() + word.slice(1).toLowerCase()).join(" ");
  return clip(name || "Explorer", 60);
}

function names(identities: readonly Identity[]): string {
  return identities.map((identity) => identity.name).join(", ") || "nothing yet";
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max);
}
