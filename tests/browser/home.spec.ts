/** The home page: what Faultline is, and the course with its chapters in order. */
import { readdirSync } from "node:fs";
import { expect, test } from "@playwright/test";

const chapterFiles = readdirSync("content").filter((file) => /^\d+-.+\.mdx$/.test(file));

test("home page presents Faultline and lists every chapter of the course", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("breaking real ones");
  await expect(page.getByRole("heading", { name: "The course" })).toBeVisible();
  const cards = page.locator(".chapter-card");
  expect(await cards.count()).toBeGreaterThanOrEqual(chapterFiles.length);
  for (const file of chapterFiles) {
    const slug = file.replace(/^\d+-/, "").replace(/\.mdx$/, "");
    await expect(page.locator(`.chapter-card a[href="/chapters/${slug}"]`)).toHaveCount(1);
  }
  // Each card says how long it takes to read.
  await expect(cards.first()).toContainText("min read");
});

test("a chapter card opens its chapter", async ({ page }) => {
  // A chapter renders on its first request (compile + check): slow on a loaded machine.
  test.setTimeout(240_000);
  await page.goto("/");
  const link = page.locator(".chapter-card h3 a").first();
  const title = (await link.textContent())!.trim();
  await link.click();
  await expect(page).toHaveURL(/\/chapters\/[a-z0-9-]+$/, { timeout: 200_000 });
  await expect(page.locator("#chapter-title")).toHaveText(title);
});

test("skip link is the first thing the keyboard reaches and moves focus to the content", async ({ page }) => {
  await page.goto("/");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#main-content$/);
  await expect(page.getByRole("main")).toBeFocused();
});
