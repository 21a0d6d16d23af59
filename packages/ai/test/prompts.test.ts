import { phases } from "@trellis/actions";
import { createTestDb, type TestDb } from "@trellis/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderContext } from "../src/coach/render-context.ts";
import type { CoachSnapshot } from "../src/coach/snapshot.ts";
import { contextKeys, type PromptContext } from "../src/prompts/context-keys.ts";
import { loadPromptFiles, parsePromptFile } from "../src/prompts/prompt-files.ts";
import { PromptNotFoundError, PromptStore } from "../src/prompts/prompt-store.ts";
import { PromptTemplateError, renderTemplate, validateTemplate } from "../src/prompts/template.ts";

const context = (overrides: Partial<PromptContext> = {}): PromptContext => ({
  userName: "<userName>",
  phase: "<phase>",
  identities: "<identities>",
  currentIdentity: "<currentIdentity>",
  identityFocus: "<identityFocus>",
  categoriesRemaining: "<categoriesRemaining>",
  skippedCategories: "<skippedCategories>",
  whoYouAre: "<whoYouAre>",
  whoYouWantToBe: "<whoYouWantToBe>",
  userNotes: "<userNotes>",
  askedQuestions: "<askedQuestions>",
  remainingQuestions: "<remainingQuestions>",
  recentConversation: "<recentConversation>",
  ...overrides,
});

describe("templates", () => {
  it("insert user data literally, braces and template syntax included", () => {
    const body = "Hello {{userName}}. Notes:\n{{userNotes}}";
    // A JavaScript-template-looking value is exactly the kind of user data that must stay literal.
    const hostile = ["{{userNotes}} {0} $", "{x}"].join("");
    const out = renderTemplate(body, context({ userName: hostile, userNotes: "{{userName}}}" }));
    expect(out).toBe(`Hello ${hostile}. Notes:\n{{userName}}}`);
    expect(out).toContain("{{userNotes}} {0} $" + "{x}");
  });

  it("reject unknown keys, undeclared placeholders and unused declarations", () => {
    expect(() => validateTemplate("Hi {{userName}}", ["userName", "nope"])).toThrow(
      /unknown context key 'nope'/,
    );
    expect(() => validateTemplate("Hi {{userName}} {{phase}}", ["userName"])).toThrow(
      /\{\{phase\}\} is not declared/,
    );
    expect(() => validateTemplate("Hi {{whoever}}", [])).toThrow(
      /\{\{whoever\}\} is not a context key/,
    );
    expect(() => validateTemplate("Hi", ["userName"])).toThrow(/'userName' is not used/);
    expect(validateTemplate("Hi {{ userName }}", ["userName"])).toEqual(["userName"]);
  });

  it("renders every context key from a snapshot", () => {
    const snapshot: CoachSnapshot = {
      userId: "u",
      userName: "Ada",
      phase: "identity_refinement",
      currentIdentityId: "i1",
      identityFocus: null,
      skippedCategories: ["spiritual"],
      whoYouAre: ["a mother"],
      whoYouWantToBe: [],
      askedQuestions: ["family_structure"],
      identities: [
        {
          id: "i1",
          userId: "u",
          name: "Runner",
          category: "physical_expression",
          state: "accepted",
          notes: ["runs at dawn"],
          iAmStatement: null,
          visualization: null,
          order: 1,
          createdAt: new Date(0),
          updatedAt: new Date(0),
        },
      ],
      userNotes: ["Has two kids"],
      pending: [],
      conversation: [{ role: "coach", content: "Welcome", actionSummaries: ["Moved on"] }],
    };
    const rendered = renderContext(snapshot);
    expect(Object.keys(rendered).sort()).toEqual([...contextKeys].sort());
    expect(rendered.currentIdentity).toContain("Runner (id: i1");
    expect(rendered.currentIdentity).toContain("- runs at dawn");
    expect(rendered.remainingQuestions).not.toContain("family_structure");
    expect(rendered.categoriesRemaining).not.toContain("spiritual");
    expect(rendered.categoriesRemaining).not.toContain("physical_expression");
    expect(rendered.recentConversation).toBe("Coach: Welcome\n  [actions: Moved on]");
  });
});

describe("prompt files", () => {
  it("cover every phase, each validated against the context keys", async () => {
    const files = await loadPromptFiles();
    expect(files.map((f) => f.phase).sort()).toEqual([...phases].sort());
    for (const file of files) expect(file.body.split(/\s+/).length).toBeGreaterThan(150);
  });

  it("fail at load time on a bad key, not mid-chat", () => {
    expect(() =>
      parsePromptFile("---\nphase: introduction\ncontext: userName\n---\nHi {{userNam}}", "x.md"),
    ).toThrow(PromptTemplateError);
    expect(() => parsePromptFile("---\nphase: outer_space\ncontext:\n---\nHi", "y.md")).toThrow(
      /unknown phase/,
    );
  });
});

describe("prompt store", () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db.dispose();
  });

  it("seeds once per change, versions, activates and pins", async () => {
    const store = new PromptStore(db);
    const first = await store.seed();
    expect(first.created).toHaveLength(phases.length);
    expect((await store.seed()).created).toHaveLength(0);

    const v1 = await store.forPhase("introduction");
    expect(v1.version).toBe(1);
    const v2 = await store.createVersion({
      phase: "introduction",
      body: "Hi {{userName}}",
      requiredContextKeys: ["userName"],
    });
    expect(v2.version).toBe(2);
    expect((await store.forPhase("introduction")).version).toBe(2);
    expect((await store.forPhase("introduction", 1)).body).toBe(v1.body);
    await store.activate("introduction", 1);
    expect((await store.forPhase("introduction")).version).toBe(1);

    await expect(
      store.createVersion({
        phase: "introduction",
        body: "Hi {{nobody}}",
        requiredContextKeys: [],
      }),
    ).rejects.toThrow(PromptTemplateError);
    await expect(store.forPhase("introduction", 99)).rejects.toThrow(PromptNotFoundError);
  });
});
