/**
 * A student runs the token-bucket lab from its chapter: fills in the form, presses Run, sees
 * the run's telemetry (chart, history) arrive live BEFORE the grade, then the grade.
 * Runs against the production site plus a real worker (playwright.config.ts).
 */
import { expect, test } from "@playwright/test";
import { signUpInPage } from "./support/accounts";
import { runTokenBucketConfigure } from "./support/token-bucket-form";

test("the token-bucket lab runs from its chapter with live telemetry, then a grade", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  // Running labs needs an account; the page's request context shares the browser's cookies.
  await signUpInPage(page, baseURL!, "runner");
  await page.goto("/chapters/resilient-apis");
  const runner = await runTokenBucketConfigure(page);

  // Live: the status region says it runs, and telemetry shows up while there is no grade yet.
  await expect(runner.getByRole("status")).toContainText(/Queued|Running/);
  const seenBeforeGrade = await page.waitForFunction(
    () => {
      const history = document.querySelector<HTMLElement>('[data-testid="lab-history"]');
      const metrics = document.querySelector<HTMLElement>('[data-testid="lab-metrics"]');
      const live = Number(history?.dataset.count ?? 0) > 0 || Number(metrics?.dataset.points ?? 0) > 0;
      if (!live) return null;
      return { grade: document.querySelector('[data-testid="lab-grade"]') !== null, ops: Number(history?.dataset.count ?? 0), points: Number(metrics?.dataset.points ?? 0) };
    },
    undefined,
    { timeout: 120_000, polling: 50 },
  );
  const snapshot = (await seenBeforeGrade.jsonValue())!;
  expect(snapshot.grade, "telemetry must arrive before the grade").toBe(false);
  // The chart really draws (uPlot's canvas) and later updates grow the history.
  await expect(runner.locator(".lab-chart canvas").first()).toBeVisible({ timeout: 30_000 });

  const grade = runner.getByTestId("lab-grade");
  await expect(grade).toBeVisible({ timeout: 120_000 });
  await expect(grade).toHaveAttribute("data-status", "passed");
  await expect(grade).toContainText("batch");
  await expect(runner.getByRole("status")).toContainText("Finished: passed");
  // A token bucket has no replicas: no empty replica map.
  await expect(runner.getByTestId("replica-map")).toHaveCount(0);
  const finalOps = Number(await runner.getByTestId("lab-history").getAttribute("data-count"));
  expect(finalOps).toBeGreaterThanOrEqual(snapshot.ops);
  expect(finalOps).toBeGreaterThan(0);
});
