import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
// @ts-expect-error: plain JS module shared with next.config.mjs (no type declarations).
import { checkContentBeforeBuild } from "@/lib/content/build-hook.mjs";

const saved = { root: process.env.FAULTLINE_ROOT, checked: process.env.FAULTLINE_CONTENT_CHECKED };
const roots: string[] = [];

async function rootWith(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), "faultline-build-hook-"));
  roots.push(root);
  await mkdir(path.join(root, "content"));
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(root, "content", name), text);
  return root;
}

afterEach(async () => {
  for (const [key, value] of [["FAULTLINE_ROOT", saved.root], ["FAULTLINE_CONTENT_CHECKED", saved.checked]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await Promise.all(roots.splice(0).map((r) => rm(r, { recursive: true, force: true })));
});

describe("next build content hook", () => {
  it("throws (failing next build) when a chapter is broken", async () => {
    process.env.FAULTLINE_ROOT = await rootWith({ "01-broken.mdx": "---\ntitle: B\nsummary: B.\norder: 1\n---\n\nClaim.[^src]\n" });
    delete process.env.FAULTLINE_CONTENT_CHECKED;
    expect(() => checkContentBeforeBuild()).toThrow("content check failed");
    expect(process.env.FAULTLINE_CONTENT_CHECKED).toBeUndefined();
  }, 300_000);

  it("passes clean content and runs once per build (workers inherit the flag)", async () => {
    process.env.FAULTLINE_ROOT = await rootWith({ "01-ok.mdx": "---\ntitle: Ok\nsummary: Fine.\norder: 1\n---\n\n## Fine\n" });
    delete process.env.FAULTLINE_CONTENT_CHECKED;
    expect(() => checkContentBeforeBuild()).not.toThrow();
    expect(process.env.FAULTLINE_CONTENT_CHECKED).toBe("1");
  }, 300_000);
});
