import { afterEach, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { clockEnv, clockFromEnv, createClockFile, createSkewedClock, CLOCK_OFFSET_ENV } from "@/lib/faults";
import { spawnGroup, type ProcHandle } from "@/lib/procs";
import { eventually } from "./helpers";

const handles: ProcHandle[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(handles.splice(0).map((h) => h.stop({ graceMs: 0 })));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("createSkewedClock", () => {
  it("adds the offset and accumulates drift without jumps", () => {
    let real = 1_000_000;
    const clock = createSkewedClock(500, 1_000, () => real); // 1000 ppm = 1 ms per second
    expect(clock.now()).toBe(1_000_500);
    real += 10_000;
    expect(clock.now()).toBe(1_010_510);
    clock.set(-2_000);
    expect(clock.now()).toBe(1_008_000);
    real += 10_000;
    expect(clock.now()).toBe(1_018_000);
    clock.reset();
    expect(clock.now()).toBe(real);
  });

  it("rejects absurd skews with a clear message", () => {
    expect(() => createSkewedClock(Number.NaN)).toThrow(/clock offset must be a number of ms/);
    expect(() => createSkewedClock(0, 5e6)).toThrow(/clock drift must be a number of ppm/);
  });
});

describe("clockFromEnv", () => {
  it("reads the offset a parent passes in the environment", () => {
    const clock = clockFromEnv({ ...clockEnv(60_000) });
    expect(Math.abs(clock.now() - Date.now() - 60_000)).toBeLessThan(1_000);
  });

  it("says which variable is wrong", () => {
    expect(() => clockFromEnv({ [CLOCK_OFFSET_ENV]: "soon" })).toThrow(/FAULTLINE_CLOCK_OFFSET_MS must be a number/);
  });

  it("lets a parent skew a running child through the clock file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "faultline-clock-"));
    dirs.push(dir);
    const file = createClockFile(join(dir, "n1.clock.json"));
    const clockModule = join(process.cwd(), "lib/faults/clock-skew.ts");
    const child = await spawnGroup(
      process.execPath,
      ["--import", "tsx", "-e", `import(${JSON.stringify(clockModule)}).then((m) => { const c = m.clockFromEnv(); setInterval(() => console.log("skew " + Math.round((c.now() - Date.now()) / 1000)), 25); });`],
      { env: file.env },
    );
    handles.push(child);
    await child.waitForLine("skew 0", 30_000);
    file.set(-5_000);
    expect(await eventually(() => child.stdout.at(-1) === "skew -5", 10_000)).toBe(true);
    file.reset();
    expect(await eventually(() => child.stdout.at(-1) === "skew 0", 10_000)).toBe(true);
  });
});
