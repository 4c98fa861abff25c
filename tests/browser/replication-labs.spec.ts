/**
 * Each replication lab's implement task from its chapter: the student's code (the stored
 * reference) runs in the lab's system, the replica map comes up live with its nodes, the grade
 * passes, and afterwards the moment the run's fault began shows it on the map — links cut by
 * a partition, n1's clock pushed ahead, a traitor lying beside a slow replica, a client paused.
 */
import { readFileSync } from "node:fs";
import { expect, test, type Locator } from "@playwright/test";
import { signUpInPage } from "./support/accounts";

interface LabCase {
  lab: string;
  /** The chapter that embeds it (default: consistency-models). */
  chapter?: string;
  /** Its nodes (default: n1, n2, n3). */
  nodes?: string[];
  tab: RegExp;
  reference: string;
  /** The fault whose start the map is checked at. */
  fault: (e: { fault?: string; target?: string }) => boolean;
  shows: (map: Locator) => Promise<void>;
}

const NODES = ["n1", "n2", "n3"];
const partitionOfN3 = (e: { fault?: string; target?: string }) => e.fault === "partition" && (e.target?.startsWith("n3") ?? false);
const n3Cut = async (map: Locator) => expect(map.locator('[data-cut="true"][data-link*="n3"]').first()).toBeAttached();

const FOUR = ["n1", "n2", "n3", "n4"];

const CASES: LabCase[] = [
  { lab: "crdt-counter", tab: /Write a G-counter/, reference: "labs/crdt-counter/solutions/g-counter/reference.ts", fault: partitionOfN3, shows: n3Cut },
  { lab: "vector-clocks", tab: /Keep concurrent writes as siblings/, reference: "labs/vector-clocks/solutions/siblings/reference.ts", fault: partitionOfN3, shows: n3Cut },
  {
    lab: "read-repair",
    tab: /Decide the read repair/,
    reference: "labs/read-repair/solutions/repair/reference.ts",
    fault: (e) => e.fault === "partition",
    shows: async (map) => expect(map.locator('[data-cut="true"]').first()).toBeAttached(),
  },
  {
    lab: "lww-skew",
    tab: /Keep every acknowledged write/,
    reference: "labs/lww-skew/solutions/implement/reference.ts",
    fault: (e) => e.fault === "clock-skew" && e.target === "n1",
    shows: async (map) => expect(map.locator('[data-node="n1"]')).toContainText(/clock \+\d+ ms/),
  },
  {
    lab: "read-your-writes",
    tab: /Make every session read its own writes/,
    reference: "labs/read-your-writes/solutions/sessions/reference.ts",
    fault: (e) => e.fault === "crash" && e.target === "n3",
    shows: async (map) => expect(map.locator('[data-node="n3"]')).toHaveAttribute("data-state", "down"),
  },
  {
    lab: "byzantine",
    chapter: "fault-tolerance",
    nodes: FOUR,
    tab: /Write the client's vote/,
    reference: "labs/byzantine/solutions/vote/reference.ts",
    fault: (e) => e.fault === "latency",
    shows: async (map) => {
      await expect(map.locator('[data-lying="true"]')).toHaveCount(1);
      await expect(map).toContainText(/slow \+3000 ms/);
    },
  },
  {
    lab: "fencing",
    chapter: "fault-tolerance",
    nodes: FOUR,
    tab: /Fence off the sleeping client/,
    reference: "labs/fencing/solutions/fence/reference.ts",
    fault: (e) => e.fault === "pause" && e.target === "n3",
    shows: async (map) => expect(map.locator('[data-node="n3"]')).toHaveAttribute("data-state", "paused"),
  },
];

