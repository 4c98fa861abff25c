/**
 * `npm run dev`'s promise to authors: with a chapter open in the browser, saving its .mdx shows
 * the change — or its problem, at its line — without a manual reload, and the dev server
 * leaves the work tree as it found it. Runs its own `next dev` on a scratch content dir.
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { freePort, waitFor } from "../../scripts/setup/ports";

const CHAPTER = (body: string) => `---
title: Dev reload fixture
summary: A chapter the dev-reload test edits.
order: 97
---

${body}
`;

let server: ChildProcess | null = null;
let dir = "";
let baseURL = "";
let treeBefore = "";

// The files `next dev` is known to rewrite (tsconfig.json gained .next-dev type folders).
const gitStatus = () => execFileSync("git", ["status", "--porcelain", "--", "tsconfig.json", "package.json", "package-lock.json", "next.config.mjs"], { encoding: "utf8" });

test.describe.configure({ timeout: 300_000 });

test.beforeAll(async () => {
  treeBefore = gitStatus();
  dir = await mkdtemp(path.join(tmpdir(), "faultline-dev-reload-"));
  await writeFile(path.join(dir, "97-dev-reload.mdx"), CHAPTER("## First\n\nThe first version."));
  const port = await freePort();
  baseURL = `http://127.0.0.1:${port}`;
  server = spawn(path.join("node_modules", ".bin", "next"), ["dev", "-p", String(port), "-H", "127.0.0.1"], {
    detached: true,
    stdio: "ignore",
    env: { ...process.env, NODE_ENV: "development", FAULTLINE_NEXT_DIST_DIR: ".next-dev", FAULTLINE_EXTRA_CONTENT_DIR: dir, PORT: String(port) },
  });
  await waitFor(async () => (await fetch(`${baseURL}/api/health`).catch(() => null)) !== null, 180_000, "next dev to answer");
});

test.afterAll(async () => {
  if (server?.pid) {
    try {
      process.kill(-server.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

test("saving a chapter updates the open page, then shows a new problem at its line", async ({ page }) => {
  await page.goto(`${baseURL}/chapters/dev-reload`, { timeout: 180_000 });
  await expect(page.getByText("The first version.")).toBeVisible({ timeout: 60_000 });
  // `next dev` compiles the change stream's route on its first request: save only once the page listens.
  await expect(page.locator('html[data-dev-reload="watching"]')).toBeAttached({ timeout: 120_000 });

  await writeFile(path.join(dir, "97-dev-reload.mdx"), CHAPTER("## First\n\nThe second version, saved."));
  const saved = Date.now();
  await expect(page.getByText("The second version, saved.")).toBeVisible({ timeout: 20_000 });
  console.log(`dev reload: the saved text appeared ${Date.now() - saved} ms after the save`);

  await writeFile(path.join(dir, "97-dev-reload.mdx"), CHAPTER("## First\n\nA footnote with no definition.[^nowhere]"));
  const broken = Date.now();
  // The page writes a word joiner after "[" so the marker is not read as a footnote again.
  await expect(page.getByText(/97-dev-reload\.mdx:9:31: footnote \[\u2060?\^nowhere\] has no definition/)).toBeVisible({ timeout: 20_000 });
  console.log(`dev reload: the problem appeared ${Date.now() - broken} ms after the save`);
});

test("the dev server leaves the work tree clean", () => {
  expect(gitStatus()).toBe(treeBefore);
});
