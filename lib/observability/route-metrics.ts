/**
 * Times an API route handler into faultline_http_request_duration_seconds. Routes are named
 * by their pattern ("/api/runs/[id]"), never by the URL: ids in labels would make one series
 * per run. Next has no hook that sees a route's pattern and its response together, so each
 * route file wraps its handlers. A streamed response (SSE) counts until its headers are sent.
 */
import { platformMetrics } from "./metrics";

export function timedRoute<A extends [Request, ...unknown[]]>(route: string, handler: (...args: A) => Response | Promise<Response>) {
  return async (...args: A): Promise<Response> => {
    const end = platformMetrics().httpDuration.startTimer({ route, method: args[0]?.method ?? "GET" });
    try {
      const response = await handler(...args);
      end({ status: String(response.status) });
      return response;
    } catch (error) {
      // Next's redirect() / notFound() throw too; they are answered, but not with a status we see.
      end({ status: "thrown" });
      throw error;
    }
  };
}
