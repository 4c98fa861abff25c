import path from "node:path";
import { Worker } from "node:worker_threads";
import type { BlockError } from "./code-parsers";
import { D2Error, renderD2 } from "../d2";

interface WorkerReply {
  id?: number;
  ready?: boolean;
  error?: { message: string; line: number | null; column: number | null } | null;
}

/**
 * mermaid@11's own parser (`mermaid.parse`), run in a worker thread that has a jsdom window
 * (see mermaid-worker.mjs). The worker is created on demand and ended when idle.
 */
let worker: Worker | null = null;
let ready: Promise<void> | null = null;
let nextId = 1;
const waiting = new Map<number, (reply: WorkerReply) => void>();
let idleTimer: NodeJS.Timeout | null = null;

function startWorker(): Promise<void> {
  if (ready) return ready;
  // Resolved from the working directory (the repo), not FAULTLINE_ROOT: it is code, not content.
  const w = new Worker(path.join(process.cwd(), "lib/content/check/mermaid-worker.mjs"));
  worker = w;
  ready = new Promise((resolve, reject) => {
    w.on("message", (reply: WorkerReply) => {
      if (reply.ready) return resolve();
      const done = reply.id !== undefined ? waiting.get(reply.id) : undefined;
      if (done && reply.id !== undefined) {
        waiting.delete(reply.id);
        done(reply);
      }
    });
    w.on("error", (err) => {
      reject(err);
      for (const done of waiting.values()) done({ error: { message: `mermaid checker crashed: ${err.message}`, line: 1, column: 1 } });
      waiting.clear();
      worker = null;
      ready = null;
    });
  });
  return ready;
}

export async function shutdownMermaid(): Promise<void> {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  const w = worker;
  worker = null;
  ready = null;
  await w?.terminate();
}

export async function parseMermaid(code: string): Promise<BlockError | null> {
  if (idleTimer) clearTimeout(idleTimer);
  await startWorker();
  const w = worker!;
  w.ref();
  const id = nextId++;
  const reply = await new Promise<WorkerReply>((resolve) => {
    waiting.set(id, resolve);
    w.postMessage({ id, code });
  });
  if (waiting.size === 0) {
    w.unref();
    idleTimer = setTimeout(() => void shutdownMermaid(), 2000);
    idleTimer.unref();
  }
  const err = reply.error;
  if (!err) return null;
  const lineMatch = /on line (\d+)/.exec(err.message);
  // Drop mermaid's ASCII pointer lines ("...text", "----^"): the line/column say it better.
  const message = err.message
    .split("\n")
    .filter((l) => !/^[.-]+\^?$/.test(l.trim()) && !l.startsWith("..."))
    .join(" ")
    .replace(/^Parse error on line \d+:\s*/, "") // the reported line already points there
    .trim();
  return { line: err.line ?? (lineMatch ? Number(lineMatch[1]) : 1), column: (err.column ?? 0) + 1, message };
}

export async function parseD2(code: string): Promise<BlockError | null> {
  try {
    await renderD2(code);
    return null;
  } catch (err) {
    if (err instanceof D2Error) return { line: err.line, column: err.column, message: err.message };
    throw err;
  }
}
