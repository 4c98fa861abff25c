/**
 * The fencing grade on runs written out by hand: a pass means something only when the story
 * happened (n3's write reached the storage after n4's newer lease). On a starved machine n3
 * once finished its write before the pause struck, and a storage that checks nothing passed.
 */
import { describe, expect, it } from "vitest";
import { gradeFence } from "./grade";
import type { FencingRun, Served } from "./scenario";

const grants = [
  { token: 1, holder: "n4", at: 10, expiresAt: 610 },
  { token: 2, holder: "n3", at: 100, expiresAt: 700 },
  { token: 3, holder: "n4", at: 900, expiresAt: 1_500 },
];
const served = (client: string, kind: Served["kind"], token: number, at: number, ok = true, value = 0): Served => ({ client, kind, token, at, ok, value });
const run = (over: Partial<FencingRun>): FencingRun => ({
  history: [],
  works: [
    { op: 0, node: "n4", ok: true },
    { op: 2, node: "n3", ok: false, reason: "refused" },
    { op: 4, node: "n4", ok: true },
  ],
  grants,
  served: [],
  finalValue: 2,
  programErrors: [],
  sleeper: "n3",
  ...over,
});

/** The story: n3 reads under token 2, sleeps; n4 takes token 3 and reads; n3's write (token 2) arrives. */
const story = (n3WriteOk: boolean) => [served("n4", "read", 1, 20), served("n4", "write", 1, 30, true, 1), served("n3", "read", 2, 110), served("n4", "read", 3, 910), served("n3", "write", 2, 920, n3WriteOk, 2), served("n4", "write", 3, 1_300, true, 2)];

describe("the fencing grade", () => {
  it("passes a storage that refused n3's stale write, and fails one that took it", () => {
    expect(gradeFence(run({ served: story(false) })).verdict).toBe("pass");
    const took = gradeFence(run({ served: story(true), works: [{ op: 0, node: "n4", ok: true }, { op: 2, node: "n3", ok: true }, { op: 4, node: "n4", ok: true }] }));
    expect(took).toMatchObject({ verdict: "fail", diagnosis: expect.stringContaining("slept through its lease") });
  });

  it("does not grade a run where n3 wrote before n4's newer lease: nothing was tested", () => {
    const early = [served("n4", "read", 1, 20), served("n4", "write", 1, 30, true, 1), served("n3", "read", 2, 110), served("n3", "write", 2, 150, true, 2), served("n4", "read", 3, 910), served("n4", "write", 3, 1_300, true, 3)];
    const grade = gradeFence(run({ served: early, finalValue: 3, works: [{ op: 0, node: "n4", ok: true }, { op: 2, node: "n3", ok: true }, { op: 4, node: "n4", ok: true }] }));
    expect(grade).toMatchObject({ verdict: "error", errorKind: "overloaded" });
    expect(grade.diagnosis).toMatch(/n3's write reached the storage before any newer lease was granted/);
  });

  it("does not grade a run where n3's write never reached the storage, nor one whose storage did not answer", () => {
    const none = gradeFence(run({ served: story(false).filter((s) => !(s.client === "n3" && s.kind === "write")) }));
    expect(none).toMatchObject({ verdict: "error", errorKind: "overloaded", diagnosis: expect.stringContaining("n3's write never reached the storage") });
    expect(gradeFence(run({ served: story(false), finalValue: null }))).toMatchObject({ verdict: "error", errorKind: "overloaded", diagnosis: expect.stringContaining("did not answer") });
  });

  it("still fails what is wrong in any order of events: refusing the lock's current holder", () => {
    const refusedHolder = [served("n4", "read", 1, 20, false)];
    expect(gradeFence(run({ served: refusedHolder, finalValue: 0 }))).toMatchObject({ verdict: "fail", diagnosis: expect.stringContaining("The storage refused") });
  });
});
