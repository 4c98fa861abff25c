/**
 * What a chapter page weighs, for bench:content-http: its HTML raw and gzipped, the bytes of
 * its D2 figures, code blocks, KaTeX and inline RSC payload, and its first-load JS.
 */
import { gzipSync } from "node:zlib";

export interface PageWeight {
  slug: string;
  raw: number;
  gzipped: number;
  d2: number;
  code: number;
  katex: number;
  formulas: number;
  payload: number;
  prerendered: string;
}

/** Bytes of every element that starts with `open` (a `<tag …` prefix), nested same-name tags included. */
function elementBytes(html: string, open: string): { count: number; bytes: number } {
  const tag = /^<([a-z0-9]+)/.exec(open)![1]!;
  const edge = new RegExp(`<(/?)${tag}[\\s>]`, "g");
  let count = 0;
  let bytes = 0;
  for (let at = html.indexOf(open); at !== -1; at = html.indexOf(open, at)) {
    edge.lastIndex = at;
    let depth = 0;
    let end = html.length;
    for (let m = edge.exec(html); m; m = edge.exec(html)) {
      depth += m[1] ? -1 : 1;
      if (depth === 0) {
        end = html.indexOf(">", m.index) + 1;
        break;
      }
    }
    count++;
    bytes += Buffer.byteLength(html.slice(at, end));
    at = end;
  }
  return { count, bytes };
}

/** The inline RSC payload: every `self.__next_f.push(…)` script; it repeats the markup's tree as JSON. */
export function payloadBytes(html: string): number {
  return [...html.matchAll(/<script>self\.__next_f\.push\([\s\S]*?<\/script>/g)].reduce((n, m) => n + Buffer.byteLength(m[0]), 0);
}

export function weigh(slug: string, html: string, cacheHeader: string | null): PageWeight {
  const katex = elementBytes(html, '<span class="katex">');
  return {
    slug,
    raw: Buffer.byteLength(html),
    gzipped: gzipSync(html).length,
    d2: elementBytes(html, '<figure class="d2-diagram').bytes,
    code: elementBytes(html, "<pre ").bytes,
    katex: katex.bytes,
    formulas: katex.count,
    payload: payloadBytes(html),
    prerendered: cacheHeader ?? "none",
  };
}

export async function pageWeights(baseUrl: string, slugs: string[]): Promise<PageWeight[]> {
  const weights: PageWeight[] = [];
  for (const slug of slugs) {
    const res = await fetch(`${baseUrl}/chapters/${slug}`);
    if (!res.ok) throw new Error(`GET /chapters/${slug} → HTTP ${res.status}`);
    weights.push(weigh(slug, await res.text(), res.headers.get("x-nextjs-cache") ?? res.headers.get("x-nextjs-prerender")));
  }
  return weights;
}

/** Every module `<script src>` of the page, gzipped; noModule scripts are polyfills modern browsers skip. */
export async function firstLoadJs(baseUrl: string, html: string): Promise<{ files: number; gzipped: number; hasMermaid: boolean }> {
  const sources = new Set(
    [...html.matchAll(/<script([^>]+)>/g)]
      .map((m) => m[1]!)
      .filter((attrs) => !/\bnomodule\b/i.test(attrs))
      .flatMap((attrs) => /\bsrc="([^"]+)"/.exec(attrs)?.[1] ?? []),
  );
  let gzipped = 0;
  let hasMermaid = false;
  for (const src of sources) {
    const body = Buffer.from(await (await fetch(new URL(src, baseUrl))).arrayBuffer());
    gzipped += gzipSync(body).length;
    // Strings only mermaid's parser carries; the chart text itself lives in the HTML, not in scripts.
    if (body.includes("sequenceDiagram") && body.includes("flowchart")) hasMermaid = true;
  }
  return { files: sources.size, gzipped, hasMermaid };
}
