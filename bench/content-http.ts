/**
 * HTTP cost of a chapter page: p50/p95 latency, requests/s and errors at 50 and 200 concurrent
 * connections for `next start` serving /chapters/<slug>, next to a plain Node http server
 * serving the very same HTML bytes from memory (the floor), in the same run → a ratio.
 * Also: every chapter's HTML weight (raw and gzipped, with what the bytes are: D2 figures,
 * highlighted code, KaTeX, the inline RSC payload), whether the page and its `.md` route were
 * prerendered, and the page's first-load JS (every module <script src>, gzipped), which must
 * stay ≤ 150 KB and must not include mermaid.
 *
 *   npm run build && npm run bench:content-http [-- --slug consistency-models --seconds 10]
 * (uses FAULTLINE_NEXT_DIST_DIR when set). Writes bench/RESULTS.md's "## Content (HTTP)".
 */
import { percentile, writeResultsSection } from "./support";
import { createServer, type Server } from "node:http";
import path from "node:path";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";
import { listChapters } from "@/lib/content";
import { freePort, spawnGroup, waitForPort } from "@/lib/procs";

const CONNECTION_LEVELS = [50, 200];
/** autocannon's default is 10 s; a response that slow on a loaded machine is still counted as an error. */
const TIMEOUT_S = 10;
const JS_BUDGET_BYTES = 150 * 1024;
const root = process.cwd();

const { values } = parseArgs({
  options: {
    slug: { type: "string", default: "consistency-models" },
    seconds: { type: "string", default: "10" },
    "no-write": { type: "boolean", default: false },
  },
});
const slug = values.slug!;
const seconds = Number(values.seconds);
if (!/^[a-z0-9-]+$/.test(slug)) throw new Error(`--slug must be a chapter slug like "consistency-models", got "${slug}"`);
if (!(seconds > 0)) throw new Error(`--seconds must be a positive number, got "${values.seconds}"`);

interface LoadResult {
  p50: number;
  p95: number;
  rps: number;
  requests: number;
  /** Timeouts + socket errors + non-2xx answers. */
  errors: number;
  errorKinds: string;
}

/** autocannon reports p50/p97.5 but not p95, so every response time is collected here. */
async function load(url: string, connections: number, duration = seconds): Promise<LoadResult> {
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    // The callback form returns the instance, whose "response" events carry each latency.
    const instance = autocannon({ url, connections, duration, timeout: TIMEOUT_S }, (err, res) =>
      err ? reject(err) : resolve(res),
    );
    instance.on("response", (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
  const non2xx = result.non2xx;
  times.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    p50: round(percentile(times, 50)),
    p95: round(percentile(times, 95)),
    rps: result.requests.average,
    requests: result.requests.total,
    // autocannon's `errors` already counts its timeouts.
    errors: result.errors + non2xx,
    errorKinds: `${result.timeouts} timeouts (${TIMEOUT_S} s), ${result.errors - result.timeouts} socket errors, ${non2xx} non-2xx`,
  };
}

async function firstLoadJs(baseUrl: string, html: string): Promise<{ files: number; gzipped: number; hasMermaid: boolean }> {
  // noModule scripts are legacy polyfills that modern browsers never download.
  const sources = [...html.matchAll(/<script([^>]+)>/g)]
    .map((m) => m[1]!)
    .filter((attrs) => !/\bnomodule\b/i.test(attrs))
    .flatMap((attrs) => /\bsrc="([^"]+)"/.exec(attrs)?.[1] ?? []);
  let gzipped = 0;
  let hasMermaid = false;
  for (const src of new Set(sources)) {
    const body = Buffer.from(await (await fetch(new URL(src, baseUrl))).arrayBuffer());
    gzipped += gzipSync(body).length;
    // Strings only mermaid's parser carries; the chart text itself lives in the HTML, not in scripts.
    if (body.includes("sequenceDiagram") && body.includes("flowchart")) hasMermaid = true;
  }
  return { files: new Set(sources).size, gzipped, hasMermaid };
}

function staticServer(html: string): Promise<{ server: Server; url: string }> {
  const body = Buffer.from(html);
  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-length": body.length });
    res.end(body);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      resolve({ server, url: `http://127.0.0.1:${port}/` });
    });
  });
}

