/** Task statements render as chapters do: lists, emphasis, code; raw HTML is shown, not run. */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { JSDOM } from "jsdom";
import { describe, expect, it } from "vitest";
import { Statement } from "@/components/labs/Statement";
import { statementToHast } from "@/lib/catalogue/statement-tree";

async function render(markdown: string): Promise<string> {
  return renderToStaticMarkup(createElement(Statement, { tree: await statementToHast(markdown) }));
}

describe("task statements", () => {
  it("renders list items, emphasis, strong, inline code and links", async () => {
    const html = await render("Two rules:\n\n- reads go to *R* replicas\n- writes to **W**, see `put(k, v)`\n\nRead [the chapter](/chapters/quorums).");
    expect(html).toContain("<ul>");
    expect(html.match(/<li>/g)).toHaveLength(2);
    expect(html).toContain("<em>R</em>");
    expect(html).toContain("<strong>W</strong>");
    expect(html).toContain("<code>put(k, v)</code>");
    expect(html).toContain('<a href="/chapters/quorums">the chapter</a>');
    expect(html).not.toContain("*R*");
    expect(html).toContain("<p>Two rules:</p>");
  });

  it("renders fenced code as <pre><code> whose text pastes exactly, with a copy button", async () => {
    const example = '{\n  "w": 3,\n  "r": 3\n}';
    const html = await render(`Answer like:\n\n\`\`\`json\n${example}\n\`\`\``);
    expect(html).toMatch(/<pre[^>]*class="shiki[^"]*"[^>]*><code>/);
    expect(html).toContain('data-language="json"');
    expect(html).toContain("Copy");
    const code = new JSDOM(html).window.document.querySelector("pre code")!;
    expect(code.textContent).toBe(example);
  });

  it("shows raw HTML as text and drops unsafe links", async () => {
    const html = await render('Hi <script>alert(1)</script> <img src=x onerror="alert(1)">\n\n[x](javascript:alert(1))');
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("javascript:");
    expect(html).toContain("<a>x</a>");
  });

  it("starts headings under the lab's own heading", async () => {
    expect(await render("# Goal\n\n## Budget")).toMatch(/<h4>Goal<\/h4>\s*<h5>Budget<\/h5>/);
  });
});
