/**
 * WCAG 2 A/AA with axe-core (issue 14): the pages a reader sees most, in both themes, must have
 * no serious or critical violation. Minor and moderate ones are printed but do not fail.
 */
import { writeFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

const INTRO = "/chapters/core-concepts"; // task list, footnotes, code, mermaid, D2, math, a lab
const PAGES: { path: string; settle: (page: Page) => Promise<void> }[] = [
  { path: "/", settle: waitForHydration },
  { path: INTRO, settle: settleChapter },
  { path: "/chapters/consistency-models", settle: settleChapter },
  { path: `${INTRO}/present`, settle: settlePresent },
  { path: "/sign-in", settle: settleSignIn },
];
const BLOCKING = new Set(["serious", "critical"]);

// Chapter pages render on their first request (compile + authoring check): do it once up front.
test.beforeAll(async ({ request }) => {
  test.setTimeout(300_000);
  for (const { path } of PAGES) expect((await request.get(path, { timeout: 240_000 })).status()).toBe(200);
});

/** The search launcher gets its shortcut once the header has hydrated. */
async function waitForHydration(page: Page): Promise<void> {
  await expect(page.locator(".search-launcher")).toHaveAttribute("aria-keyshortcuts", /Control\+K/);
}

/** Mermaid draws only once scrolled into view: bring each diagram in and wait for it. */
async function settleChapter(page: Page): Promise<void> {
  await waitForHydration(page);
  const diagrams = page.locator(".mermaid-figure");
  for (let i = 0; i < (await diagrams.count()); i++) {
    await diagrams.nth(i).scrollIntoViewIfNeeded();
    await expect(diagrams.nth(i)).not.toHaveAttribute("data-state", "pending", { timeout: 45_000 });
  }
  await page.evaluate(() => window.scrollTo(0, 0));
}

async function settleSignIn(page: Page): Promise<void> {
  await waitForHydration(page);
  await expect(page.locator(".account-form button[type=submit]")).toBeVisible();
}

async function settlePresent(page: Page): Promise<void> {
  await expect(page.locator(".present")).toHaveAttribute("data-ready", "true");
}

type Violation = Awaited<ReturnType<AxeBuilder["analyze"]>>["violations"][number];

/** One paragraph per violation: what rule, how bad, and where, so a reader knows what to fix. */
function describe(violations: Violation[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes.slice(0, 4).map((n) => `    ${n.target.join(" ")}\n      ${(n.failureSummary ?? "").replace(/\n/g, "\n      ")}`);
      const more = v.nodes.length > 4 ? `\n    … and ${v.nodes.length - 4} more` : "";
      return `${v.id} (${v.impact}, ${v.nodes.length} nodes): ${v.help}\n${nodes.join("\n")}${more}`;
    })
    .join("\n\n");
}

for (const theme of ["light", "dark"] as const) {
  test.describe(`${theme} theme`, () => {
    // No stored choice: the site follows the system scheme, which this emulates.
    test.use({ colorScheme: theme });

    for (const { path, settle } of PAGES) {
      test(`${path} has no serious or critical WCAG 2 AA violation`, async ({ page }) => {
        test.setTimeout(120_000);
        await page.goto(path);
        await expect(page.locator("html")).toHaveClass(new RegExp(`\\b${theme}\\b`));
        await settle(page);
        const { violations } = await new AxeBuilder({ page })
          .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
          .analyze();
        const blocking = violations.filter((v) => BLOCKING.has(v.impact ?? ""));
        const minor = violations.filter((v) => !BLOCKING.has(v.impact ?? ""));
        if (minor.length > 0) console.log(`${theme} ${path}: minor/moderate\n${describe(minor)}`);
        // Every node of every violation, for when the first few printed below are not enough.
        if (violations.length > 0) writeFileSync(test.info().outputPath("axe-violations.json"), JSON.stringify(violations, null, 2));
        // Compared as text so a failure reads as the list of what to fix, not a dump of axe objects.
        expect(describe(blocking), `${theme} ${path}: serious or critical violations`).toBe("");
      });
    }
  });
}
