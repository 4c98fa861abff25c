/**
 * Every response carries the security headers, and the CSP allows everything the pages
 * really use: a chapter with mermaid, D2, KaTeX and shiki code, and a lab that runs (live
 * SSE stream, uPlot chart, CodeMirror editor) report no CSP violation and no console error.
 */
import { expect, test, type Page } from "@playwright/test";
import { fakeIp, signUp, signUpInPage } from "./support/accounts";
import { runTokenBucketConfigure } from "./support/token-bucket-form";

async function watchProblems(page: Page): Promise<string[]> {
  const problems: string[] = [];
  page.on("console", (msg) => {
    // The site has no favicon yet; the browser's automatic request for it is not a page problem.
    if (msg.type() === "error" && !msg.location().url.endsWith("/favicon.ico")) problems.push(`console: ${msg.text()} (${msg.location().url})`);
  });
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`response ${r.status()}: ${r.url()}`);
  });
  // Violations are also reported as events in the page; collect them before any script runs
  // (awaited: a page opened before the script is registered would miss them).
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  return problems;
}

test("every response has a CSP, frame-ancestors 'none', nosniff and a referrer policy", async ({ request }) => {
  for (const path of ["/", "/chapters/core-concepts", "/api/health", "/sign-in"]) {
    const response = await request.get(path);
    const headers = response.headers();
    const csp = headers["content-security-policy"] ?? "";
    expect(csp, path).toContain("frame-ancestors 'none'");
    expect(csp, path).toContain("default-src 'self'");
    expect(csp, path).toContain("object-src 'none'");
    expect(csp, path).not.toContain("unsafe-eval");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
  }
});

test("a chapter with mermaid, D2, math and code renders with no CSP violation", async ({ page }) => {
  const problems = await watchProblems(page);
  await page.goto("/chapters/core-concepts");
  await expect(page.locator("figure.d2-diagram svg").first()).toBeAttached();
  await expect(page.locator(".katex").first()).toBeAttached();
  await expect(page.locator(".code-block pre").first()).toBeAttached();
  const diagram = page.locator(".mermaid-figure").first();
  await diagram.scrollIntoViewIfNeeded();
  await expect(diagram.locator(".mermaid-svg svg")).toBeVisible({ timeout: 45_000 });
  await expect(diagram).toHaveAttribute("data-state", "rendered");
  expect(problems).toEqual([]);
});

test("a lab runs from its chapter (stream, chart, editor) with no CSP violation", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  const problems = await watchProblems(page);
  await signUpInPage(page, baseURL!, "csp");
  await page.goto("/chapters/resilient-apis");
  const runner = await runTokenBucketConfigure(page);
  await expect(runner.locator(".lab-chart canvas").first()).toBeVisible({ timeout: 120_000 });
  await expect(runner.getByTestId("lab-grade")).toBeVisible({ timeout: 120_000 });
  // The implement task's code editor (CodeMirror injects its own style elements).
  await runner.getByRole("tab", { name: /Write allow\(\)/ }).click();
  await expect(runner.locator(".cm-editor").first()).toBeVisible({ timeout: 30_000 });
  expect(problems).toEqual([]);
});

test("oversized request bodies are refused with 413 on auth, runs and JSON routes", async ({ request, baseURL }) => {
  const big = JSON.stringify({ email: "x@test.faultline.local", password: "p".repeat(300 * 1024), name: "Big", answer: "a".repeat(300 * 1024) });
  const anonymous = await request.post("/api/auth/sign-up/email", { data: big, headers: { "content-type": "application/json", "x-forwarded-for": fakeIp(), origin: baseURL! } });
  expect(anonymous.status()).toBe(413);
  expect(await anonymous.text()).toMatch(/larger than 256 KB/);
  // Signed in, so the routes get past the session check to the body.
  const { api } = await signUp(baseURL!, "big-body");
  for (const path of ["/api/cohorts/join", "/api/runs"]) {
    const response = await api.post(path, { data: big, headers: { "content-type": "application/json" } });
    expect(response.status(), path).toBe(413);
    expect(await response.text(), path).toMatch(/larger than/);
  }
  await api.dispose();
});

test("the CSP is enforced and its violations are seen (the checks above can fail)", async ({ page }) => {
  const problems = await watchProblems(page);
  await page.goto("/");
  // An image from another origin: refused by img-src, reported as a violation.
  await page.evaluate(() => {
    const img = new Image();
    img.src = "https://other-origin.invalid/pixel.png";
    document.body.append(img);
  });
  await expect.poll(() => problems.join("\n")).toMatch(/CSP violation: img-src blocked https:\/\/other-origin\.invalid/);
});
