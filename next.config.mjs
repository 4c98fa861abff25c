import { PHASE_PRODUCTION_BUILD } from "next/constants.js";
import { checkContentBeforeBuild } from "./lib/content/build-hook.mjs";
import { securityHeaders } from "./lib/security/headers.mjs";

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Next hashes every page body in JavaScript on every request to make its ETag (FNV-1a over the
  // whole string): for a ~450 KB prerendered chapter that was ~40% of `next start`'s busy CPU
  // under load (bench:content-http). Pages are prerendered or dynamic; neither needs a 304.
  generateEtags: false,
  // Lets two builds (e.g. a test run and a dev check) coexist without clobbering each other.
  distDir: process.env.FAULTLINE_NEXT_DIST_DIR || ".next",
  // tsc runs in `npm test`; a second type-check inside `next build` only doubles build time.
  typescript: { ignoreBuildErrors: true },
  // Chapter pages compile MDX, D2 and shiki at build time; on a busy 2-core machine one page
  // can take over a minute, and Next's 60 s default would fail the build.
  staticPageGenerationTimeout: 600,
  serverExternalPackages: [
    "@terrastruct/d2",
    "esbuild",
    "mdx-bundler",
    // The content check loads these at build time; bundling them for the server gains nothing.
    "mermaid",
    "jsdom",
    "libpg-query",
    "typescript",
    "shiki",
    "bullmq",
    "ioredis",
    "pg",
    "pino",
    "quickjs-emscripten",
    "@prisma/adapter-pg",
  ],
  // CSP, nosniff, referrer policy and no framing on every response (lib/security/headers.mjs).
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders(process.env.NODE_ENV === "development") }];
  },
  // `/chapters/<slug>.md` serves the chapter's source (app/chapters/[slug]/raw/route.ts).
  async rewrites() {
    return { beforeFiles: [{ source: "/chapters/:slug.md", destination: "/chapters/:slug/raw" }] };
  },
};
// A broken chapter fails `next build` with the content check's path:line:col messages.
export default function config(phase) {
  if (phase === PHASE_PRODUCTION_BUILD) checkContentBeforeBuild();
  return nextConfig;
}
