// Parses mermaid sources in a worker thread. mermaid@11 needs DOMPurify, which needs a
// window at import time; a jsdom window here keeps those globals out of the main process
// (where they would make server code think it runs in a browser).
import { parentPort } from "node:worker_threads";
import { JSDOM } from "jsdom";

const { window } = new JSDOM("<!doctype html><html><body></body></html>", { pretendToBeVisual: true });
for (const key of ["window", "document", "DOMParser", "Element", "HTMLElement", "SVGElement", "Node", "navigator"]) {
  if (globalThis[key] === undefined) {
    Object.defineProperty(globalThis, key, { value: key === "window" ? window : window[key], configurable: true, writable: true });
  }
}
const mermaid = (await import("mermaid")).default;

parentPort.on("message", async ({ id, code }) => {
  try {
    await mermaid.parse(code);
    parentPort.postMessage({ id, error: null });
  } catch (err) {
    const loc = err?.hash?.loc;
    parentPort.postMessage({
      id,
      error: { message: String(err?.message ?? err), line: loc?.first_line ?? null, column: loc?.first_column ?? null },
    });
  }
});
parentPort.postMessage({ ready: true });
