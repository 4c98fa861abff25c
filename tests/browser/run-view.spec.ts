/**
 * The run view of a stored run (/runs/<id>): a scrubber moves every panel to a moment of the
 * run. A token-bucket run (from its chapter) and a circuit-breaker run (through the API) are
 * graded first; then, at several moments chosen with the keyboard, what the page draws is
 * compared with the run's own events, read independently from the SSE route: the history's
 * operations are the ones invoked by then, the bucket-level chart's last sample is the last
 * one reported by then, the breaker's lane is in the state it was in then, and the charts'
 * points never shrink as the moment moves on. Hovering one chart moves the cursor on the
 * others and on the timelines; clicking an operation shows its details. Everything is
 * judged after the page settles — no live timing.
 */
import { readFileSync } from "node:fs";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { signUpInPage } from "./support/accounts";
import { runTokenBucketConfigure } from "./support/token-bucket-form";

/** Where the screenshots go (a shared checkout's test-results/ is emptied by every Playwright run). */
const SHOTS = process.env.RUN_VIEW_SHOTS ?? "test-results";

interface StoredEvent {
  kind: string;
  t: number;
  subject?: string;
  state?: string;
  op?: { type: string };
}

/** The run's events as the SSE route replays them (the stream ends after the grade). */
async function storedEvents(page: Page, runId: string): Promise<StoredEvent[]> {
  const text = await (await page.request.get(`/api/runs/${runId}/events`, { timeout: 60_000 })).text();
  return text
    .split("\n\n")
    .filter((block) => !block.includes("event: end"))
    .flatMap((block) => block.split("\n").filter((l) => l.startsWith("data: ")))
    .map((l) => JSON.parse(l.slice("data: ".length)) as StoredEvent);
}

async function waitForGrade(page: Page, runId: string): Promise<string> {
  let status = "";
  await expect
    .poll(async () => (status = ((await (await page.request.get(`/api/runs/${runId}`)).json()) as { status: string }).status), { timeout: 150_000, intervals: [1000] })
    .toMatch(/passed|failed|error/);
  return status;
}

/** Moves the scrubber to about `target` ms with the keyboard (Home, Page Up = 500 ms, → = 50 ms); returns the moment shown. */
async function scrubTo(page: Page, target: number): Promise<number> {
  const slider = page.getByRole("slider", { name: "Moment shown" });
  await slider.focus();
  await slider.press("Home");
  for (let i = 0; i < Math.floor(target / 500); i++) await slider.press("PageUp");
  for (let i = 0; i < Math.floor((target % 500) / 50); i++) await slider.press("ArrowRight");
  const scrubber = page.getByTestId("run-scrubber");
  const expected = Math.floor(target / 50) * 50;
  await expect(scrubber).toHaveAttribute("data-scrub-t", String(Math.min(expected, Number(await scrubber.getAttribute("data-end-t")))));
  // The views follow the deferred moment: wait until they draw it.
  await expect(page.getByTestId("run-view")).toHaveAttribute("data-shown-t", (await scrubber.getAttribute("data-scrub-t"))!);
  return Number(await scrubber.getAttribute("data-scrub-t"));
}

const invokedBy = (events: StoredEvent[], t: number) => events.filter((e) => e.kind === "op" && e.op?.type === "invoke" && e.t <= t).length;
const stateAt = (events: StoredEvent[], subject: (s: string) => boolean, t: number) => events.filter((e) => e.kind === "state" && subject(e.subject ?? "") && e.t <= t).at(-1);
const points = async (view: Locator) => Number(await view.getByTestId("lab-metrics").getAttribute("data-points"));

