import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { descendants } from "@/lib/procs/descendants";
import { isAlive } from "@/lib/procs";

describe("descendants", () => {
  it("finds children and grandchildren, and not the roots themselves", async () => {
    // A child that starts a grandchild and prints its pid.
    const child = spawn(process.execPath, ["-e", `const g = require("node:child_process").spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"]); console.log(g.pid); setTimeout(() => {}, 30000);`]);
    const grandchild = await new Promise<number>((resolve) => child.stdout.once("data", (d: Buffer) => resolve(Number(String(d).trim()))));
    try {
      const found = descendants([process.pid]);
      expect(found).toContain(child.pid);
      expect(found).toContain(grandchild);
      expect(found).not.toContain(process.pid);
      expect(descendants([child.pid!])).toEqual([grandchild]);
    } finally {
      process.kill(grandchild, "SIGKILL");
      child.kill("SIGKILL");
    }
    await expect.poll(() => isAlive(grandchild)).toBe(false);
  });
});
