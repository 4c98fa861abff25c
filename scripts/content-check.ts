/**
 * `npm run content:check [files…] [--precompile]`: every authoring problem in the chapters (default: all of
 * content/, plus FAULTLINE_EXTRA_CONTENT_DIR when set), one `path:line:col: message` per line.
 * Exit 1 when there is any problem, 2 when the check itself could not run.
 */
import { checkContent } from "@/lib/content/check";
import { precompileChapters, shutdownContentWorkers } from "@/lib/content";
import { formatProblem } from "@/lib/content/problems";

async function main(): Promise<number> {
  const args = process.argv.slice(2).filter((a) => a !== "--");
  const precompile = args.includes("--precompile");
  const files = args.filter((a) => a !== "--precompile");
  const problems = await checkContent(files);
  for (const p of problems) console.log(formatProblem(p));
  if (problems.length > 0) {
    console.error(`\n${problems.length} problem${problems.length === 1 ? "" : "s"} found.`);
    return 1;
  }
  console.error("content:check: no problems.");
  if (precompile) {
    // `next build` passes this (lib/content/build-hook.mjs): its prerendering then reads the cache.
    const started = performance.now();
    const compiled = await precompileChapters(2);
    const each = compiled.map((c) => `${c.slug} ${c.ms} ms${c.ok ? "" : " (failed; the page reports it)"}`).join(", ");
    console.error(`content:check: compiled ${compiled.length} chapters in ${Math.round(performance.now() - started)} ms (${each}).`);
  }
  return 0;
}

main()
  .then(async (code) => {
    await shutdownContentWorkers();
    process.exit(code);
  })
  .catch(async (err: unknown) => {
    console.error(`content:check could not run: ${err instanceof Error ? err.stack : String(err)}`);
    await shutdownContentWorkers();
    process.exit(2);
  });
