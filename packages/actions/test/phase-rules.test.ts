import { describe, expect, it } from "vitest";
import {
  actionTypes,
  canInvoke,
  canTransition,
  catalog,
  coachActionsForPhase,
  createActionKit,
  isActionAllowedInPhase,
  type Phase,
  phaseActions,
  phases,
  phasesOfAction,
  phaseTransitions,
} from "./support/exports.ts";

/** The docs/domain.md table, verbatim (transition_phase is added to every phase). */
const domainTable: Record<Phase, string[]> = {
  introduction: ["show_canned_replies"],
  get_to_know_you: ["mark_question_asked"],
  identity_warm_up: ["update_who_you_are", "update_who_you_want_to_be"],
  identity_brainstorming: [
    "create_identity",
    "update_identity",
    "add_identity_note",
    "select_identity_focus",
    "skip_identity_category",
    "unskip_identity_category",
  ],
  brainstorming_review: ["combine_identities", "select_identity_focus"],
  identity_refinement: ["update_identity", "add_identity_note", "accept_identity_refinement"],
  anything_missing: [
    "create_identity",
    "update_identity",
    "add_identity_note",
    "accept_identity_refinement",
  ],
  identity_commitment: ["accept_identity_commitment", "nest_identity", "archive_identity"],
  i_am_statement: ["add_identity_note", "suggest_i_am_statement", "accept_i_am_statement"],
  identity_visualization: [
    "update_identity",
    "accept_identity_visualization",
    "add_identity_note",
    "set_current_identity",
  ],
};

describe("phase actions", () => {
  it("include the docs/domain.md table, plus transition_phase everywhere", () => {
    // A superset check: an action added to a phase later needs no edit here, while dropping
    // one of the domain's actions from its phase still fails.
    for (const phase of phases) {
      expect(phaseActions[phase]).toEqual(
        expect.arrayContaining([...domainTable[phase], "transition_phase"]),
      );
      expect(coachActionsForPhase(phase)).toEqual(phaseActions[phase]);
    }
  });

  it("only list coach-invokable actions, each once", () => {
    for (const phase of phases) {
      const actions = phaseActions[phase];
      expect(new Set(actions).size).toBe(actions.length);
      for (const type of actions) expect(canInvoke(type, "coach")).toBe(true);
    }
  });

  it("answer isActionAllowedInPhase and phasesOfAction", () => {
    expect(isActionAllowedInPhase("identity_brainstorming", "create_identity")).toBe(true);
    expect(isActionAllowedInPhase("identity_refinement", "create_identity")).toBe(false);
    expect(isActionAllowedInPhase("introduction", "add_user_note")).toBe(false);
    expect(isActionAllowedInPhase("introduction", "launch_rocket")).toBe(false);
    expect(phasesOfAction("create_identity")).toEqual([
      "identity_brainstorming",
      "anything_missing",
    ]);
    expect(phasesOfAction("add_user_note")).toEqual([]);
    expect(phasesOfAction("transition_phase")).toEqual(phases);
  });

  it("use every coach action in at least one phase", () => {
    for (const type of actionTypes) {
      if (canInvoke(type, "coach")) expect(phasesOfAction(type).length, type).toBeGreaterThan(0);
    }
  });
});

describe("phase transitions", () => {
  it("allow the next phase from every phase but the last", () => {
    phases.forEach((phase, index) => {
      const next = phases[index + 1];
      if (next !== undefined) expect(canTransition(phase, next)).toBe(true);
    });
  });

  it("allow only the documented ways back, and never skip ahead", () => {
    const back: string[] = [];
    for (const from of phases) {
      for (const to of phaseTransitions[from]) {
        const distance = phases.indexOf(to) - phases.indexOf(from);
        expect(distance, `${from} → ${to}`).not.toBeGreaterThan(1);
        if (distance < 0) back.push(`${from} → ${to}`);
      }
    }
    expect(back).toEqual([
      "brainstorming_review → identity_brainstorming",
      "identity_visualization → i_am_statement",
    ]);
  });

  it("reject everything else", () => {
    expect(canTransition("introduction", "identity_visualization")).toBe(false);
    expect(canTransition("introduction", "introduction")).toBe(false);
    expect(canTransition("identity_refinement", "identity_brainstorming")).toBe(false);
  });

  it("keep every phase reachable from the start", () => {
    const reached = new Set<Phase>(["introduction"]);
    const queue: Phase[] = ["introduction"];
    for (let phase = queue.shift(); phase !== undefined; phase = queue.shift()) {
      for (const next of phaseTransitions[phase]) {
        if (!reached.has(next)) {
          reached.add(next);
          queue.push(next);
        }
      }
    }
    expect([...reached].sort()).toEqual([...phases].sort());
  });
});

describe("phase rules validation (for fixtures and untyped callers)", () => {
  it.each([
    [{ introduction: ["launch_rocket"] }, 'unknown action "launch_rocket"'],
    [{ introduction: ["add_user_note"] }, "which the coach may not invoke"],
    [{ introduction: ["transition_phase", "transition_phase"] }, "repeats an action"],
  ])("rejects phase actions %o", (override, message) => {
    const rules = { phaseActions: { ...phaseActions, ...override }, phaseTransitions };
    // @ts-expect-error the type checker rejects these too; this proves the run-time guard
    expect(() => createActionKit(catalog, rules)).toThrow(message);
  });

  it("rejects bad transitions", () => {
    const rules = {
      phaseActions,
      phaseTransitions: { ...phaseTransitions, introduction: ["introduction" as const] },
    };
    expect(() => createActionKit(catalog, rules)).toThrow("transitions to itself");
  });
});
