/**
 * The id that ties a request's log lines together. A proxy's `x-request-id` is kept when it
 * looks like an id (so its logs and ours join up); anything else — too long, spaces, control
 * characters that could forge log lines — is replaced by a fresh one.
 */
import { randomUUID } from "node:crypto";

export const REQUEST_ID_HEADER = "x-request-id";
const SANE_ID = /^[A-Za-z0-9._:@-]{8,128}$/;

export function requestIdFrom(headers: Headers): string {
  const given = headers.get(REQUEST_ID_HEADER)?.trim();
  return given && SANE_ID.test(given) ? given : randomUUID();
}
