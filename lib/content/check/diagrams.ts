import type { BlockError } from "./code-parsers";
import { D2Error, renderD2 } from "../d2";

type MermaidApi = { parse(text: string): Promise<unknown> };
let mermaidApi: Promise<MermaidApi> | null = null;

/**
 * mermaid@11's own parser (`mermaid.parse`) runs under Node without a DOM for the diagram
 * types we use; when a diagram type does need one, a jsdom window is installed and the parse retried.
 */
async function loadMermaid(): Promise<MermaidApi> {
  mermaidApi ??= import("mermaid").then((m) => m.default as unknown as MermaidApi);
  return mermaidApi;
}

let domInstalled = false;
async function installDom(): Promise<void> {
  if (domInstalled) return;
  const { JSDOM } = await import("jsdom");
  const { window } = new JSDOM("<!doctype html><html><body></body></html>", {
    pretendToBeVisual: true,
  });
  const g = globalThis as Record<string, unknown>;
  for (const key of [
    "window",
    "document",
    "DOMParser",
    "Element",
    "HTMLElement",
    "SVGElement",
    "Node",
  ]) {
    if (g[key] === undefined)
      g[key] = key === "window" ? window : (window as unknown as Record<string, unknown>)[key];
  }
  domInstalled = true;
}

function mermaidError(err: unknown): BlockError {
  const e = err as Error & { hash?: { loc?: { first_line?: number; first_column?: number } } };
  const loc = e.hash?.loc;
  const lineMatch = /on line (\d+)/.exec(e.message ?? "");
  const line = loc?.first_line ?? (lineMatch ? Number(lineMatch[1]) : 1);
  const message = (e.message ?? String(err))
    .split("\n")
    .filter((l) => !/^[.-]+\^?$/.test(l.trim()) && !l.startsWith("..."))
    .join(" ");
  return { line, column: (loc?.first_column ?? 0) + 1, message: message.trim() };
}

export async function parseMermaid(code: string): Promise<BlockError | null> {
  const mermaid = await loadMermaid();
  try {
    await mermaid.parse(code);
    return null;
  } catch (err) {
    if (err instanceof ReferenceError && !domInstalled) {
      await installDom();
      return parseMermaid(code);
    }
    return mermaidError(err);
  }
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