interface PageWeight {
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

/** What a chapter's HTML is made of; the payload repeats the markup's tree as JSON. */
function weigh(slug: string, html: string, cacheHeader: string | null): PageWeight {
  const katex = elementBytes(html, '<span class="katex">');
  return {
    slug,
    raw: Buffer.byteLength(html),
    gzipped: gzipSync(html).length,
    d2: elementBytes(html, '<figure class="d2-diagram').bytes,
    code: elementBytes(html, "<pre ").bytes,
    katex: katex.bytes,
    formulas: katex.count,
    payload: [...html.matchAll(/<script>self\.__next_f\.push\([\s\S]*?<\/script>/g)].reduce((n, m) => n + Buffer.byteLength(m[0]), 0),
    prerendered: cacheHeader ?? "none",
  };
}

async function pageWeights(baseUrl: string, slugs: string[]): Promise<PageWeight[]> {
  const weights: PageWeight[] = [];
  for (const slug of slugs) {
    const res = await fetch(`${baseUrl}/chapters/${slug}`);
    if (!res.ok) throw new Error(`GET /chapters/${slug} → HTTP ${res.status}`);
    weights.push(weigh(slug, await res.text(), res.headers.get("x-nextjs-cache") ?? res.headers.get("x-nextjs-prerender")));
  }
  return weights;
}

async function main() {
  const slugs = (await listChapters()).filter((c) => !c.draft).map((c) => c.slug);
  const port = await freePort();
  const next = await spawnGroup(path.join(root, "node_modules/.bin/next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
    name: "next-start",
    env: { NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  let staticSrv: Server | undefined;
  try {
    await waitForPort(port, 60_000);
    const baseUrl = `http://127.0.0.1:${port}`;
    const pageUrl = `${baseUrl}/chapters/${slug}`;
    const first = await fetch(pageUrl);
    if (!first.ok) throw new Error(`GET ${pageUrl} → HTTP ${first.status}. Build first (npm run build) and check the slug.`);
    const html = await first.text();
    const js = await firstLoadJs(baseUrl, html);
    const md = await fetch(`${baseUrl}/chapters/${slug}.md`);
    const mdLine = `/chapters/${slug}.md: HTTP ${md.status}, ${(await md.arrayBuffer()).byteLength} bytes, x-nextjs-cache ${md.headers.get("x-nextjs-cache") ?? "none"}.`;
    const weights = await pageWeights(baseUrl, slugs);
    const { server, url } = await staticServer(html);
    staticSrv = server;

    const rows = [["connections", "server", "p50 ms", "p95 ms", "req/s", "requests", "errors"]];
    const verdicts: string[] = [];
    for (const connections of CONNECTION_LEVELS) {
      // A short pass at the same level first, for each server: JIT, caches, sockets.
      await load(pageUrl, connections, Math.min(seconds, 3));
      const n = await load(pageUrl, connections);
      await load(url, connections, Math.min(seconds, 3));
      const st = await load(url, connections);
      rows.push([String(connections), "next start (chapter page)", ...cells(n)]);
      rows.push([String(connections), "node http, same HTML in memory", ...cells(st)]);
      verdicts.push(
        `${connections} connections: next start answers ${(n.rps / st.rps).toFixed(2)}× the static server's requests/s (goal ≥ 0.8), ` +
          `p95 ${(n.p95 / st.p95).toFixed(2)}× its p95 (goal ≤ 1.5), errors ${n.errors} (${n.errorKinds}; goal 0).`,
      );
    }
    const table = rows.map((r) => `| ${r.join(" | ")} |`);
    table.splice(1, 0, "|---|---|---|---|---|---|---|");
    const kb = (bytes: number) => (bytes / 1024).toFixed(1);
    const weightTable = [
      "| chapter | HTML KB | gzipped KB | D2 figures KB | code blocks KB | KaTeX KB (formulas) | inline RSC payload KB | x-nextjs-cache |",
      "|---|---|---|---|---|---|---|---|",
      ...weights.map((w) => `| ${w.slug} | ${kb(w.raw)} | ${kb(w.gzipped)} | ${kb(w.d2)} | ${kb(w.code)} | ${kb(w.katex)} (${w.formulas}) | ${kb(w.payload)} | ${w.prerendered} |`),
    ];
    const jsLine = `First-load JS of /chapters/${slug}: ${(js.gzipped / 1024).toFixed(1)} KB gzipped in ${js.files} scripts (budget ${JS_BUDGET_BYTES / 1024} KB: ${js.gzipped <= JS_BUDGET_BYTES ? "within" : "OVER"}); mermaid in first load: ${js.hasMermaid ? "YES (bug)" : "no"}.`;
    const summary = [
      `Run ${new Date().toISOString()}, /chapters/${slug}, ${seconds} s per server and level, HTML ${kb(Buffer.byteLength(html))} KB, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(" ")} at the end.`,
      "",
      ...table,
      "",
      ...verdicts.map((v) => `- ${v}`),
      "",
      "Every chapter's HTML (a part's bytes are counted once in the markup; the payload repeats the tree as JSON):",
      "",
      ...weightTable,
      "",
      mdLine,
      "",
      jsLine,
    ].join("\n");
    console.log(summary);
    if (!values["no-write"]) appendResults(summary);
    if (js.gzipped > JS_BUDGET_BYTES || js.hasMermaid) process.exitCode = 1;
  } finally {
    staticSrv?.close();
    await next.stop();
  }
}

function cells(r: LoadResult): string[] {
  return [String(r.p50), String(r.p95), r.rps.toFixed(0), String(r.requests), String(r.errors)];
}

function appendResults(summary: string) {
  const command = "Command: `npm run build && npm run bench:content-http` (on a 2-core machine shared with other builds; compare the ratio, not absolute numbers).";
  writeResultsSection("## Content (HTTP)", `${command}\n\n${summary}`);
}

await main();
