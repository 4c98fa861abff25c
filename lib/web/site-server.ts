/**
 * The production web server: Next's request handler (what `next start` runs) behind one http
 * server that answers prerendered pages from memory (./prerendered-pages.ts). Everything
 * Next does for other requests — routing, API routes, rewrites, headers — is unchanged.
 */
import { createServer, type Server } from "node:http";
import path from "node:path";
import next from "next";
import { capturePages, neverRevalidatedRoutes, servePrerendered, type PrerenderedPage } from "./prerendered-pages";

export interface SiteServerOptions {
  root: string;
  port: number;
  hostname?: string;
}

export interface SiteServer {
  server: Server;
  /** Resolves once the prerendered pages are held in memory (Next answers them until then). */
  pagesReady: Promise<number>;
  close(): Promise<void>;
}

export async function startSiteServer({ root, port, hostname }: SiteServerOptions): Promise<SiteServer> {
  let pages = new Map<string, PrerenderedPage>();
  const server = createServer((req, res) => {
    if (servePrerendered(pages, req, res)) return;
    handle(req, res).catch((error: unknown) => {
      // What next start does with a handler that throws: a 500, and the error on stderr.
      console.error(`Failed to handle request for ${req.url}`, error);
      if (!res.headersSent) res.writeHead(500).end("Internal Server Error");
    });
  });
  const app = next({ dev: false, dir: root, hostname, port, httpServer: server });
  await app.prepare();
  const handle = app.getRequestHandler();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, () => {
      // Only a failure to listen is the caller's to handle; a later server error is not swallowed.
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  // Next resolves absolute metadata URLs against this, as next start sets it.
  process.env.__NEXT_PRIVATE_ORIGIN ??= `http://${hostname ?? "localhost"}:${actualPort}`;

  const distDir = path.join(root, process.env.FAULTLINE_NEXT_DIST_DIR || ".next");
  const pagesReady = neverRevalidatedRoutes(distDir)
    .then((routes) => capturePages(`http://127.0.0.1:${actualPort}`, routes))
    .then((captured) => {
      pages = captured;
      return captured.size;
    });
  return {
    server,
    pagesReady,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
    },
  };
}
