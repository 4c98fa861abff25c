/**
 * One witness from checker to screen: a student runs quorum's "Choose W and R" with
 * W + R ≤ N; the grade fails on a stale read, and the history timeline highlights exactly
 * the read the diagnosis names (same process, key and time).
 */
import { expect, test } from "@playwright/test";
import { signUpInPage } from "./support/accounts";

test("a failed quorum grade highlights the stale read its diagnosis names", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  await signUpInPage(page, baseURL!, "quorum");
  await page.goto("/chapters/consistency-models");
  const runner = page.getByTestId("lab-runner").filter({ hasText: "Choose W and R" }).first();
  await expect(runner).toBeVisible({ timeout: 60_000 });
  const tab = runner.getByRole("tab", { name: /Choose W and R/ });
  if (await tab.count()) await tab.click();
  await runner.getByLabel("W", { exact: true }).fill("2");
  await runner.getByLabel("R", { exact: true }).fill("2");
  await runner.getByRole("button", { name: "Run" }).click();

  const grade = runner.getByTestId("lab-grade");
  await expect(grade).toBeVisible({ timeout: 150_000 });
  await expect(grade).toHaveAttribute("data-status", "failed");
  const diagnosis = (await grade.textContent()) ?? "";
  const named = /client c(\d) read (\w) at ([\d.]+) ms/.exec(diagnosis);
  expect(named, diagnosis).not.toBeNull();
  const [, process, key, at] = named!;

  const bar = runner.locator('[data-testid="lab-history"] rect[data-witness]');
  await expect(bar).toHaveCount(1);
  const title = (await bar.locator("title").textContent()) ?? "";
  expect(title).toContain(`process ${process}: get(${key})`);
  // The bar's tooltip rounds to whole ms; the diagnosis gives 0.1 ms.
  const start = /→ ok, (\d+)–\d+ ms/.exec(title);
  expect(start, title).not.toBeNull();
  expect(Math.abs(Number(start![1]) - Number(at))).toBeLessThanOrEqual(1);
  await expect(runner.locator('[data-testid="lab-history"] rect[data-related]')).toHaveCount(1);
});
