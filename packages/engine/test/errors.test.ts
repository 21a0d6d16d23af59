import { describe, expect, it } from "vitest";
import {
  ActionExecutionError,
  ActionNotAllowedError,
  ActionNotFoundError,
  ActionServiceError,
  ActionValidationError,
  summaryForModel,
} from "../src/errors.ts";
import { classifyError } from "../src/pipeline/classify.ts";

describe("error taxonomy", () => {
  it("gives each class its kind and a one-line summary for the model", () => {
    const cases = [
      [
        new ActionValidationError("create_identity", "Invalid params", [
          { path: "name", message: "Required" },
        ]),
        "validation",
      ],
      [
        new ActionNotAllowedError("nest_identity", "not allowed in phase introduction"),
        "not_allowed",
      ],
      [new ActionNotFoundError("archive_identity", "No identity with id x"), "not_found"],
      [new ActionServiceError("add_user_note", "database down"), "service"],
      [new ActionExecutionError("update_identity", "Handler failed: boom"), "execution"],
    ] as const;
    for (const [error, kind] of cases) {
      const detail = error.toDetailedError();
      expect(detail.kind).toBe(kind);
      expect(detail.name).toBe(error.constructor.name);
      const line = summaryForModel(detail);
      expect(line).toMatch(new RegExp(`^Error: ${error.constructor.name} - `));
      expect(line).not.toContain("\n");
    }
    const validation = new ActionValidationError("create_identity", "Invalid params", [
      { path: "name", message: "Required" },
    ]).toDetailedError();
    expect(summaryForModel(validation)).toBe(
      "Error: ActionValidationError - Invalid params (name: Required)",
    );
  });

  it("classifies database errors as service errors and the rest as execution errors", () => {
    const pgError = Object.assign(new Error("relation does not exist"), { code: "42P01" });
    expect(classifyError("x", pgError)).toBeInstanceOf(ActionServiceError);
    const prismaLike = new Error("unique");
    prismaLike.name = "PrismaClientKnownRequestError";
    expect(classifyError("x", prismaLike)).toBeInstanceOf(ActionServiceError);
    const plain = classifyError("x", new TypeError("cannot read properties of undefined"));
    expect(plain).toBeInstanceOf(ActionExecutionError);
    expect(plain.toDetailedError().cause).toEqual({
      name: "TypeError",
      message: "cannot read properties of undefined",
    });
    expect(classifyError("x", "a string")).toBeInstanceOf(ActionExecutionError);
  });

  it("gives clients a database error's code, never the database's own text", () => {
    const pgError = Object.assign(
      new Error('invalid byte sequence for encoding "UTF8": 0x00 in "Action"."params"'),
      { code: "22021" },
    );
    const detail = classifyError("x", pgError).toDetailedError();
    expect(detail.cause).toEqual({
      name: "DatabaseError",
      message: "Database error 22021",
      code: "22021",
    });
    const prismaLike = new Error("Invalid `prisma.action.create()` invocation: secret_column");
    prismaLike.name = "PrismaClientUnknownRequestError";
    const prismaDetail = classifyError("x", prismaLike).toDetailedError();
    expect(JSON.stringify(prismaDetail)).not.toMatch(/prisma|secret_column/i);
  });

  it("never puts a stack trace in the detailed error", () => {
    const detail = classifyError("x", new Error("boom")).toDetailedError();
    expect(JSON.stringify(detail)).not.toContain("    at ");
  });
});
