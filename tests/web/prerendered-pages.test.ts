/**
 * The site's in-memory answers for prerendered pages (lib/web/prerendered-pages.ts), over real
 * sockets: an origin that answers like Next (duplicate headers, Vary on the router's headers),
 * captured once, then replayed by a server that passes everything it does not hold to the origin.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, request, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { capturePages, neverRevalidatedRoutes, servePrerendered, type PrerenderedPage } from "@/lib/web/prerendered-pages";

const PAGE = `<!doctype html><p>${"chapter text ".repeat(5000)}</p>`;
const origin: string[] = [];

/** Answers like Next: the page, a private page, a page with a cookie, a 404; logs what reached it. */
function fakeNext(): Server {
  return createServer((req, res) => {
    origin.push(`${req.method} ${req.url}${req.headers.rsc ? " rsc" : ""}`);
    const common: Array<[string, string]> = [
      ["Vary", "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch, Accept-Encoding"],
      ["x-nextjs-prerender", "1"],
      ["x-nextjs-prerender", "1"],
      ["Content-Type", "text/html; charset=utf-8"],
    ];
    const send = (status: number, extra: Array<[string, string]>, body: string) => {
      res.writeHead(status, [...common, ...extra].flat());
      res.end(req.headers.rsc ? "rsc payload" : req.url?.includes("?") ? `${body} (query)` : body);
    };
    if (req.url?.startsWith("/chapters/one")) send(200, [["Cache-Control", "s-maxage=31536000"]], PAGE);
    else if (req.url === "/account") send(200, [["Cache-Control", "private, no-store"]], "yours");
    else if (req.url === "/cookie") send(200, [["Set-Cookie", "a=b"]], "cookie");
    else send(404, [], "not found");
  });
}

let next: Server;
let site: Server;
let pages: Map<string, PrerenderedPage>;
let siteUrl: string;

const listen = (server: Server) => new Promise<string>((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));

/** A raw request (fetch would decompress and hide the encoding). */
function get(url: string, headers: Record<string, string> = {}, method = "GET"): Promise<{ status: number; headers: IncomingHttpHeaders; rawHeaders: string[]; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks) }));
    })
      .on("error", reject)
      .end();
  });
}

beforeAll(async () => {
  next = fakeNext();
  const nextUrl = await listen(next);
  pages = await capturePages(nextUrl, ["/chapters/one", "/account", "/cookie", "/missing"]);
  site = createServer((req, res) => {
    if (servePrerendered(pages, req, res)) return;
    // What the site does with the rest: hand it to Next (here, proxy to the fake).
    request(`${nextUrl}${req.url}`, { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode!, up.rawHeaders);
      up.pipe(res);
    }).end();
  });
  siteUrl = await listen(site);
});

afterAll(async () => {
  await new Promise((r) => site.close(r));
  await new Promise((r) => next.close(r));
});

describe("prerendered pages", () => {
  it("holds only pages that are the same for everyone: a public 200, no cookie", () => {
    expect([...pages.keys()]).toEqual(["/chapters/one"]);
  });

  it("answers a held page from memory with Next's bytes and headers, duplicates kept", async () => {
    origin.length = 0;
    const res = await get(`${siteUrl}/chapters/one`, { "accept-encoding": "identity" });
    expect(origin).toEqual([]);
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe(PAGE);
    expect(res.headers["content-length"]).toBe(String(Buffer.byteLength(PAGE)));
    expect(res.headers["cache-control"]).toBe("s-maxage=31536000");
    expect(res.rawHeaders.filter((h) => h === "x-nextjs-prerender")).toHaveLength(2);
    expect(res.headers.vary).toBe("rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch, accept-encoding");
    expect(res.headers["content-encoding"]).toBeUndefined();
  });

  it("sends brotli when the client takes it (ties go to the smallest), gzip when only gzip, each decoding to the page", async () => {
    const chrome = await get(`${siteUrl}/chapters/one`, { "accept-encoding": "gzip, deflate, br, zstd" });
    expect(chrome.headers["content-encoding"]).toBe("br");
    expect(brotliDecompressSync(chrome.body).toString()).toBe(PAGE);
    expect(Number(chrome.headers["content-length"])).toBe(chrome.body.length);
    const gzipOnly = await get(`${siteUrl}/chapters/one`, { "accept-encoding": "gzip" });
    expect(gzipOnly.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gzipOnly.body).toString()).toBe(PAGE);
    const preferGzip = await get(`${siteUrl}/chapters/one`, { "accept-encoding": "br;q=0.5, gzip" });
    expect(preferGzip.headers["content-encoding"]).toBe("gzip");
  });

  it("a HEAD gets the headers and no body", async () => {
    const res = await get(`${siteUrl}/chapters/one`, { "accept-encoding": "identity" }, "HEAD");
    expect(res.status).toBe(200);
    expect(res.headers["content-length"]).toBe(String(Buffer.byteLength(PAGE)));
    expect(res.body.length).toBe(0);
  });

  it("leaves to Next what it must answer itself: RSC fetches, queries, other methods, refused encodings, other paths", async () => {
    origin.length = 0;
    expect((await get(`${siteUrl}/chapters/one`, { rsc: "1" })).body.toString()).toBe("rsc payload");
    expect((await get(`${siteUrl}/chapters/one?_rsc=abc`)).body.toString()).toBe(`${PAGE} (query)`);
    await get(`${siteUrl}/chapters/one`, {}, "POST");
    await get(`${siteUrl}/chapters/one`, { "accept-encoding": "identity;q=0, compress" });
    expect((await get(`${siteUrl}/account`)).body.toString()).toBe("yours");
    expect(origin).toEqual(["GET /chapters/one rsc", "GET /chapters/one?_rsc=abc", "POST /chapters/one", "GET /chapters/one", "GET /account"]);
  });
});

describe("never-revalidated routes", () => {
  it("come from next build's prerender manifest, without Next's own error pages or pages that revalidate", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "prerender-manifest-"));
    const routes = { "/": { initialRevalidateSeconds: false }, "/_not-found": { initialRevalidateSeconds: false }, "/news": { initialRevalidateSeconds: 60 }, "/chapters/one": { initialRevalidateSeconds: false } };
    writeFileSync(path.join(dir, "prerender-manifest.json"), JSON.stringify({ version: 4, routes }));
    expect(await neverRevalidatedRoutes(dir)).toEqual(["/", "/chapters/one"]);
  });
});
