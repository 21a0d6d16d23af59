// The run's ids out of a request (so its hash is the same in every run) and back into a reply.
import { describe, expect, it } from "vitest";
import { IdCanon, requestKey } from "../src/replay/canonical.ts";

const runner = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
const other = "0190a1b2-c3d4-7e5f-8a9b-ffffffffffff";
const frozen = "bf62465c-db7a-4cd0-9785-84ecb9dc861f";

describe("IdCanon", () => {
  it("names the case's identities by key and numbers other ids, and puts them back", () => {
    const canon = new IdCanon(new Map([["runner", runner]]));
    const text = `Runner (id: ${runner}), note ${other}, again ${other}`;
    const canonical = canon.canonical(text);
    expect(canonical).toBe("Runner (id: <id:runner>), note <uuid:0>, again <uuid:0>");
    expect(canon.concrete(canonical)).toBe(text);
  });

  it("leaves a placeholder whole when its key is itself a UUID (a frozen snapshot's id)", () => {
    const canon = new IdCanon(new Map([[frozen, runner]]));
    const reply = `{"identityId":"<id:${frozen}>"}`;
    expect(canon.canonical(reply)).toBe(reply);
    expect(canon.concrete(reply)).toBe(`{"identityId":"${runner}"}`);
    expect(canon.canonical(`id ${runner}`)).toBe(`id <id:${frozen}>`);
  });
});

describe("requestKey", () => {
  it("ignores key order and transport fields, and changes with anything the reply depends on", () => {
    const body = { model: "m", messages: [{ role: "user", content: "hi" }], temperature: 0 };
    const key = requestKey(body);
    expect(requestKey({ temperature: 0, messages: body.messages, model: "m", stream: false })).toBe(
      key,
    );
    expect(requestKey({ ...body, temperature: 1 })).not.toBe(key);
    expect(requestKey({ ...body, model: "n" })).not.toBe(key);
    expect(requestKey({ ...body, messages: [{ role: "user", content: "hi!" }] })).not.toBe(key);
  });
});
