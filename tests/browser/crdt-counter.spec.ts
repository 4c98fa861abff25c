/**
 * A student writes the G-counter in its chapter and runs it: the code runs in all three
 * replicas, the replica map comes up live with them, and afterwards the moment n3 was cut
 * off shows its links cut and messages lost on the way; the grade passes.
 */
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { signUpInPage } from "./support/accounts";

const REFERENCE = readFileSync("labs/crdt-counter/solutions/g-counter/reference.ts", "utf8");
const NODES = ["n1", "n2", "n3"];

test("the G-counter task runs the student's code in every replica, and the map shows the partition", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  await signUpInPage(page, baseURL!, "crdt");
  await page.goto("/chapters/consistency-models");
  const tab = page.getByRole("tab", { name: /Write a G-counter/ });
  const runner = page.getByTestId("lab-runner").filter({ has: tab });
  await expect(runner).toBeVisible({ timeout: 60_000 });
  await runner.getByRole("tab", { name: /Write a G-counter/ }).click();
  const editor = runner.locator(".cm-content").first();
  await expect(editor).toBeVisible({ timeout: 30_000 });
  await editor.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.insertText(REFERENCE);
  const created = page.waitForResponse((r) => r.url().endsWith("/api/runs") && r.request().method() === "POST");
  await runner.getByRole("button", { name: "Run" }).click();
  const { id: runId } = (await (await created).json()) as { id: string };

  // Live: three replicas come up while the run goes on.
  const map = runner.getByTestId("replica-map");
  await expect(map).toBeVisible({ timeout: 120_000 });
  await expect(map.locator("[data-node]")).toHaveCount(NODES.length);
  for (const id of NODES) await expect(map.locator(`[data-node="${id}"]`)).toHaveAttribute("data-state", /up|stopped/);

  const grade = runner.getByTestId("lab-grade");
  await expect(grade).toBeVisible({ timeout: 120_000 });
  await expect(grade).toHaveAttribute("data-status", "passed");
  await expect(grade).toContainText("counted exactly once");
  for (const id of NODES) await expect(map.locator(`[data-node="${id}"]`)).toHaveAttribute("data-state", "stopped");

  // The moment the partition began (from the run's own events): n3's links are drawn cut.
  const sse = await (await page.request.get(`/api/runs/${runId}/events`)).text();
  const cutAt = sse
    .split("\n")
    .filter((line) => line.startsWith("data: {"))
    .map((line) => JSON.parse(line.slice(6)) as { kind?: string; fault?: string; action?: string; target?: string; t: number })
    .find((e) => e.kind === "fault" && e.fault === "partition" && e.action === "start" && e.target?.startsWith("n3"))?.t;
  expect(cutAt, "the run recorded n3's partition").toBeDefined();
  await map.getByRole("slider").fill(String(Math.ceil(cutAt! + 50)));
  await expect(map).toHaveAttribute("data-following", "false");
  await expect(map.locator('[data-cut="true"][data-link*="n3"]').first()).toBeAttached();
  await expect(map.getByTestId("replica-map-messages")).toContainText(/message/);
  await map.screenshot({ path: "test-results/crdt-counter-partition.png" });
});
