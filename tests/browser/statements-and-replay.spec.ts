/**
 * Task statements render as chapters do (lists, emphasis, highlighted code with a copy
 * button whose text pastes as is), fetched when the lab opens rather than sent in the page;
 * seeds are the server's: a student's `seed` is refused, only an instructor sees "Replay this
 * run", and the replay is labelled with the same seed.
 */
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { createCohort, DEMO_ADMIN, fakeIp, signIn } from "./support/accounts";

test("statements render lists, emphasis and code blocks that paste as they are", async ({ page }) => {
  // The chapter page does not carry the statements; each runner fetches its lab's (prerendered) as it opens.
  expect(await (await page.request.get("/chapters/resilient-apis")).text()).not.toContain("statementTree");
  const fetched = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/labs/token-bucket/statements");
  await page.goto("/chapters/resilient-apis");
  expect((await fetched).status()).toBe(200);
  // The chapter has other labs with implement tasks: this test is about token-bucket's statements.
  const runner = page.getByRole("region", { name: "Lab: Token bucket in Redis" });
  const statement = runner.getByTestId("lab-statement").first();
  await expect(statement).toBeVisible({ timeout: 30_000 });
  expect(await statement.locator("ul > li").count()).toBeGreaterThan(1);
  await expect(statement.locator("strong").first()).toBeVisible();
  // No Markdown left over: bullets are list items, emphasis is not wrapped in asterisks.
  expect(await statement.innerText()).not.toMatch(/^\s*- |\*\*|(^|\s)\*\S[^*]*\*(\s|$)/m);
  await statement.screenshot({ path: "test-results/lab-statement-configure.png" });

  // The implement task's statement has a fenced example: highlighted, copyable, exact text.
  await runner.getByRole("tab", { name: /implement/i }).click();
  const implement = runner.getByTestId("lab-statement").first();
  const block = implement.locator(".code-block").first();
  await expect(block.locator("pre.shiki code")).toBeVisible();
  await expect(block.getByRole("button", { name: /copy/i })).toBeVisible();
  const lab = (await (await page.request.get("/api/labs/token-bucket")).json()) as { tasks: Array<{ id: string; statement: string }> };
  const fenced = /```[^\n]*\n([\s\S]*?)\n```/.exec(lab.tasks.find((t) => t.id === "implement")!.statement)![1];
  expect(await block.locator("pre code").textContent()).toBe(fenced);
  await implement.screenshot({ path: "test-results/lab-statement-implement.png" });

  // Emphasis inside words ("client c*i*") renders as <em> in the quorum lab.
  await page.goto("/chapters/consistency-models");
  const quorum = page.getByTestId("lab-statement").first();
  await expect(quorum).toBeVisible({ timeout: 30_000 });
  expect(await quorum.locator("ul > li").count()).toBeGreaterThan(0);
  await quorum.screenshot({ path: "test-results/lab-statement-quorum.png" });
});

test("a student cannot choose a seed or replay; an instructor replays with the stored seed", async ({ page, browser, baseURL }) => {
  const email = `seedless-${randomUUID().slice(0, 8)}@test.faultline.local`;
  const signUp = await page.request.post("/api/auth/sign-up/email", {
    data: { email, password: `pw-${randomUUID()}`, name: "Seedless" },
    headers: { "x-forwarded-for": fakeIp(), origin: baseURL! },
  });
  expect(signUp.status(), await signUp.text()).toBe(200);
  const lab = (await (await page.request.get("/api/labs/token-bucket")).json()) as { tasks: Array<{ id: string; starter: unknown }> };
  const body = { labId: "token-bucket", taskId: "configure", answer: lab.tasks.find((t) => t.id === "configure")!.starter };
  const withSeed = await page.request.post("/api/runs", { data: { ...body, seed: 7 } });
  expect(withSeed.status()).toBe(400);
  expect(((await withSeed.json()) as { error: string }).error).toMatch(/Seeds are chosen by the server/);
  const created = await page.request.post("/api/runs", { data: body });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const seed = ((await (await page.request.get(`/api/runs/${id}`)).json()) as { seed: number }).seed;

  await page.goto(`/runs/${id}`);
  await expect(page.getByText(`seed ${seed}`)).toBeVisible();
  await expect(page.getByTestId("replay-run")).toHaveCount(0);

  // The instructor of the student's cohort sees the button; the replay has the same seed.
  const admin = await signIn(baseURL!, DEMO_ADMIN.email, DEMO_ADMIN.password);
  const cohort = await createCohort(admin, `Replay class ${randomUUID().slice(0, 4)}`);
  expect((await page.request.post("/api/cohorts/join", { data: { code: cohort.joinCode } })).ok()).toBe(true);
  const context = await browser.newContext({ baseURL, extraHTTPHeaders: { "x-forwarded-for": fakeIp() } });
  await context.addCookies((await admin.storageState()).cookies);
  const teacher = await context.newPage();
  await teacher.goto(`/runs/${id}`);
  await teacher.getByTestId("replay-run").click();
  await expect(teacher.getByTestId("replay-of")).toBeVisible({ timeout: 30_000 });
  expect(teacher.url()).not.toContain(id);
  await expect(teacher.getByText(`seed ${seed}`)).toBeVisible();
  await teacher.screenshot({ path: "test-results/run-replay.png", fullPage: true });
  await context.close();
  await admin.dispose();
});
