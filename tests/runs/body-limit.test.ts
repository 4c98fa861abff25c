/**
 * Request bodies are size-checked before they are read: a declared Content-Length above the
 * limit is refused without pulling a byte, and a chunked body is cut off at the limit.
 */
import { describe, expect, it } from "vitest";
import { jsonBody } from "@/lib/people/route";
import { BodyTooLarge, DEFAULT_BODY_LIMIT, readTextLimited } from "@/lib/security/body";

/** A streamed (chunked) body of `chunks` × 64 KB that counts how many chunks were pulled. */
function streamingRequest(chunks: number, headers: Record<string, string> = {}) {
  const seen = { pulled: 0, cancelled: false };
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (seen.pulled === chunks) return controller.close();
      seen.pulled++;
      controller.enqueue(chunk);
    },
    cancel() {
      seen.cancelled = true;
    },
  });
  const request = new Request("http://127.0.0.1/api/x", { method: "POST", body, headers, duplex: "half" } as RequestInit);
  return { request, seen };
}

describe("request body limits", () => {
  it("a declared Content-Length above the limit is refused before anything is read", async () => {
    const { request, seen } = streamingRequest(100, { "content-length": String(100 * 64 * 1024) });
    await expect(readTextLimited(request)).rejects.toBeInstanceOf(BodyTooLarge);
    expect(seen.pulled).toBeLessThanOrEqual(1); // at most the stream's own first prefetch
  });

  it("a chunked body is cut off once it passes the limit, not read to the end", async () => {
    const { request, seen } = streamingRequest(1000); // 64 MB if read to the end
    await expect(readTextLimited(request)).rejects.toThrow(/larger than 256 KB/);
    expect(seen.pulled).toBeLessThanOrEqual(DEFAULT_BODY_LIMIT / (64 * 1024) + 2);
    expect(seen.cancelled).toBe(true);
  });

  it("a body within the limit is read whole", async () => {
    const { request } = streamingRequest(2);
    expect((await readTextLimited(request)).length).toBe(128 * 1024);
  });

  it("JSON routes answer 413 with a clear message", async () => {
    const { request, seen } = streamingRequest(1000);
    await expect(jsonBody(request)).rejects.toMatchObject({ status: 413, message: /request body is larger than 256 KB; send at most 256 KB/ });
    expect(seen.pulled).toBeLessThan(10);
    await expect(jsonBody(new Request("http://x/", { method: "POST", body: '{"name":"ok"}' }))).resolves.toEqual({ name: "ok" });
  });
});
