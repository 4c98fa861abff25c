import { describe, expect, it } from "vitest";
import { boundJson, boundText, STUDENT_TEXT_LIMIT } from "./bounded-text";

describe("boundText", () => {
  it("keeps short text as it is", () => {
    expect(boundText("negative input")).toBe("negative input");
    expect(boundText("x".repeat(STUDENT_TEXT_LIMIT))).toHaveLength(STUDENT_TEXT_LIMIT);
  });

  it("cuts long text to the limit with a note of what was dropped", () => {
    const cut = boundText("x".repeat(10_000));
    expect(cut).toBe(
      `${"x".repeat(STUDENT_TEXT_LIMIT)}… (cut: ${10_000 - STUDENT_TEXT_LIMIT} more characters)`,
    );
    expect(boundText("abcdef", 4)).toBe("abcd… (cut: 2 more characters)");
  });

  it("counts the characters an earlier cut already dropped", () => {
    expect(boundText("abcdef", 4, 1_000_000)).toBe("abcd… (cut: 999996 more characters)");
  });

  it("never splits a surrogate pair", () => {
    const cut = boundText("ab😀cd", 3);
    expect(cut).toBe("ab… (cut: 4 more characters)");
  });

  it("shows values as bounded JSON", () => {
    expect(boundJson({ allowed: "yes" })).toBe('{"allowed":"yes"}');
    expect(boundJson(undefined)).toBe("undefined");
    expect(boundJson({ log: "y".repeat(5000) }, 20)).toMatch(
      /^\{"log":"y{12}… \(cut: \d+ more characters\)$/,
    );
  });
});
