/** Route handlers' common shape: read the viewer, run, turn refusals into status + message. */
import { NextResponse } from "next/server";
import { viewerFrom, type Viewer } from "@/lib/auth/viewer";
import { log } from "@/lib/log";
import { AccessError } from "./errors";

export function respondError(error: unknown): NextResponse {
  if (error instanceof AccessError)
    return NextResponse.json({ error: error.message }, { status: error.status });
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

export async function jsonBody(request: Request): Promise<Record<string, unknown>> {
  try {
    const body = (await request.json()) as unknown;
    if (body && typeof body === "object" && !Array.isArray(body))
      return body as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new AccessError(400, "Send a JSON object as the request body.");
}
