// The offline coach names an identity from what the user said (the first clause, the role or
// the activity), not from the sentence's last two words.
import { describe, expect, it } from "vitest";
import { identityName } from "../src/model/scripted-coach-model.ts";

describe("the scripted coach's identity names", () => {
  it("takes the role after 'I am a', the activity, or the first words that carry meaning", () => {
    expect(identityName("I am a teacher and a father")).toBe("Teacher");
    expect(identityName("I'm a great cook, my friends say")).toBe("Great Cook");
    expect(identityName("I love running marathons")).toBe("Running Marathons");
    expect(identityName("I build bridges")).toBe("Build Bridges");
    expect(identityName("My daughters")).toBe("Daughters");
    expect(identityName("I enjoy painting landscapes on weekends with my dog")).toBe(
      "Painting Landscapes",
    );
    expect(identityName("!!!")).toBe("Explorer");
  });
});
