/** Fills the token-bucket lab's "Size the bucket" task with a passing answer and runs it. */
import { expect, type Page, type Locator } from "@playwright/test";

export async function runTokenBucketConfigure(page: Page): Promise<Locator> {
  const runner = page.getByTestId("lab-runner").filter({ hasText: "Size the bucket" }).first();
  await expect(runner).toBeVisible({ timeout: 60_000 });
  const tab = runner.getByRole("tab", { name: /Size the bucket/ });
  if (await tab.count()) await tab.click();
  await runner.getByLabel("Capacity").fill("6");
  await runner.getByLabel("Refill per second").fill("5");
  await runner.getByLabel("Scope").selectOption("per-user");
  await runner.getByRole("button", { name: "Run" }).click();
  return runner;
}
