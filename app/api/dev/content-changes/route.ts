/**
 * Dev only: an event stream that says "a chapter file changed", so an open chapter page can
 * re-render itself on save. Chapters are read at request time, not imported, so Next's own
 * hot reload never sees an .mdx edit. 404 outside `next dev`.
 */
import { watch, type FSWatcher } from "node:fs";
import { contentDirs } from "@/lib/content/paths";
import { slugFromFile } from "@/lib/content/files";

export const dynamic = "force-dynamic";

export function GET(request: Request): Response {
  if (process.env.NODE_ENV !== "development") return new Response("not found", { status: 404 });
  const encoder = new TextEncoder();
  const watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  let keepAlive: NodeJS.Timeout | undefined;
  const changed = new Set<string>();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          // the page went away; cancel() cleans up
        }
      };
      // Editors save in bursts (write, rename, chmod): one message per burst.
      const flush = () => {
        for (const slug of changed) send(`data: ${JSON.stringify({ slug })}\n\n`);
        changed.clear();
      };
      for (const dir of contentDirs()) {
        try {
          watchers.push(
            watch(dir, (_event, name) => {
              const slug = name && name.endsWith(".mdx") ? slugFromFile(name) : null;
              if (!slug) return;
              changed.add(slug);
              clearTimeout(timer);
              timer = setTimeout(flush, 80);
            }),
          );
        } catch {
          // a content dir that does not exist has nothing to watch
        }
      }
      send(": watching\n\n");
      keepAlive = setInterval(() => send(": keep-alive\n\n"), 15_000);
      request.signal.addEventListener("abort", () => stop());
    },
    cancel() {
      stop();
    },
  });
  function stop() {
    clearTimeout(timer);
    clearInterval(keepAlive);
    for (const w of watchers.splice(0)) w.close();
  }
  return new Response(stream, { headers: { "content-type": "text/event-stream", "cache-control": "no-store" } });
}
