/** Task-list checkboxes get an accessible name from their own item (WCAG 4.1.2). */
import { describe, expect, it } from "vitest";
import { compileMdx } from "@/lib/content/compile";
import { renderChapterCode } from "./render";

async function render(source: string): Promise<string> {
  return renderChapterCode(await compileMdx(source, process.cwd()));
}

function labels(html: string): string[] {
  return [...html.matchAll(/<input type="checkbox"[^>]*aria-label="([^"]*)"/g)].map((m) => m[1]!);
}

describe("task-list labels", () => {
  it("names each checkbox after its item's text, formatting and links flattened", async () => {
    const html = await render("# T\n\n- [x] Read **the** [section](#t)\n- [ ] Run `npm test`\n");
    expect(labels(html)).toEqual(["Read the section", "Run npm test"]);
  });

  it("leaves a nested list's items out of their parent's name", async () => {
    const html = await render("# T\n\n- [ ] Parent\n  - [ ] Child one\n  - [x] Child two\n");
    expect(labels(html)).toEqual(["Parent", "Child one", "Child two"]);
  });

  it("finds the checkbox inside the paragraph of a loose list", async () => {
    const html = await render("# T\n\n- [ ] First\n\n- [x] Second\n");
    expect(labels(html)).toEqual(["First", "Second"]);
    expect(html).not.toMatch(/<input type="checkbox"(?![^>]*aria-label)[^>]*>/);
  });

  it("leaves ordinary lists alone", async () => {
    const html = await render("# T\n\n- one\n- two\n");
    expect(html).not.toContain("aria-label");
  });
});