test("a stored run's scrubber moves every panel to the moment shown, and one cursor spans the panels", async ({ page, baseURL }) => {
  test.setTimeout(420_000);
  await signUpInPage(page, baseURL!, "run-view");

  // A token-bucket run from its chapter (the live view), and a circuit-breaker run by the API.
  await page.goto("/chapters/resilient-apis");
  const created = page.waitForResponse((r) => r.url().endsWith("/api/runs") && r.request().method() === "POST");
  const runner = await runTokenBucketConfigure(page);
  const { id: bucketRun } = (await (await created).json()) as { id: string };
  const breaker = await page.request.post("/api/runs", {
    data: { labId: "circuit-breaker", taskId: "configure", answer: JSON.parse(readFileSync("labs/circuit-breaker/solutions/configure/reference.json", "utf8")) as unknown },
  });
  expect(breaker.status(), await breaker.text()).toBe(201);
  const { id: breakerRun } = (await breaker.json()) as { id: string };
  await expect(runner.getByTestId("lab-grade")).toBeVisible({ timeout: 150_000 });
  await runner.screenshot({ path: `${SHOTS}/run-view-chapter-live.png` });
  expect(await waitForGrade(page, bucketRun)).toBe("passed");

  // --- token bucket: history, charts and bucket levels follow the scrubber.
  const bucketEvents = await storedEvents(page, bucketRun);
  await page.goto(`/runs/${bucketRun}`);
  const view = page.getByTestId("run-view");
  const scrubber = page.getByTestId("run-scrubber");
  await expect(scrubber).toBeVisible({ timeout: 60_000 });
  const end = Number(await scrubber.getAttribute("data-end-t"));
  expect(end).toBeGreaterThan(500);
  const history = view.getByTestId("lab-history");
  // The model is drawn a little after the events arrive (batched renders): wait for it, never read once.
  await expect(history).toHaveAttribute("data-count", String(invokedBy(bucketEvents, Infinity)));
  const finalOps = Number(await history.getAttribute("data-count"));
  await expect.poll(() => points(view)).toBeGreaterThan(0);
  const finalPoints = await points(view);
  await page.screenshot({ path: `${SHOTS}/run-view-token-bucket.png`, fullPage: true });

  const seen: Array<{ t: number; ops: number; points: number }> = [];
  for (const target of [0, end * 0.3, end * 0.6, end * 0.9]) {
    const t = await scrubTo(page, target);
    const ops = Number(await history.getAttribute("data-count"));
    expect(ops, `operations invoked by ${t} ms`).toBe(invokedBy(bucketEvents, t));
    // The bucket-level chart's last sample is the last one any bucket reported by then.
    const sample = stateAt(bucketEvents, (s) => s.startsWith("bucket:"), t);
    const level = view.locator('[data-testid="run-chart"][data-chart="level-0"]');
    if (sample) await expect(level).toHaveAttribute("data-t-last", String(Math.round(sample.t)));
    else await expect(level).toHaveCount(0);
    seen.push({ t, ops, points: await points(view) });
  }
  await scrubber.getByRole("button", { name: "End" }).click();
  await expect(history).toHaveAttribute("data-count", String(finalOps));
  seen.push({ t: end, ops: finalOps, points: await points(view) });
  console.log(`token-bucket scrub: ${JSON.stringify(seen)}`);
  expect(seen[0]!.ops).toBe(invokedBy(bucketEvents, seen[0]!.t));
  for (let i = 1; i < seen.length; i++) {
    expect(seen[i]!.ops).toBeGreaterThanOrEqual(seen[i - 1]!.ops);
    expect(seen[i]!.points).toBeGreaterThanOrEqual(seen[i - 1]!.points);
  }
  expect(seen.at(-1)!.points, "more points at the end than at the start").toBeGreaterThan(seen[0]!.points);
  expect(new Set(seen.map((s) => s.ops)).size, "the history's count follows the scrubber").toBeGreaterThanOrEqual(3);

  // --- the shared cursor: hovering one chart moves the others' cursor and the timelines'.
  const charts = view.getByTestId("run-chart");
  expect(await charts.count()).toBeGreaterThanOrEqual(3);
  const over = charts.first().locator(".u-over");
  await over.scrollIntoViewIfNeeded();
  const box = (await over.boundingBox())!;
  await over.hover({ position: { x: box.width * 0.5, y: box.height * 0.5 } });
  const hovered = charts.first();
  await expect(hovered).not.toHaveAttribute("data-cursor-t", "");
  const at = Number(await hovered.getAttribute("data-cursor-t"));
  expect(Math.abs(at - end * 0.5)).toBeLessThan(end * 0.05);
  // Each chart maps the synced moment through its own pixels: equal within a pixel's worth of time.
  const near = async (panel: Locator) => expect.poll(async () => Math.abs(Number((await panel.getAttribute("data-cursor-t")) || NaN) - at)).toBeLessThanOrEqual(Math.max(2, end / 500));
  for (const other of await charts.all()) await near(other);
  await near(history);
  await near(view.getByTestId("lab-faults"));
  // …and hovering the history moves the charts' cursor.
  const panel = history.locator(".lab-history-panel");
  await panel.scrollIntoViewIfNeeded();
  const lanes = (await panel.boundingBox())!;
  await panel.hover({ position: { x: lanes.width * 0.8, y: 3 }, force: true });
  await expect.poll(async () => Number(await history.getAttribute("data-cursor-t"))).toBeGreaterThan(end * 0.7);
  await expect.poll(async () => Number(await charts.nth(1).getAttribute("data-cursor-t"))).toBeGreaterThan(end * 0.7);

  // Clicking an operation opens its details.
  await history.locator("rect[data-index]").first().click({ force: true });
  const details = history.getByTestId("op-details");
  await expect(details).toBeVisible();
  await expect(details).toContainText("Process");
  await expect(details).toContainText("In the grade's witness");

  // Light, dark and narrow, for the record.
  await page.mouse.move(0, 0);
  await page.screenshot({ path: `${SHOTS}/run-view-token-bucket-light.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.reload();
  await expect(page.getByTestId("run-scrubber")).toBeVisible({ timeout: 60_000 });
  await page.screenshot({ path: `${SHOTS}/run-view-token-bucket-dark.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 400, height: 900 });
  await page.reload();
  await expect(page.getByTestId("run-scrubber")).toBeVisible({ timeout: 60_000 });
  await page.screenshot({ path: `${SHOTS}/run-view-token-bucket-narrow.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });

  // --- circuit breaker: its lane is in the state the breaker was in at each moment.
  expect(await waitForGrade(page, breakerRun)).toBe("passed");
  const breakerEvents = await storedEvents(page, breakerRun);
  const transitions = breakerEvents.filter((e) => e.kind === "state" && e.subject === "breaker");
  expect(transitions.map((e) => e.state)).toContain("open");
  await page.goto(`/runs/${breakerRun}`);
  await expect(page.getByTestId("run-scrubber")).toBeVisible({ timeout: 60_000 });
  const lane = page.locator('[data-testid="state-lane"][data-subject="breaker"]');
  const breakerEnd = Number(await page.getByTestId("run-scrubber").getAttribute("data-end-t"));
  // The middle of every state that lasted at least 150 ms, plus the start and the end.
  const moments = transitions.flatMap((e, i) => {
    const next = transitions[i + 1]?.t ?? breakerEnd;
    return next - e.t >= 150 ? [(e.t + next) / 2] : [];
  });
  const shown: string[] = [];
  for (const target of [0, ...moments]) {
    const t = await scrubTo(page, target);
    const expected = stateAt(breakerEvents, (s) => s === "breaker", t);
    if (!expected) await expect(lane).toHaveCount(0);
    else {
      await expect(lane).toHaveAttribute("data-state", expected.state!);
      await expect(lane.locator(".lab-state-seg").last()).toContainText(expected.state!);
      shown.push(expected.state!);
    }
  }
  console.log(`breaker lane followed: ${shown.join(" → ")}`);
  expect(shown).toContain("open");
  expect(shown).toContain("closed");
  await page.screenshot({ path: `${SHOTS}/run-view-circuit-breaker.png`, fullPage: true });
});

