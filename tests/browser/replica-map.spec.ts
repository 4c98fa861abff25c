/**
 * The replica map during a quorum run. The predict task crashes n4 and cuts n5 off 300 ms
 * into the workload, until the heal. Live, the map shows n4 down and n5 cut off while the run
 * goes on, and every replica stopped once it is over; stepping back through the recorded
 * changes shows the order: all up, then the faults, then n4 up again after the heal.
 * The run's replay page draws the same map.
 */
import { expect, test, type Locator } from "@playwright/test";
import { signUpInPage } from "./support/accounts";

const NODES = ["n1", "n2", "n3", "n4", "n5"];

async function expectEvery(map: Locator, attribute: string, value: string) {
  for (const id of NODES) await expect(map.locator(`[data-node="${id}"]`)).toHaveAttribute(attribute, value);
}

/** Presses "Next change" until `node` shows `state` (the number of changes in between varies). */
async function stepUntil(map: Locator, node: Locator, state: string) {
  const next = map.getByRole("button", { name: /Next change/ });
  for (let i = 0; i < 20 && (await node.getAttribute("data-state")) !== state && (await next.isEnabled()); i++) await next.click();
  await expect(node).toHaveAttribute("data-state", state);
}

test("the replica map shows a quorum run's crash and partition as they happen", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  await signUpInPage(page, baseURL!, "replica-map");
  await page.goto("/chapters/consistency-models");
  // Other labs in the chapter have predict tasks too: name quorum's, and wait for its runner to load.
  const predictTab = page.getByRole("tab", { name: /Predict: does W \+ R/ });
  const runner = page.getByTestId("lab-runner").filter({ has: predictTab });
  await expect(runner).toBeVisible({ timeout: 60_000 });
  await runner.getByRole("tab", { name: /Predict: does W \+ R/ }).click();
  const created = page.waitForResponse((r) => r.url().endsWith("/api/runs") && r.request().method() === "POST");
  await runner.getByRole("button", { name: "Run" }).click();
  const { id: runId } = (await (await created).json()) as { id: string };

  // Live: the map appears with the five replicas, then shows the faults while the run goes on.
  const map = runner.getByTestId("replica-map");
  const n4 = map.locator('[data-node="n4"]');
  const n5 = map.locator('[data-node="n5"]');
  await expect(map).toBeVisible({ timeout: 120_000 });
  await expect(map.locator("[data-node]")).toHaveCount(NODES.length);
  await expect(n4).toHaveAttribute("data-state", "down", { timeout: 60_000 });
  await expect(n5).toHaveAttribute("data-cut", "true");
  await map.screenshot({ path: "test-results/replica-map-live.png" });

  // Over: every replica stopped, nothing cut.
  await expect(runner.getByTestId("lab-grade")).toBeVisible({ timeout: 120_000 });
  await expectEvery(map, "data-state", "stopped");
  await expectEvery(map, "data-cut", "false");

  // Back to the start, then change by change: all up, the faults, the heal.
  await map.getByRole("slider").press("Home");
  await expect(map).toHaveAttribute("data-following", "false");
  await expectEvery(map, "data-state", "unknown");
  await map.getByRole("button", { name: /Next change/ }).click();
  await expectEvery(map, "data-state", "up");
  await expectEvery(map, "data-cut", "false");
  await stepUntil(map, n4, "down");
  await expect(n5).toHaveAttribute("data-cut", "true");
  // State in words, not colour alone (checked on a held moment: live, the faults may already be over).
  await expect(n4).toContainText("down");
  await expect(n5).toContainText("cut off");
  await stepUntil(map, n4, "up");
  await expect(n5).toHaveAttribute("data-cut", "false");
  await map.screenshot({ path: "test-results/replica-map-healed.png" });
  await map.getByRole("button", { name: "Latest" }).click();
  await expectEvery(map, "data-state", "stopped");

  // The replay page folds the stored events into the same map.
  await page.goto(`/runs/${runId}`);
  const replay = page.getByTestId("run-replay");
  await expect(replay.getByTestId("lab-grade")).toBeVisible({ timeout: 60_000 });
  const replayMap = replay.getByTestId("replica-map");
  await expect(replayMap.locator("[data-node]")).toHaveCount(NODES.length);
  await expectEvery(replayMap, "data-state", "stopped");
});
