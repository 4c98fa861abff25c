/**
 * The reading experience on the real course (content/) plus the fixture chapter from
 * tests/fixtures/content/extra (served because FAULTLINE_EXTRA_CONTENT_DIR points there).
 */
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { expect, test, type Page, type Request } from "@playwright/test";

const INTRO = "/chapters/core-concepts"; // mermaid, D2, math, task list, code, admonitions
const CONSISTENCY = "/chapters/consistency-models"; // vector clocks
const DEEP_HEADINGS = "/chapters/fixture-deep-headings"; // seven levels, like the source outline

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

// Chapter pages render on their first request (compile + authoring check), then come from
// the cache: render them once up front so no test pays that on a loaded machine.
test.beforeAll(async ({ request }) => {
  test.setTimeout(300_000);
  for (const url of [INTRO, CONSISTENCY, "/chapters/fixture-footnotes", `${INTRO}/present`]) {
    expect((await request.get(url, { timeout: 240_000 })).status()).toBe(200);
  }
});

/** The search shortcuts work only once the page has hydrated; the launcher says when. */
async function waitForSearchShortcuts(page: Page): Promise<void> {
  await expect(page.locator(".search-launcher")).toHaveAttribute("aria-keyshortcuts", /Control\+K/);
}

async function clipboard(page: Page): Promise<string> {
  return page.evaluate(() => navigator.clipboard.readText());
}

test("first-load JS of a chapter stays under 150 KB gzipped, and mermaid is not part of it", async ({ page }) => {
  // Everything the visit fetches until the network is idle counts (prefetched routes too).
  // Collect finished requests only and stop listening before reading bodies, so no body is
  // read after the test has ended.
  const finished: Request[] = [];
  const onFinished = (request: Request) => {
    if (request.resourceType() === "script") finished.push(request);
  };
  page.on("requestfinished", onFinished);
  await page.goto(INTRO, { waitUntil: "networkidle" });
  page.off("requestfinished", onFinished);
  const scripts = new Map<string, Buffer>();
  for (const request of finished) {
    const response = await request.response();
    if (response) scripts.set(request.url(), await response.body());
  }
  const gzipped = [...scripts.values()].reduce((sum, body) => sum + gzipSync(body).length, 0);
  expect(gzipped, [...scripts.keys()].join("\n")).toBeLessThan(150 * 1024);
  // The diagram below the fold has not been drawn, so mermaid has not been fetched.
  await expect(page.locator(".mermaid-figure").first()).toHaveAttribute("data-state", "pending");
  expect([...scripts.values()].some((body) => body.includes("sequenceDiagram"))).toBe(false);
});

test("mermaid renders to SVG lazily once scrolled into view; D2 and KaTeX are in the page", async ({ page }) => {
  await page.goto(INTRO);
  await expect(page.locator("figure.d2-diagram svg").first()).toBeAttached();
  await expect(page.locator(".katex").first()).toBeAttached();
  await expect(page.locator(".katex .katex-mathml math").first()).toBeAttached(); // accessible MathML too
  const diagram = page.locator(".mermaid-figure").first();
  await diagram.scrollIntoViewIfNeeded();
  await expect(diagram.locator(".mermaid-svg svg")).toBeVisible({ timeout: 45_000 });
  await expect(diagram).toHaveAttribute("data-state", "rendered");
});

test("task lists render as checkboxes; admonitions and tables are styled", async ({ page }) => {
  await page.goto(INTRO);
  const boxes = page.locator(".task-list-item input[type=checkbox]");
  expect(await boxes.count()).toBeGreaterThan(0);
  await expect(page.locator("aside.admonition[role=note] .admonition-title").first()).toBeVisible();
});

test("the fixture chapter shows a visible marker for a missing footnote", async ({ page }) => {
  await page.goto("/chapters/fixture-footnotes");
  const marker = page.locator(".footnote-missing").first();
  await expect(marker).toBeVisible();
  await expect(marker).toContainText("[missing footnote:");
  await expect(page.locator(".prose")).not.toContainText("[^");
  // Styled as a warning, not plain text.
  const border = await marker.evaluate((el) => getComputedStyle(el).borderTopStyle);
  expect(border).toBe("dashed");
});

test("headings at every depth have ids and anchors; level 7 is an h6 with aria-level", async ({ page }) => {
  await page.goto(DEEP_HEADINGS);
  const deep = page.locator('.prose h6[aria-level="7"]').first();
  await expect(deep).toHaveAttribute("id", /.+/);
  const id = await deep.getAttribute("id");
  await expect(deep.locator(`a.heading-anchor[href="#${id}"]`)).toBeAttached();
  await expect(page.locator(`.toc a[href="#${id}"]`)).toBeAttached();
});

test("copy button puts the code on the clipboard", async ({ page }) => {
  await page.goto(INTRO);
  const block = page.locator(".code-block").first();
  await block.scrollIntoViewIfNeeded();
  await block.locator(".code-copy").click();
  await expect(block.locator(".code-copy")).toContainText("Copied");
  const expected = (await block.locator("pre").textContent())!.replace(/\n$/, "");
  expect(await clipboard(page)).toBe(expected);
  expect(expected.length).toBeGreaterThan(20);
});

