/**
 * The trace waterfall on /runs/<id>: the instructor of the student's cohort sees one row per
 * span of the run — request, queue, job, child, each phase, the grade's storing — indented
 * under its parent; the student who made the run does not see it.
 */
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { createCohort, DEMO_ADMIN, fakeIp, signIn, signUpInPage } from "./support/accounts";

test("an instructor sees the run's trace as a waterfall; its student does not", async ({ page, browser, baseURL }) => {
  await signUpInPage(page, baseURL!, "traced");
  const lab = (await (await page.request.get("/api/labs/token-bucket")).json()) as { tasks: Array<{ id: string; starter: unknown }> };
  const created = await page.request.post("/api/runs", { data: { labId: "token-bucket", taskId: "configure", answer: lab.tasks.find((t) => t.id === "configure")!.starter } });
  expect(created.status(), await created.text()).toBe(201);
  expect(created.headers()["x-request-id"]).toBeTruthy();
  const { id } = (await created.json()) as { id: string };
  await expect
    .poll(async () => ((await (await page.request.get(`/api/runs/${id}`)).json()) as { status: string }).status, { timeout: 90_000 })
    .toMatch(/^(passed|failed|error)$/);

  await page.goto(`/runs/${id}`);
  await expect(page.getByRole("heading", { name: "Answer" })).toBeVisible();
  await expect(page.getByTestId("run-waterfall")).toHaveCount(0);

  const admin = await signIn(baseURL!, DEMO_ADMIN.email, DEMO_ADMIN.password);
  const cohort = await createCohort(admin, `Trace class ${randomUUID().slice(0, 4)}`);
  expect((await page.request.post("/api/cohorts/join", { data: { code: cohort.joinCode } })).ok()).toBe(true);
  const context = await browser.newContext({ baseURL, extraHTTPHeaders: { "x-forwarded-for": fakeIp() } });
  await context.addCookies((await admin.storageState()).cookies);
  const teacher = await context.newPage();
  // The worker writes the spans as its job ends, just after the grade: reload until they are in.
  await expect(async () => {
    await teacher.goto(`/runs/${id}`);
    await expect(teacher.locator('[data-span="run.store"]')).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });

  const waterfall = teacher.getByTestId("run-waterfall");
  await expect(waterfall.getByRole("heading", { name: "Trace" })).toBeVisible();
  for (const name of ["run.submit", "run.enqueue", "run.queue-wait", "run.job", "run.child", "phase:workload", "phase:check", "phase:grade"]) {
    await expect(waterfall.locator(`[data-span="${name}"]`)).toHaveCount(1);
  }
  const depth = async (name: string) => Number(await waterfall.locator(`[data-span="${name}"]`).getAttribute("data-depth"));
  expect(await depth("run.submit")).toBe(0);
  expect(await depth("run.job")).toBeGreaterThan(await depth("run.submit"));
  expect(await depth("run.child")).toBe((await depth("run.job")) + 1);
  expect(await depth("phase:check")).toBe((await depth("run.child")) + 1);
  await expect(waterfall.locator('[data-span="run.store"] .waterfall-ms')).toContainText("ms");
  // The bars sit on one time line: the store starts after the child's check phase.
  const left = async (name: string) => (await waterfall.locator(`[data-span="${name}"] .waterfall-bar`).boundingBox())!.x;
  expect(await left("run.store")).toBeGreaterThanOrEqual(await left("phase:check"));
  await waterfall.screenshot({ path: "test-results/run-waterfall.png" });
  await context.close();
  await admin.dispose();
});
