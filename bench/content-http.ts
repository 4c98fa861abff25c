/**
 * HTTP cost of a chapter page: p50/p95 latency, requests/s and errors at 50 and 200 concurrent
 * connections for the production site (scripts/serve-site.ts: Next behind a server that answers
 * prerendered pages from memory) serving /chapters/<slug>, next to a plain Node http server
 * sending the very same HTML bytes from memory (the floor). Each server is its own process
 * (bench/content-http-static.mjs for the floor) and each load pass runs autocannon in a process
 * of its own (bench/content-http-load.ts), so no two of them share an event loop. Per level:
 * a warm-up of each, then `--rounds` rounds alternating which server goes first; the verdict
 * is the median of the rounds' same-run ratios. The 1-minute load average is kept per pass.
 * One more pass per level measures bare `next start` on the same build (what the site ran
 * before), and one sends the bytes as a JS string, as Next does.
 * Also: every chapter's HTML weight (bench/content-weights.ts), whether the page and its `.md`
 * route were prerendered, and the page's first-load JS, which must stay ≤ 150 KB gzipped and
 * must not include mermaid.
 *
 *   npm run build && npm run bench:content-http [-- --slug consistency-models --seconds 10 --rounds 3]
 * (uses FAULTLINE_NEXT_DIST_DIR when set). `--as Before` writes the result under "### Before"
 * instead of "### Now" in bench/RESULTS.md's "## Content (HTTP)"; `--cpu-prof <dir>` runs
 * the site under node --cpu-prof and leaves its profile in <dir>.
 */
import { writeResultsSubsection } from "./support";
import type { LoadResult } from "./content-http-load";
import { firstLoadJs, pageWeights } from "./content-weights";
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs, promisify } from "node:util";
import { listChapters } from "@/lib/content";
import { freePort, spawnGroup, waitForPort, type ProcHandle } from "@/lib/procs";
import { siteCommand } from "@/lib/web/site-command";

const CONNECTION_LEVELS = [50, 200];
/** autocannon's default is 10 s; a response that slow on a loaded machine is still counted as an error. */
const TIMEOUT_S = 10;
const WARM_UP_S = 3;
const JS_BUDGET_BYTES = 150 * 1024;
const root = process.cwd();
const distDir = process.env.FAULTLINE_NEXT_DIST_DIR || ".next";

const { values } = parseArgs({
  options: {
    slug: { type: "string", default: "consistency-models" },
    seconds: { type: "string", default: "10" },
    rounds: { type: "string", default: "3" },
    as: { type: "string", default: "Now" },
    "cpu-prof": { type: "string" },
    "no-write": { type: "boolean", default: false },
  },
});
const slug = values.slug!;
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
if (!/^[a-z0-9-]+$/.test(slug)) throw new Error(`--slug must be a chapter slug like "consistency-models", got "${slug}"`);
if (!(seconds > 0)) throw new Error(`--seconds must be a positive number, got "${values.seconds}"`);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a positive integer, got "${values.rounds}"`);

/** One autocannon pass in its own process (bench/content-http-load.ts). */
async function load(url: string, connections: number, duration: number): Promise<LoadResult> {
  const { stdout } = await promisify(execFile)(path.join(root, "node_modules/.bin/tsx"), ["bench/content-http-load.ts", url, String(connections), String(duration), String(TIMEOUT_S)], {
    cwd: root,
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split("\n").pop()!) as LoadResult;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

interface Round {
  site: LoadResult;
  plain: LoadResult;
}

/** Warm-up of each server at this level, then `rounds` rounds, alternating which goes first. */
async function measureLevel(pageUrl: string, plainUrl: string, connections: number): Promise<Round[]> {
  await load(pageUrl, connections, Math.min(seconds, WARM_UP_S));
  await load(plainUrl, connections, Math.min(seconds, WARM_UP_S));
  const done: Round[] = [];
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      const site = await load(pageUrl, connections, seconds);
      done.push({ site, plain: await load(plainUrl, connections, seconds) });
    } else {
      const plain = await load(plainUrl, connections, seconds);
      done.push({ site: await load(pageUrl, connections, seconds), plain });
    }
    console.error(`${connections} connections, round ${r + 1}: site ${done.at(-1)!.site.rps.toFixed(0)} req/s, plain ${done.at(-1)!.plain.rps.toFixed(0)} req/s`);
  }
  return done;
}

function levelReport(connections: number, done: Round[]): { rows: string[]; verdict: string } {
  const ratio = (r: Round) => r.site.rps / r.plain.rps;
  const p95Ratio = (r: Round) => r.site.p95 / r.plain.p95;
  const rows = done.map((r, i) =>
    [connections, `${i + 1} (${i % 2 === 0 ? "site first" : "plain first"})`, `${r.site.load} / ${r.plain.load}`, r.site.rps.toFixed(0), r.plain.rps.toFixed(0), ratio(r).toFixed(2), `${r.site.p50} / ${r.plain.p50}`, `${r.site.p95} / ${r.plain.p95}`, p95Ratio(r).toFixed(2), `${r.site.errors} / ${r.plain.errors}`].join(" | "),
  );
  const siteErrors = done.reduce((n, r) => n + r.site.errors, 0);
  const plainErrors = done.reduce((n, r) => n + r.plain.errors, 0);
  const rps = median(done.map(ratio));
  const p95 = median(done.map(p95Ratio));
  const met = rps >= 0.8 && p95 <= 1.5 && siteErrors === 0;
  const verdict =
    `${connections} connections (median of ${done.length} rounds): the site answers ${rps.toFixed(2)}× the plain server's requests/s (goal ≥ 0.8), ` +
    `p95 ${p95.toFixed(2)}× its p95 (goal ≤ 1.5), errors ${siteErrors} in all rounds (goal 0; plain server: ${plainErrors})` +
    `${siteErrors ? `, e.g. ${done.find((r) => r.site.errors)!.site.errorKinds}` : ""} — ${met ? "met" : "NOT met"}.`;
  return { rows: rows.map((r) => `| ${r} |`), verdict };
}

