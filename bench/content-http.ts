/**
 * HTTP cost of a chapter page: p50/p95 latency and requests/s under 50 concurrent
 * connections for `next start` serving /chapters/<slug>, next to a plain Node http server
 * serving the very same HTML bytes from memory (the floor), in the same run → a ratio.
 * Also measures the page's first-load JS (every module <script src> in the HTML, gzipped), which
 * must stay ≤ 150 KB and must not include mermaid.
 *
 *   npm run build && npm run bench:content-http [-- --slug consistency-models --seconds 10]
 * (uses FAULTLINE_NEXT_DIST_DIR when set). Appends to bench/RESULTS.md under "## Content (HTTP)".
 */
import { percentile, writeResultsSection } from "./support";
import { createServer, type Server } from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";
import { freePort, spawnGroup, waitForPort } from "@/lib/procs";

const CONNECTIONS = 50;
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
  errors: number;
}

/** autocannon reports p50/p97.5 but not p95, so every response time is collected here. */
async function load(url: string): Promise<LoadResult> {
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    // The callback form returns the instance, whose "response" events carry each latency.
    const instance = autocannon({ url, connections: CONNECTIONS, duration: seconds }, (err, res) =>
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
    errors: result.errors + result.timeouts + non2xx,
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

async function main() {
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
    const { server, url } = await staticServer(html);
    staticSrv = server;

    await load(pageUrl); // warm-up pass is short: caches, JIT
    const nextResult = await load(pageUrl);
    const staticResult = await load(url);

    const rows = [
      ["server", "p50 ms", "p95 ms", "req/s", "requests", "errors"],
      ["next start (chapter page)", nextResult.p50, nextResult.p95, nextResult.rps.toFixed(0), nextResult.requests, nextResult.errors],
      ["node http, same HTML in memory", staticResult.p50, staticResult.p95, staticResult.rps.toFixed(0), staticResult.requests, staticResult.errors],
    ];
    const ratio = staticResult.rps / nextResult.rps;
    const table = rows.map((r) => `| ${r.join(" | ")} |`);
    table.splice(1, 0, "|---|---|---|---|---|---|");
    const jsLine = `First-load JS of /chapters/${slug}: ${(js.gzipped / 1024).toFixed(1)} KB gzipped in ${js.files} scripts (budget ${JS_BUDGET_BYTES / 1024} KB: ${js.gzipped <= JS_BUDGET_BYTES ? "within" : "OVER"}); mermaid in first load: ${js.hasMermaid ? "YES (bug)" : "no"}.`;
    const summary = [
      `Run ${new Date().toISOString()}, ${CONNECTIONS} connections, ${seconds} s per server, HTML ${(html.length / 1024).toFixed(1)} KB, Node ${process.version}.`,
      "",
      ...table,
      "",
      `Ratio: the static file server answers ${ratio.toFixed(2)}× the requests/s of next start (p50 ${nextResult.p50} vs ${staticResult.p50} ms).`,
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

function appendResults(summary: string) {
  const command = "Command: `npm run build && npm run bench:content-http` (on a 2-core machine shared with other builds; compare the ratio, not absolute numbers).";
  writeResultsSection("## Content (HTTP)", `${command}\n\n${summary}`);
}

await main();
