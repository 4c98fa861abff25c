/**
 * A prerendered page rewritten to ASCII means the same page: the same DOM (text, attributes,
 * titles), the same RSC payload once its scripts run, the same CSS — and the bytes of a page
 * that was ASCII already are untouched.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runInNewContext } from "node:vm";
import { JSDOM } from "jsdom";
import { afterAll, describe, expect, it } from "vitest";
import { asciiPrerenderedPages } from "@/scripts/setup/ascii-pages";
import { isAscii, toAsciiHtml } from "@/scripts/setup/ascii-html";

// What a chapter page holds: prose with arrows and "≤", KaTeX's MathML, a no-break space, an
// astral character, a title, attributes, a style rule, Next's payload pushes (one with a
// "<script>" inside its string) and a closing tag in capitals.
const PAGE = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Quorums — R + W &gt; N</title>
<style>.note::before{content:"→ ";}</style></head><body>
<p title="read → write">If R + W ≤ N, a read can miss the write…&nbsp;see ↩ 𝔽 and "ç"</p>
<math><mi>x</mi><mo>∈</mo><mi>S</mi><mo>∣</mo><mi>x</mi><mo>≥</mo><mn>2</mn></math>
<pre><code>let a = b → c; // “quoted”</code></pre>
<script>self.__next_f=self.__next_f||[];self.__next_f.push([1,"1:[\\"$\\",\\"p\\",null,{\\"children\\":\\"R + W ≤ N → 𝔽 …\\"}]\\n"])</script>
<script>self.__next_f.push([1,"2:\\"<script>→</scr\\" + \\"ipt>\\"\\n"])</SCRIPT>
</body></html>`;

function payloadOf(html: string): unknown[] {
  const self = { __next_f: [] as unknown[] };
  for (const script of new JSDOM(html).window.document.querySelectorAll("script")) runInNewContext(script.textContent ?? "", { self });
  return self.__next_f;
}

/** The document without its scripts and styles' source (compared by running and parsing them). */
function documentOf(html: string) {
  const { document } = new JSDOM(html).window;
  for (const script of document.querySelectorAll("script")) script.remove();
  return document;
}

function withoutStyles(document: Document): Node {
  const copy = document.documentElement.cloneNode(true) as Element;
  for (const style of copy.querySelectorAll("style")) style.remove();
  return copy;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("toAsciiHtml", () => {
  const ascii = toAsciiHtml(PAGE);

  it("leaves no character outside ASCII", () => {
    expect(isAscii(PAGE)).toBe(false);
    expect(isAscii(ascii)).toBe(true);
  });

  it("gives the same document: text, attributes, title, MathML; CSS escaped as CSS", () => {
    const before = documentOf(PAGE);
    const after = documentOf(ascii);
    expect(after.title).toBe("Quorums — R + W > N");
    expect(after.querySelector("p")!.getAttribute("title")).toBe("read → write");
    expect(after.body.textContent).toBe(before.body.textContent);
    expect(withoutStyles(after).isEqualNode(withoutStyles(before))).toBe(true);
    // CSS spells a character as a backslash, its code point in hex and one space that ends the
    // escape (CSS Syntax 4.3.7): "→ " is "\2192" + " " + " ". jsdom does not decode CSS escapes.
    expect(after.querySelector("style")!.textContent).toBe('.note::before{content:"\\2192  ";}');
  });

  it("gives the same RSC payload once the scripts run, a '<script>' inside a string included", () => {
    const payload = payloadOf(ascii);
    expect(payload).toEqual(payloadOf(PAGE));
    expect(JSON.stringify(payload)).toContain("R + W ≤ N → 𝔽 …");
  });

  it("returns an ASCII page as it was", () => {
    const page = "<html><body><p>plain &amp; simple</p><script>var a = '\\u2192';</script></body></html>";
    expect(toAsciiHtml(page)).toBe(page);
  });
});

describe("asciiPrerenderedPages", () => {
  it("rewrites every prerendered page under server/app that needs it, and only those", () => {
    const dist = mkdtempSync(join(tmpdir(), "faultline-ascii-"));
    dirs.push(dist);
    mkdirSync(join(dist, "server", "app", "chapters"), { recursive: true });
    writeFileSync(join(dist, "server", "app", "chapters", "quorum.html"), PAGE);
    writeFileSync(join(dist, "server", "app", "index.html"), "<p>ascii</p>");
    writeFileSync(join(dist, "server", "app", "chapters", "quorum.rsc"), "1:→");
    expect(asciiPrerenderedPages(dist)).toBe(1);
    expect(readFileSync(join(dist, "server", "app", "chapters", "quorum.html"), "utf8")).toBe(toAsciiHtml(PAGE));
    expect(readFileSync(join(dist, "server", "app", "chapters", "quorum.rsc"), "utf8")).toBe("1:→");
    expect(asciiPrerenderedPages(dist)).toBe(0); // a second pass finds nothing to do
  });
});
