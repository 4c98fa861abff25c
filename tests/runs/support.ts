/** Shared set-up for run pipeline tests: fixture labs, their manifest, a private prefix. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { listLabs } from "@/lib/labs/discover";
import { buildManifest } from "@/lib/labs/manifest";
import type { LabsManifest } from "@/lib/catalogue";

export const FIXTURE_LABS_DIR = fileURLToPath(new URL("./fixtures/labs/", import.meta.url));

export async function writeFixtureManifest(): Promise<{ path: string; manifest: LabsManifest }> {
  const manifest = buildManifest(await listLabs({ dir: FIXTURE_LABS_DIR }));
  const path = join(mkdtempSync(join(tmpdir(), "faultline-d3-manifest-")), "labs-manifest.json");
  writeFileSync(path, JSON.stringify(manifest));
  return { path, manifest };
}

export interface SseMessage {
  id?: string;
  event: string;
  data: string;
}

/** Reads a whole SSE body (until the server closes it) into messages; comments are dropped. */
export async function readSse(body: ReadableStream<Uint8Array>, onMessage?: (m: SseMessage) => void): Promise<SseMessage[]> {
  const messages: SseMessage[] = [];
  const decoder = new TextDecoder();
  let buffer = "";
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const m: SseMessage = { event: "message", data: "" };
      let hasData = false;
      for (const line of block.split("\n")) {
        if (line.startsWith(":")) continue;
        const [field, ...rest] = line.split(":");
        const v = rest.join(":").replace(/^ /, "");
        if (field === "id") m.id = v;
        else if (field === "event") m.event = v;
        else if (field === "data") {
          m.data += (hasData ? "\n" : "") + v;
          hasData = true;
        }
      }
      if (hasData) {
        messages.push(m);
        onMessage?.(m);
      }
    }
  }
  return messages;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `read` until `done(value)` or the deadline. */
export async function waitFor<T>(read: () => Promise<T>, done: (v: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(v)}`);
    await sleep(200);
  }
}
