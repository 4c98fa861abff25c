import { describe, expect, it } from "vitest";
import { Deadline } from "./deadline";

describe("Deadline", () => {
  it("interrupts JS entered outside start/stop at once", () => {
    const d = new Deadline();
    expect(d.shouldInterrupt()).toBe(true);
    expect(d.fired).toBe(true);
  });

  it("lets a step run until its CPU limit, then interrupts", () => {
    const d = new Deadline();
    d.start(30);
    expect(d.shouldInterrupt()).toBe(false);
    const until = performance.now() + 2_000;
    while (!d.shouldInterrupt() && performance.now() < until) {
      /* burn CPU */
    }
    expect(d.fired).toBe(true);
    expect(d.stop()).toBeGreaterThanOrEqual(30);
    expect(d.shouldInterrupt()).toBe(true);
  });
});