async function startPlainServer(file: string, mode: "buffer" | "string"): Promise<{ proc: ProcHandle; url: string }> {
  const port = await freePort();
  const proc = await spawnGroup(process.execPath, [path.join(root, "bench/content-http-static.mjs"), file, String(port), mode], { name: `plain-http-${mode}` });
  await proc.waitForLine(`listening ${port}`, 10_000);
  return { proc, url: `http://127.0.0.1:${port}/` };
}

/** Bare `next start` on the same build: the reference for what the site server adds. */
async function startNextStart(): Promise<{ proc: ProcHandle; url: string }> {
  const port = await freePort();
  const proc = await spawnGroup(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    name: "next-start",
    env: { NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  await waitForPort(port, 60_000);
  return { proc, url: `http://127.0.0.1:${port}/chapters/${slug}` };
}

async function main() {
  const slugs = (await listChapters()).filter((c) => !c.draft).map((c) => c.slug);
  const port = await freePort();
  // node refuses --cpu-prof in NODE_OPTIONS: it goes on the site's own command line.
  const cpuProf = values["cpu-prof"] ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(values["cpu-prof"])}`] : [];
  const site = siteCommand(root, port, "127.0.0.1");
  const siteProc = await spawnGroup(site.cmd, [...cpuProf, ...site.args], {
    name: "site",
    env: { NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  let plain: ProcHandle | undefined;
  let plainString: ProcHandle | undefined;
  let nextStart: ProcHandle | undefined;
  try {
    // Measured once it holds the prerendered pages (until then Next answers them).
    await siteProc.waitForLine(/prerendered pages in memory: [1-9]/, 60_000);
    const baseUrl = `http://127.0.0.1:${port}`;
    const pageUrl = `${baseUrl}/chapters/${slug}`;
    const first = await fetch(pageUrl);
    if (!first.ok) throw new Error(`GET ${pageUrl} → HTTP ${first.status}. Build first (npm run build) and check the slug.`);
    const html = await first.text();
    const js = await firstLoadJs(baseUrl, html);
    const md = await fetch(`${baseUrl}/chapters/${slug}.md`);
    const mdLine = `/chapters/${slug}.md: HTTP ${md.status}, ${(await md.arrayBuffer()).byteLength} bytes, x-nextjs-cache ${md.headers.get("x-nextjs-cache") ?? "none"}.`;
    const weights = await pageWeights(baseUrl, slugs);
    const file = path.join(mkdtempSync(path.join(tmpdir(), "content-http-")), `${slug}.html`);
    writeFileSync(file, html);
    const started = await startPlainServer(file, "buffer");
    plain = started.proc;
    const asString = await startPlainServer(file, "string");
    plainString = asString.proc;
    const bare = await startNextStart();
    nextStart = bare.proc;
    const startLoad = loadavg()[0]!.toFixed(1);

    const table = [
      "| connections | round (order) | load avg site / plain | site req/s | plain req/s | req/s ratio | p50 ms site / plain | p95 ms site / plain | p95 ratio | errors site / plain |",
      "|---|---|---|---|---|---|---|---|---|---|",
    ];
    const verdicts: string[] = [];
    const stringRows: string[] = [];
    const nextStartRows: string[] = [];
    for (const connections of CONNECTION_LEVELS) {
      const done = await measureLevel(pageUrl, started.url, connections);
      const report = levelReport(connections, done);
      table.push(...report.rows);
      verdicts.push(report.verdict);
      // Not part of the verdict: bare next start (the site before), and the same bytes as a
      // string, the way Next hands them to Node.
      await load(bare.url, connections, Math.min(seconds, WARM_UP_S));
      const n = await load(bare.url, connections, seconds);
      const plainMedian = median(done.map((r) => r.plain.rps));
      nextStartRows.push(`| ${connections} | ${n.load} | ${n.rps.toFixed(0)} | ${(n.rps / plainMedian).toFixed(2)} | ${(median(done.map((r) => r.site.rps)) / n.rps).toFixed(2)} | ${n.p50} | ${n.p95} | ${n.errors} |`);
      await load(asString.url, connections, Math.min(seconds, WARM_UP_S));
      const s = await load(asString.url, connections, seconds);
      stringRows.push(`| ${connections} | ${s.load} | ${s.rps.toFixed(0)} | ${(s.rps / plainMedian).toFixed(2)} | ${(median(done.map((r) => r.site.rps)) / s.rps).toFixed(2)} | ${s.p50} | ${s.p95} | ${s.errors} |`);
    }
    const kb = (bytes: number) => (bytes / 1024).toFixed(1);
    const weightTable = [
      "| chapter | HTML KB | gzipped KB | D2 figures KB | code blocks KB | KaTeX KB (formulas) | inline RSC payload KB | x-nextjs-cache |",
      "|---|---|---|---|---|---|---|---|",
      ...weights.map((w) => `| ${w.slug} | ${kb(w.raw)} | ${kb(w.gzipped)} | ${kb(w.d2)} | ${kb(w.code)} | ${kb(w.katex)} (${w.formulas}) | ${kb(w.payload)} | ${w.prerendered} |`),
    ];
    const jsLine = `First-load JS of /chapters/${slug}: ${kb(js.gzipped)} KB gzipped in ${js.files} scripts (budget ${JS_BUDGET_BYTES / 1024} KB: ${js.gzipped <= JS_BUDGET_BYTES ? "within" : "OVER"}); mermaid in first load: ${js.hasMermaid ? "YES (bug)" : "no"}.`;
    const summary = [
      `Command: \`${distDir === ".next" ? "" : `FAULTLINE_NEXT_DIST_DIR=${distDir} `}npm run build && ${distDir === ".next" ? "" : `FAULTLINE_NEXT_DIST_DIR=${distDir} `}npm run bench:content-http${values.as === "Now" ? "" : ` -- --as "${values.as}"`}\` (the site, scripts/serve-site.ts).`,
      "",
      `Run ${new Date().toISOString()}, /chapters/${slug}, HTML ${kb(Buffer.byteLength(html))} KB, ${seconds} s per pass (after a ${WARM_UP_S} s warm-up of each server per level), ${rounds} rounds per level, Node ${process.version}, ${cpus().length} CPUs; load average ${startLoad} at the start, ${loadavg().map((l) => l.toFixed(1)).join(" ")} at the end.`,
      "",
      ...table,
      "",
      ...verdicts.map((v) => `- ${v}`),
      "",
      "Bare `next start` on the same build (what the site ran before scripts/serve-site.ts), one pass per level after the rounds:",
      "",
      "| connections | load avg | req/s | × plain (Buffer) median | site median ÷ this | p50 ms | p95 ms | errors |",
      "|---|---|---|---|---|---|---|---|",
      ...nextStartRows,
      "",
      "The same bytes sent as a JS string (bench/content-http-static.mjs `string`: `Buffer.byteLength` and `res.end(string)` per request, as Next's send-payload does for a prerendered page), one pass per level after the rounds:",
      "",
      "| connections | load avg | req/s | × plain (Buffer) median | site median ÷ this | p50 ms | p95 ms | errors |",
      "|---|---|---|---|---|---|---|---|",
      ...stringRows,
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
    if (!values["no-write"]) writeResultsSubsection("## Content (HTTP)", `### ${values.as}`, summary);
    if (js.gzipped > JS_BUDGET_BYTES || js.hasMermaid) process.exitCode = 1;
  } finally {
    await plain?.stop();
    await plainString?.stop();
    await nextStart?.stop();
    await siteProc.stop();
  }
}

await main();
