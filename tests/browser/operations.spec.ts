/**
 * /admin/operations on the real server and its one worker: an admin sees the queue, the live
 * worker (with the run it is executing while it runs) and the numbers refresh; students,
 * instructors and anonymous visitors are refused, page and API. /metrics is served next to it
 * and wants the bearer token the test server is started with.
 */
import { expect, test } from "@playwright/test";
import { apiContext, DEMO_ADMIN, fakeIp, promote, signIn, signUp } from "./support/accounts";

test("an admin sees the queue, the worker and what it runs, refreshed live", async ({ page, baseURL }) => {
  const signedIn = await page.request.post("/api/auth/sign-in/email", {
    data: DEMO_ADMIN,
    headers: { "x-forwarded-for": fakeIp(), origin: baseURL! },
  });
  expect(signedIn.status(), await signedIn.text()).toBe(200);
  await page.goto("/admin/operations");
  await expect(page.getByRole("heading", { name: "Operations", level: 1 })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Operations" })).toBeVisible();
  const workerRows = page.getByTestId("ops-workers-table").locator("tbody tr");
  await expect(workerRows).not.toHaveCount(0);
  expect(Number(await page.getByTestId("ops-workers").textContent())).toBeGreaterThanOrEqual(1);

  // The page polls: its snapshot time moves on without a reload.
  const first = await page.getByTestId("operations").getAttribute("data-updated-at");
  await expect(page.getByTestId("operations")).not.toHaveAttribute("data-updated-at", first!, { timeout: 10_000 });

  // A run started now shows up against the worker running it, then ends and counts. It must
  // outlast several of the page's 1 s polls: two token-bucket runs (~0.5 s each) once finished
  // between two polls. A quorum run starts five replica processes and takes ~10 s.
  const student = await signUp(baseURL!, "opsstudent");
  // Recorded, not polled live: every run link the workers table renders, judged afterwards.
  await page.evaluate(() => {
    const seen: string[] = ((window as unknown as { __opsSeen: string[] }).__opsSeen = []);
    const table = document.querySelector("[data-testid=ops-workers-table]")!;
    new MutationObserver(() => {
      for (const a of table.querySelectorAll("a[href^='/runs/']")) seen.push(a.getAttribute("href")!);
    }).observe(table, { subtree: true, childList: true, characterData: true });
  });
  const submitted = await student.api.post("/api/runs", { data: { labId: "quorum", taskId: "configure-wr", answer: { w: 3, r: 3 } } });
  expect(submitted.status(), await submitted.text()).toBe(201);
  const ids = [((await submitted.json()) as { id: string }).id];
  for (const id of ids) {
    // Any end will do (a busy machine may make it "overloaded"): this page is about the worker.
    await expect
      .poll(async () => ((await (await student.api.get(`/api/runs/${id}`)).json()) as { status: string }).status, { timeout: 90_000 })
      .toMatch(/^(passed|failed|error)$/);
  }
  await expect(page.getByTestId("ops-rpm-chart")).not.toHaveAttribute("data-total", "0", { timeout: 10_000 });
  const seen = await page.evaluate(() => (window as unknown as { __opsSeen: string[] }).__opsSeen);
  expect(
    ids.filter((id) => seen.includes(`/runs/${id}`)),
    "a run was shown against its worker while it ran",
  ).not.toEqual([]);
});

test("everyone but admins is refused, page and API", async ({ baseURL }) => {
  const anon = await apiContext(baseURL!);
  expect((await anon.get("/api/admin/operations")).status()).toBe(401);
  const redirect = await anon.get("/admin/operations", { maxRedirects: 0 });
  expect(redirect.status()).toBe(307);
  expect(redirect.headers().location).toContain("/sign-in?next=%2Fadmin%2Foperations");

  const admin = await signIn(baseURL!, DEMO_ADMIN.email, DEMO_ADMIN.password);
  const student = await signUp(baseURL!, "opsrefused");
  const instructor = await signUp(baseURL!, "opsteacher");
  await promote(admin, instructor.email, "instructor");
  for (const who of [student, instructor]) {
    const api = await who.api.get("/api/admin/operations");
    expect(api.status()).toBe(403);
    expect(((await api.json()) as { error: string }).error).toMatch(/Only admins/);
    const page = await who.api.get("/admin/operations");
    expect(page.status()).toBe(404);
    expect(await page.text()).not.toContain("ops-workers-table");
  }
  expect((await admin.get("/api/admin/operations")).status()).toBe(200);
});

test("/metrics is served with the worker's series and wants its bearer token", async ({ baseURL }) => {
  const anon = await apiContext(baseURL!);
  const refused = await anon.get("/metrics");
  expect(refused.status()).toBe(401);
  const scraped = await anon.get("/metrics", { headers: { authorization: `Bearer ${process.env.FAULTLINE_METRICS_TOKEN}` } });
  expect(scraped.status()).toBe(200);
  const text = await scraped.text();
  expect(text).toMatch(/^faultline_workers_live [1-9]/m);
  expect(text).toMatch(/^faultline_process_cpu_user_seconds_total\{role="worker",instance="[^"]+"\} /m);
  expect(text).toMatch(/^faultline_process_cpu_user_seconds_total\{role="web",instance="[^"]+"\} /m);
});
