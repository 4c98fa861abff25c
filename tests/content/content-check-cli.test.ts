import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);

async function contentCheck(...files: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(path.resolve("node_modules/.bin/tsx"), ["scripts/content-check.ts", ...files], { timeout: 300_000 });
    return { code: 0, stdout };
  } catch (err) {
    const e = err as { code?: number; stdout?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "" };
  }
}

describe("npm run content:check", () => {
  it("prints one path:line:col: message per problem and exits 1", async () => {
    const res = await contentCheck("tests/fixtures/content/check/11-seed-bugs.mdx");
    expect(res.code).toBe(1);
    expect(res.stdout.trim().split("\n")).toEqual([
      'tests/fixtures/content/check/11-seed-bugs.mdx:10:74: footnote [^clock] has no definition: add a line "[^clock]: …"',
      "tests/fixtures/content/check/11-seed-bugs.mdx:15:14: Python code block does not parse: 'await' outside async function",
    ]);
  }, 400_000);

  it("exits 0 and prints nothing on stdout for a clean chapter", async () => {
    const res = await contentCheck("tests/fixtures/content/check/21-clean.mdx");
    expect(res).toEqual({ code: 0, stdout: "" });
  }, 400_000);
});
