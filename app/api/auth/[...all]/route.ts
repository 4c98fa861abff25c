import { toNextJsHandler } from "better-auth/next-js";
import { auth } from "@/lib/auth/auth";
import { BodyTooLarge, readBodyLimited } from "@/lib/security/body";
import { timedRoute } from "@/lib/observability/route-metrics";

export const dynamic = "force-dynamic";

// Created on first request: building the site must not need a database.
const handler = () => toNextJsHandler(auth());

export const GET = timedRoute("/api/auth/[...all]", (request: Request) => handler().GET(request));
// better-auth reads the body itself: buffer it here first, at most DEFAULT_BODY_LIMIT bytes.
export const POST = timedRoute("/api/auth/[...all]", async function post(request: Request): Promise<Response> {
  let body: Uint8Array;
  try {
    body = await readBodyLimited(request);
  } catch (error) {
    if (error instanceof BodyTooLarge) return Response.json({ message: error.message }, { status: 413 });
    throw error;
  }
  // A fresh request: the original's body stream is spent.
  const headers = new Headers(request.headers);
  headers.delete("content-length");
  return handler().POST(new Request(request.url, { method: "POST", headers, body: body.byteLength ? (body as BodyInit) : null, signal: request.signal }));
});
