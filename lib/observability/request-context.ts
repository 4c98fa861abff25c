/**
 * Wraps a route handler so everything it logs carries the request id, and its response says
 * which id that was (`x-request-id`), whatever the outcome.
 */
import { REQUEST_ID_HEADER, requestIdFrom } from "./request-id";
import { withLogFields } from "./log-context";

export function withRequestId<A extends [Request, ...unknown[]]>(handler: (...args: A) => Promise<Response>) {
  return async (...args: A): Promise<Response> => {
    const requestId = requestIdFrom(args[0].headers);
    const response = await withLogFields({ requestId }, () => handler(...args));
    response.headers.set(REQUEST_ID_HEADER, requestId);
    return response;
  };
}
