import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { InlineCode } from "@/components/labs/InlineCode";

const html = (text: string) => renderToStaticMarkup(createElement(InlineCode, { text }));

describe("grade text", () => {
  it("shows backticked names as code and nothing else as markup", () => {
    expect(html("A full bucket lets through `capacity` requests")).toBe("A full bucket lets through <code>capacity</code> requests");
    expect(html("returned <b>x</b> and *y*")).toBe("returned &lt;b&gt;x&lt;/b&gt; and *y*");
    expect(html("a lone ` stays")).toBe("a lone ` stays");
  });
});
