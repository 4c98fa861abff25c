/**
 * The floor bench:content-http compares `next start` with: a plain Node http server sending
 * one file's bytes from memory. Its own process, like `next start`, so neither shares an event
 * loop with autocannon or the bench's bookkeeping.
 *   node bench/content-http-static.mjs <html file> <port> [buffer|string]
 * `string` sends the page as a JS string, measuring its length per request, as Next does for a
 * prerendered page (send-payload.js: Buffer.byteLength, then res.end(string)): the reference
 * that separates Next's own work from Node's cost of writing a large string to a socket.
 * Prints "listening <port>" once it accepts connections.
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

const [file, port, mode = "buffer"] = process.argv.slice(2);
if (!file || !port || !["buffer", "string"].includes(mode)) throw new Error("usage: node bench/content-http-static.mjs <html file> <port> [buffer|string]");
const bytes = readFileSync(file);
const text = bytes.toString("utf8");

createServer((_req, res) => {
  // The headers a client acts on, as next start sends them for a prerendered page.
  res.setHeader("content-type", "text/html; charset=utf-8");
  if (mode === "string") {
    res.setHeader("content-length", Buffer.byteLength(text));
    res.end(text);
  } else {
    res.setHeader("content-length", bytes.length);
    res.end(bytes);
  }
}).listen(Number(port), "127.0.0.1", () => console.log(`listening ${port}`));
