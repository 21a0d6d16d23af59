// Regression (issue 11, item 18): the coach set an identity's "I am" statement directly with
// update_identity's iAmStatement, skipping the confirmation suggest_i_am_statement asks of the
// user. Over the whole turn, through the real openai SDK: the model is not offered the field,
// and a reply that sets it anyway is refused by the engine and applies nothing.
import { describe, expect, it } from "vitest";
import { ProviderCoachModel } from "../src/model/openai-coach-model.ts";
import { fakeReply } from "../src/testing/index.ts";
import { useFakeOpenAI } from "./support.ts";

const fake = useFakeOpenAI();
const provider = () => fake.provider({ maxRetries: 0 });

/** A user in identity_visualization (where update_identity is allowed) with one identity. */
async function userInVisualization() {
  const userId = await fake.h.newUser("Noor");
  const identity = await fake.h.db.prisma.identity.create({
    data: {
      userId,
      name: "Runner",
      category: "physical_expression",
      state: "i_am_complete",
      order: 0,
    },
  });
  await fake.h.db.prisma.coachState.update({
    where: { userId },
    data: { phase: "identity_visualization", currentIdentityId: identity.id },
  });
  return { userId, identityId: identity.id };
}

describe("the coach cannot set a confirmed field through another action", () => {
  it("structured outputs: not offered, and refused when sent anyway", async () => {
    const { userId, identityId } = await userInVisualization();
    fake.server.enqueue(
      fakeReply.json({
        message: "Here is your statement.",
        actions: [
          {
            type: "update_identity",
            params: {
              identityId,
              name: null,
              category: null,
              iAmStatement: "I am a runner",
              visualization: null,
            },
          },
        ],
      }),
    );
    const result = await fake.h
      .turn(new ProviderCoachModel(provider()))
      .send({ userId, message: "Write my statement" });

    const schema = JSON.stringify(fake.server.requests[0]?.body.response_format);
    expect(schema).toContain('"update_identity"');
    expect(schema).not.toContain("iAmStatement");
    expect(result.actions).toEqual([
      expect.objectContaining({
        type: "update_identity",
        status: "failed",
        error: expect.objectContaining({
          kind: "not_allowed",
          message:
            "iAmStatement needs the user's confirmation: propose it with suggest_i_am_statement",
        }),
      }),
    ]);
    const identity = await fake.h.db.prisma.identity.findUniqueOrThrow({
      where: { id: identityId },
    });
    expect(identity.iAmStatement).toBeNull();
    const audit = await fake.h.db.prisma.action.findFirstOrThrow({ where: { userId } });
    expect(audit).toMatchObject({ type: "update_identity", status: "failed", invoker: "coach" });
  });

  it("tool calling: not offered, and refused when called anyway", async () => {
    const { userId, identityId } = await userInVisualization();
    fake.server.enqueue(
      fakeReply.toolCall("update_identity", {
        identityId,
        name: null,
        category: null,
        iAmStatement: "I am a runner",
        visualization: null,
      }),
      fakeReply.text("Let us picture it instead."),
    );
    const result = await fake
      .toolTurn(3, { maxRetries: 0 })
      .send({ userId, message: "Write my statement" });

    expect(JSON.stringify(fake.server.requests[0]?.body.tools)).not.toContain("iAmStatement");
    expect(result.actions.map((action) => [action.type, action.status])).toEqual([
      ["update_identity", "failed"],
    ]);
    const identity = await fake.h.db.prisma.identity.findUniqueOrThrow({
      where: { id: identityId },
    });
    expect(identity.iAmStatement).toBeNull();
  });
});