for (const c of CASES) {
  test(`${c.lab}: the implement task runs the student's code in every replica, and the map shows the fault`, async ({ page, baseURL }) => {
    test.setTimeout(180_000);
    await signUpInPage(page, baseURL!, c.lab);
    const nodes = c.nodes ?? NODES;
    await page.goto(`/chapters/${c.chapter ?? "consistency-models"}`);
    const runner = page.getByTestId("lab-runner").filter({ has: page.getByRole("tab", { name: c.tab }) });
    await expect(runner).toBeVisible({ timeout: 60_000 });
    await runner.getByRole("tab", { name: c.tab }).click();
    const editor = runner.locator(".cm-content").first();
    await expect(editor).toBeVisible({ timeout: 30_000 });
    await editor.click();
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.insertText(readFileSync(c.reference, "utf8"));
    const created = page.waitForResponse((r) => r.url().endsWith("/api/runs") && r.request().method() === "POST");
    await runner.getByRole("button", { name: "Run" }).click();
    const { id: runId } = (await (await created).json()) as { id: string };

    // Live: the nodes come up while the run goes on.
    const map = runner.getByTestId("replica-map");
    await expect(map).toBeVisible({ timeout: 120_000 });
    await expect(map.locator("[data-node]")).toHaveCount(nodes.length);
    const grade = runner.getByTestId("lab-grade");
    await expect(grade).toBeVisible({ timeout: 120_000 });
    await expect(grade, (await grade.textContent()) ?? "").toHaveAttribute("data-status", "passed");
    for (const id of nodes) await expect(map.locator(`[data-node="${id}"]`)).toHaveAttribute("data-state", "stopped");

    // The moment the fault began (from the run's own events) shows it on the map.
    const sse = await (await page.request.get(`/api/runs/${runId}/events`)).text();
    const began = sse
      .split("\n")
      .filter((line) => line.startsWith("data: {"))
      .map((line) => JSON.parse(line.slice(6)) as { kind?: string; fault?: string; action?: string; target?: string; t: number })
      .find((e) => e.kind === "fault" && e.action === "start" && c.fault(e))?.t;
    expect(began, "the run recorded its fault").toBeDefined();
    await map.getByRole("slider").fill(String(Math.ceil(began! + 50)));
    await expect(map).toHaveAttribute("data-following", "false");
    await c.shows(map);
    await map.screenshot({ path: `test-results/${c.lab}-map.png` });
  });
}

test("leader-follower: the failover happens live on the map — the leader goes down and a follower takes over", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  await signUpInPage(page, baseURL!, "leader-follower");
  await page.goto("/chapters/fault-tolerance");
  const tab = /Predict: how many acknowledged writes/;
  const runner = page.getByTestId("lab-runner").filter({ has: page.getByRole("tab", { name: tab }) });
  await expect(runner).toBeVisible({ timeout: 60_000 });
  await runner.getByRole("tab", { name: tab }).click();
  const created = page.waitForResponse((r) => r.url().endsWith("/api/runs") && r.request().method() === "POST");
  await runner.getByRole("button", { name: "Run" }).click();
  const { id: runId } = (await (await created).json()) as { id: string };

  const map = runner.getByTestId("replica-map");
  await expect(map).toBeVisible({ timeout: 120_000 });
  await expect(map.locator("[data-node]")).toHaveCount(NODES.length);
  // While the run goes on, a follower is promoted (it stays marked leader to the end).
  await expect(map).toContainText(/value leader/, { timeout: 60_000 });
  // The starter predicts no loss; the run loses writes, so it is graded, and wrong.
  const grade = runner.getByTestId("lab-grade");
  await expect(grade).toBeVisible({ timeout: 120_000 });
  await expect(grade).toHaveAttribute("data-status", "failed");

  // n1's crash is brief live (the failover follows at once): look at the moment it began.
  const sse = await (await page.request.get(`/api/runs/${runId}/events`)).text();
  const crashed = sse
    .split("\n")
    .filter((line) => line.startsWith("data: {"))
    .map((line) => JSON.parse(line.slice(6)) as { kind?: string; fault?: string; action?: string; target?: string; t: number })
    .find((e) => e.kind === "fault" && e.fault === "crash" && e.action === "start" && e.target === "n1")?.t;
  expect(crashed, "the run recorded the leader's crash").toBeDefined();
  await map.getByRole("slider").fill(String(Math.ceil(crashed!)));
  await expect(map.locator('[data-node="n1"]')).toHaveAttribute("data-state", "down");
  await map.screenshot({ path: "test-results/leader-follower-map.png" });
});
