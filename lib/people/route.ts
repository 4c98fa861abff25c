/** Route handlers' common shape: read the viewer, run, turn refusals into status + message. */
import { NextResponse } from "next/server";
import { viewerFrom, type Viewer } from "@/lib/auth/viewer";
import { outageOf, outageResponse } from "@/lib/http/outage";
import { log } from "@/lib/log";
import { BodyTooLarge, readTextLimited } from "@/lib/security/body";
import { AccessError } from "./errors";

export function respondError(error: unknown): NextResponse {
  if (error instanceof AccessError)
    return NextResponse.json({ error: error.message }, { status: error.status });
  const outage = outageOf(error);
  if (outage) return outageResponse(outage);
  log.error({ err: (error as Error).message }, "route failed");
  return NextResponse.json(
    { error: "Something went wrong on our side; try again in a moment." },
    { status: 500 },
  );
}

export function withViewer<C>(
  handler: (viewer: Viewer | null, request: Request, context: C) => Promise<Response>,
) {
  return async (request: Request, context: C): Promise<Response> => {
    try {
      return await handler(await viewerFrom(request.headers), request, context);
    } catch (error) {
      return respondError(error);
    }
  };
}

/** A JSON object body of at most DEFAULT_BODY_LIMIT bytes (413 above it, before it is read). */
export async function jsonBody(request: Request): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readTextLimited(request);
  } catch (error) {
    if (error instanceof BodyTooLarge) throw new AccessError(413, error.message);
    throw error;
  }
  try {
    const body = JSON.parse(text) as unknown;
    if (body && typeof body === "object" && !Array.isArray(body))
      return body as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new AccessError(400, "Send a JSON object as the request body.");
}
