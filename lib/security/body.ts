/**
 * Request bodies read with a size limit: a declared Content-Length above it is refused before
 * a byte is read, and a body without one (chunked) is counted as it streams and cut off at
 * the limit — so a client can never make a route buffer more than `limit` bytes.
 */
export const DEFAULT_BODY_LIMIT = 256 * 1024;

export class BodyTooLarge extends Error {
  readonly status = 413;
  constructor(readonly limit: number) {
    super(`The request body is larger than ${formatBytes(limit)}; send at most ${formatBytes(limit)}.`);
    this.name = "BodyTooLarge";
  }
}

function formatBytes(n: number): string {
  return n % 1024 === 0 ? `${n / 1024} KB` : `${n} bytes`;
}

/** The body's bytes, or BodyTooLarge. */
export async function readBodyLimited(request: Request, limit = DEFAULT_BODY_LIMIT): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLarge(limit);
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLarge(limit);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/** The body as text (UTF-8), or BodyTooLarge. */
export async function readTextLimited(request: Request, limit = DEFAULT_BODY_LIMIT): Promise<string> {
  return new TextDecoder().decode(await readBodyLimited(request, limit));
}