test("copy link puts the section's URL on the clipboard", async ({ page, baseURL }) => {
  await page.goto(INTRO);
  const heading = page.locator(".prose h2.heading").first();
  const id = await heading.getAttribute("id");
  await heading.hover();
  await heading.locator(".heading-copy").click();
  await expect(heading.locator(".heading-copy")).toContainText("Link copied");
  expect(await clipboard(page)).toBe(`${baseURL}${INTRO}#${id}`);
});

test("the table of contents highlights the section in view after scrolling", async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(CONSISTENCY);
  const headings = page.locator(".prose .heading");
  const target = headings.nth(Math.floor((await headings.count()) / 2));
  const id = await target.getAttribute("id");
  await target.evaluate((el) => el.scrollIntoView({ block: "start" }));
  await expect(page.locator('.toc a[aria-current="location"]')).toHaveAttribute("href", `#${id}`);
  await expect(page.locator('.toc a[aria-current="location"]')).toHaveCount(1);
});

test("present mode moves forward and back with the keyboard and Esc returns to the section", async ({ page }) => {
  await page.goto(`${INTRO}/present`);
  await expect(page.locator(".present")).toHaveAttribute("data-ready", "true");
  const counter = page.getByTestId("slide-count");
  await expect(counter).toHaveText(/^1 \/ \d+$/);
  await page.keyboard.press("ArrowRight");
  await expect(counter).toHaveText(/^2 \/ \d+$/);
  await expect(page).toHaveURL(/slide=2/);
  await page.keyboard.press("Space");
  await expect(counter).toHaveText(/^3 \/ \d+$/);
  await page.keyboard.press("ArrowLeft");
  await expect(counter).toHaveText(/^2 \/ \d+$/);
  await page.keyboard.press("PageDown");
  await expect(counter).toHaveText(/^3 \/ \d+$/);
  // Only the current slide's section is shown.
  const visibleHeadings = page.locator(".present-content .heading:visible");
  expect(await visibleHeadings.count()).toBeGreaterThan(0);
  const id = await visibleHeadings.first().getAttribute("id");
  await page.keyboard.press("Escape");
  await expect(page).toHaveURL(new RegExp(`${INTRO}#${id}$`));
});

test("present mode opens at the slide in the URL with diagrams and math intact", async ({ page }) => {
  await page.goto(`${INTRO}/present?slide=1`);
  await expect(page.locator(".present")).toHaveAttribute("data-ready", "true");
  const counter = page.getByTestId("slide-count");
  const total = Number((await counter.textContent())!.split("/")[1]);
  // Step to the first slide with a diagram, waiting for each step to land before looking.
  const figures = page.locator(".present-content .mermaid-figure:visible");
  for (let slide = 1; slide < total && (await figures.count()) === 0; slide++) {
    await page.keyboard.press("ArrowRight");
    await expect(counter).toHaveText(`${slide + 1} / ${total}`);
  }
  const figure = figures.first();
  await expect(figure, "no slide of the chapter shows a mermaid diagram").toBeVisible();
  await figure.scrollIntoViewIfNeeded(); // a tall slide scrolls inside the stage
  await expect(figure.locator(".mermaid-svg svg")).toBeVisible({ timeout: 45_000 });
  await page.goto(`${INTRO}/present?slide=${total}`);
  await expect(page.locator(".present")).toHaveAttribute("data-ready", "true");
  await expect(counter).toHaveText(`${total} / ${total}`);
});

test("search finds \"vector clocks\" and jumps to the heading", async ({ page }) => {
  await page.goto(INTRO);
  await waitForSearchShortcuts(page);
  await page.locator("body").press("/");
  const input = page.getByRole("combobox", { name: "Search chapters" });
  await expect(input).toBeFocused();
  await input.fill("vector clocks");
  const first = page.getByRole("option").first();
  await expect(first).toContainText(/vector clocks/i);
  await expect(first).toHaveAttribute("aria-selected", "true");
  await input.press("Enter");
  await expect(page).toHaveURL(new RegExp(`${CONSISTENCY}#vector-clocks$`));
  await expect(page.locator("#vector-clocks")).toBeInViewport();
});

test("Ctrl-K opens search and arrow keys move through results", async ({ page }) => {
  await page.goto(INTRO);
  await waitForSearchShortcuts(page);
  await page.keyboard.press("Control+k");
  const input = page.getByRole("combobox", { name: "Search chapters" });
  await expect(input).toBeFocused();
  await input.fill("quorum");
  await expect(page.getByRole("option").nth(1)).toBeVisible();
  await input.press("ArrowDown");
  await expect(page.getByRole("option").nth(1)).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Escape");
  await expect(input).toBeHidden();
});

