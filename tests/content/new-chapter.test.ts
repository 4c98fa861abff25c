import { execFile } from "node:child_process";
import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { headingLevelProblems } from "@/lib/content/check/heading-levels";
import { parseFrontMatter } from "@/lib/content/front-matter";

const run = promisify(execFile);
let root = "";

/** Runs the real script in a child process against a throwaway FAULTLINE_ROOT. */
async function newChapter(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(path.resolve("node_modules/.bin/tsx"), ["scripts/new-chapter.ts", ...args], {
      env: { ...process.env, FAULTLINE_ROOT: root },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "faultline-new-chapter-"));
  await mkdir(path.join(root, "content"));
  await writeFile(path.join(root, "content/07-existing.mdx"), "---\ntitle: Existing\nsummary: There already.\norder: 7\n---\n\n# Existing\n");
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("new:chapter", () => {
  it("scaffolds content/NN-<slug>.mdx with valid front matter and the next order", async () => {
    const res = await newChapter("Clock Skew & You");
    expect(res.code).toBe(0);
    expect(res.stdout).toContain("created content/08-clock-skew-you.mdx");
    const source = await readFile(path.join(root, "content/08-clock-skew-you.mdx"), "utf8");
    const fm = parseFrontMatter(source, "x.mdx");
    expect(fm.ok && fm.data).toMatchObject({ title: "Clock Skew & You", order: 8, labs: [], draft: true });
    // The page shows the title; the body starts at ## and passes the heading-level check.
    const headings = [...source.matchAll(/^(#+) (.+)$/gm)].map((m) => ({ depth: m[1]!.length, text: m[2]! }));
    expect(headings).toEqual([{ depth: 2, text: "First section" }]);
    expect(headingLevelProblems(headings, "Clock Skew & You")).toEqual([]);
  }, 180_000);

  it("refuses to overwrite a chapter with the same slug", async () => {
    const before = await readFile(path.join(root, "content/07-existing.mdx"), "utf8");
    const res = await newChapter("Existing");
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("content/07-existing.mdx already has the slug \"existing\": not overwriting");
    expect(await readFile(path.join(root, "content/07-existing.mdx"), "utf8")).toBe(before);
    expect((await readdir(path.join(root, "content"))).sort()).toEqual(["07-existing.mdx", "08-clock-skew-you.mdx"]);
  }, 180_000);

  it("explains its usage when no title is given", async () => {
    const res = await newChapter();
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('usage: npm run new:chapter -- "Chapter title"');
  }, 180_000);
});
