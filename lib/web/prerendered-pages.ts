/**
 * Prerendered pages answered as bytes, in front of Next. Why by hand: `next start` keeps a
 * prerendered page as a JS string and does its routing, header and cache work on every request,
 * which held a chapter at about half the requests/s of a server sending the same bytes
 * (bench/RESULTS.md, "Content (HTTP)"); no library serves a Next build's prerenders. So the site
 * server asks Next for each never-revalidated page once, right after it listens, and replays
 * Next's own answer — status, headers and bytes — compressed once instead of per request.
 *
 * Anything else goes to Next untouched: other methods, a query string, a request carrying one
 * of the headers the page varies on (the router's RSC fetches and prefetches), a page Next did
 * not answer with a public, cacheable 200.
 */
import { readFile } from "node:fs/promises";
import { get, type IncomingMessage, type ServerResponse } from "node:http";
import path from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants as zlib, gzip } from "node:zlib";
import Negotiator from "negotiator";

type Encoding = "br" | "gzip" | "identity";
const ENCODINGS: Encoding[] = ["br", "gzip", "identity"];

/** One page as Next answered it, in each encoding a client may ask for (headers made once). */
export interface PrerenderedPage {
  /** Request headers (lower case) that make Next answer differently: such requests go to Next. */
  varyOn: string[];
  /** Headers as a flat name, value, name, value list (res.writeHead takes it as is). */
  answers: Record<Encoding, { headers: string[]; body: Buffer }>;
}

/** Headers Node writes itself or that describe one transfer, not the page. */
const PER_RESPONSE = new Set(["date", "connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding"]);

/** Paths `next build` prerendered that are never revalidated, from its prerender manifest. */
export async function neverRevalidatedRoutes(distDir: string): Promise<string[]> {
  const file = path.join(distDir, "prerender-manifest.json");
  const manifest = JSON.parse(await readFile(file, "utf8")) as { routes?: Record<string, { initialRevalidateSeconds?: number | false }> };
  return Object.entries(manifest.routes ?? {})
    .filter(([route, r]) => r.initialRevalidateSeconds === false && !route.startsWith("/_"))
    .map(([route]) => route);
}

/** Next's answer, headers as sent (duplicates and case kept), body whole. */
function getFromNext(url: URL): Promise<{ status: number; rawHeaders: string[]; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { "accept-encoding": "identity" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    }).on("error", reject);
  });
}

/** Next's answer is replayable only if it is the same for everyone and never changes. */
function replayable(status: number, headers: Array<[string, string]>): boolean {
  const cacheControl = headers.find(([name]) => name === "cache-control")?.[1] ?? "";
  return status === 200 && !headers.some(([name]) => name === "set-cookie") && !/private|no-store|no-cache/.test(cacheControl);
}

/**
 * Fetches each route from the running site (Next answers: nothing is held yet) and keeps the
 * replayable ones. A route that fails is left to Next; the site works the same, only slower.
 */
export async function capturePages(origin: string, routes: string[]): Promise<Map<string, PrerenderedPage>> {
  const pages = new Map<string, PrerenderedPage>();
  for (const route of routes) {
    const response = await getFromNext(new URL(route, origin)).catch(() => null);
    if (!response) continue;
    const pairs: Array<[string, string]> = [];
    for (let i = 0; i < response.rawHeaders.length; i += 2) pairs.push([response.rawHeaders[i]!.toLowerCase(), response.rawHeaders[i + 1]!]);
    if (!replayable(response.status, pairs)) continue;
    const vary = pairs.filter(([name]) => name === "vary").flatMap(([, value]) => value.split(",")).map((h) => h.trim().toLowerCase()).filter(Boolean);
    const identity = response.body;
    const [gzipped, brotli] = await Promise.all([
      promisify(gzip)(identity, { level: 9 }),
      promisify(brotliCompress)(identity, { params: { [zlib.BROTLI_PARAM_QUALITY]: 9, [zlib.BROTLI_PARAM_SIZE_HINT]: identity.length } }),
    ]);
    // Next's headers in Next's order, and a Vary that names accept-encoding (this answer varies on it).
    const headers = pairs.filter(([name]) => !PER_RESPONSE.has(name) && name !== "vary");
    headers.push(["vary", [...new Set([...vary, "accept-encoding"])].join(", ")]);
    const answer = (body: Buffer, encoding?: Encoding) => ({
      headers: [...headers, ["content-length", String(body.length)], ...(encoding ? [["content-encoding", encoding]] : [])].flat(),
      body,
    });
    const answers = { identity: answer(identity), gzip: answer(gzipped, "gzip"), br: answer(brotli, "br") };
    pages.set(route, { varyOn: vary.filter((h) => h !== "accept-encoding"), answers });
  }
  return pages;
}

/** negotiator 1.x takes a preference order for ties; its types (0.6) do not say so yet. */
type NegotiatorWithPreferred = { encoding(available: readonly string[], options: { preferred: readonly string[] }): string | undefined };

/** Answers `req` from `pages` and returns true, or returns false and leaves it to Next. */
export function servePrerendered(pages: Map<string, PrerenderedPage>, req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== "GET" && req.method !== "HEAD") return false;
  const page = pages.get(req.url ?? "");
  if (!page || page.varyOn.some((h) => req.headers[h] !== undefined)) return false;
  // Undefined when the client refuses every encoding we have (identity;q=0): Next answers it.
  // Ties go to the smallest body (Chrome sends "gzip, deflate, br, zstd").
  const encoding = (new Negotiator(req) as NegotiatorWithPreferred).encoding(ENCODINGS, { preferred: ENCODINGS }) as Encoding | undefined;
  if (!encoding) return false;
  const { headers, body } = page.answers[encoding];
  res.writeHead(200, headers);
  if (req.method === "HEAD") res.end();
  else res.end(body);
  return true;
}