test("dark mode is switchable and persists across reloads without a flash", async ({ page }) => {
  await page.goto(INTRO);
  await page.getByRole("button", { name: "Dark theme" }).click();
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  await page.reload();
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  await expect(page.getByRole("button", { name: "Dark theme" })).toHaveAttribute("aria-pressed", "true");
  // The class is set by the inline head script, before any React code runs.
  const html = await (await page.request.get(INTRO)).text();
  expect(html.indexOf("faultline-theme")).toBeLessThan(html.indexOf("<body"));
  await page.getByRole("button", { name: "Light theme" }).click();
  await page.reload();
  await expect(page.locator("html")).not.toHaveClass(/\bdark\b/);
});

test("dark mode follows the system when no choice was made", async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: "dark" });
  const page = await context.newPage();
  await page.goto(INTRO);
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  await context.close();
});

test("the .md route returns the chapter source as text/markdown, and Copy page as Markdown copies it", async ({ page }) => {
  const response = await page.request.get(`${INTRO}.md`);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("text/markdown");
  const source = readFileSync("content/00-core-concepts.mdx", "utf8");
  expect(await response.text()).toBe(source);
  await page.goto(INTRO);
  await page.getByRole("button", { name: "Copy page as Markdown" }).click();
  await expect(page.getByText("Markdown copied")).toBeVisible();
  expect(await clipboard(page)).toBe(source);
});

test("previous/next links and the progress marker", async ({ page }) => {
  await page.goto(CONSISTENCY);
  await expect(page.locator('a[rel="prev"]')).toHaveAttribute("href", INTRO);
  await expect(page.locator('a[rel="next"]')).toHaveAttribute("href", /\/chapters\/.+/);
  await page.locator(".chapter-tools .progress-control").click();
  await expect(page.locator(".chapter-tools .progress-control")).toHaveAttribute("aria-pressed", "true");
  await page.reload();
  await expect(page.locator(".chapter-tools .progress-control")).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator(`.chapter-nav a[href="${CONSISTENCY}"] .progress-badge`)).toHaveAttribute("aria-label", "Completed");
});

test("on a narrow screen the chapter list folds behind a button", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto(INTRO);
  // A native disclosure: it works the moment it is painted, hydrated or not.
  const toggle = page.locator(".chapter-nav summary", { hasText: "Chapters" });
  await expect(toggle).toBeVisible();
  await expect(page.locator(".chapter-nav ol")).toBeHidden();
  await toggle.click();
  await expect(page.locator(".chapter-nav details")).toHaveAttribute("open", "");
  await expect(page.locator(".chapter-nav ol")).toBeVisible();
  await expect(page.locator(".chapter-toc")).toBeHidden();
});

test("every mermaid diagram type renders, state diagrams included", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto("/chapters/fixture-diagrams");
  const figures = page.locator(".prose .mermaid-figure");
  const count = await figures.count();
  expect(count).toBeGreaterThanOrEqual(20);
  const failed: string[] = [];
  for (let i = 0; i < count; i++) {
    const figure = figures.nth(i);
    await figure.scrollIntoViewIfNeeded(); // diagrams render when they near the viewport
    await expect(figure).not.toHaveAttribute("data-state", "pending", { timeout: 30_000 });
    if ((await figure.getAttribute("data-state")) !== "rendered") {
      const heading = await page.locator(".prose h2").nth(i).textContent();
      failed.push(`${heading}: ${await figure.locator(".mermaid-error").textContent()}`);
    }
  }
  expect(failed).toEqual([]);
});

test("the linearizability example is drawn by the labs' history timeline, each bar labelled", async ({ page }) => {
  await page.goto(CONSISTENCY);
  const timeline = page.getByTestId("chapter-timeline").first();
  await expect(timeline.getByTestId("lab-history")).toHaveAttribute("data-count", "3");
  await expect(timeline.locator(".lab-op")).toHaveCount(3);
  await expect(timeline.locator(".lab-history-op-label")).toHaveText(["write 1", "read → 0", "read → 1"]);
  await timeline.scrollIntoViewIfNeeded();
  await timeline.screenshot({ path: "test-results/chapter-timeline.png" });
});

test("D2 diagrams switch to their dark palette with the theme, and fill their box", async ({ page }) => {
  await page.goto(INTRO);
  const figure = page.locator("figure.d2-diagram").first();
  await figure.scrollIntoViewIfNeeded();
  // One SVG per diagram: both palettes live in its style, the theme class picks one.
  await expect(figure.locator(":scope > svg")).toHaveCount(1);
  await expect(figure.locator(":scope > svg")).toBeVisible();
  // Legible: the drawing takes most of its box's width, not a small island in padding.
  const box = (await figure.boundingBox())!;
  const svg = (await figure.locator(":scope > svg").boundingBox())!;
  expect(svg.width / box.width).toBeGreaterThan(0.8);
  const background = figure.locator("svg.d2-svg > rect").first();
  const fill = () => background.evaluate((el) => getComputedStyle(el).fill);
  await page.getByRole("button", { name: "Light theme" }).click();
  const light = await fill();
  await page.getByRole("button", { name: "Dark theme" }).click();
  await expect.poll(fill).not.toBe(light);
  await figure.screenshot({ path: "test-results/d2-dark.png" });
});
