import { afterEach, describe, expect, it } from "vitest";
import { LabFailure } from "@/lib/labs/errors";
import { createSandbox, SandboxCodeError, type Sandbox } from "@/lib/sandbox";
import { sandboxedAllow, SANDBOX_LIMITS } from "@/labs/token-bucket/sandboxed-allow";

const CONFIG = { capacity: 10, refillPerSecond: 5 };
const open: Sandbox[] = [];
afterEach(() => open.splice(0).forEach((b) => b.dispose()));

async function allowOf(code: string) {
  const box = await createSandbox(code, SANDBOX_LIMITS);
  open.push(box);
  return sandboxedAllow(box);
}

function failure(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected an error");
}

describe("sandboxedAllow: what the student's allow() returns reaches a diagnosis bounded", () => {
  it("a wrong shape is named, cut to a few hundred characters", async () => {
    const allow = await allowOf(
      `export function allow() { return { allowed: "yes", state: 1, junk: "j".repeat(50_000) }; }`,
    );
    const err = failure(() => allow(null, 0, 1, CONFIG));
    expect(err).toBeInstanceOf(LabFailure);
    expect(err.message).toMatch(
      /^allow\(\) must return \{ allowed: boolean, state \}, but it returned \{"allowed":"yes"/,
    );
    expect(err.message).toMatch(/\(cut: \d+ more characters\)\.$/);
    expect(err.message.length).toBeLessThan(600);
  });

  it("an async allow() is refused clearly", async () => {
    const allow = await allowOf(
      `export async function allow(state: unknown) { return { allowed: true, state }; }`,
    );
    const err = failure(() => allow(null, 0, 1, CONFIG));
    expect(err).toBeInstanceOf(SandboxCodeError);
    expect(err.message).toBe("allow() must return synchronously, not a Promise.");
  });

  it("a state that grows is still reported as growing without bound", async () => {
    const allow = await allowOf(
      `export function allow(state: number[] | null, now: number) { const log = [...(state ?? []), now]; return { allowed: true, state: log }; }`,
    );
    let state: unknown = null;
    const err = failure(() => {
      for (let now = 0; now < 1_000; now++) state = allow(state, now, 1, CONFIG).state;
    });
    expect(err.message).toMatch(/state grows without bound/);
  });
});
