/**
 * `npm run content:check [files…]`: every authoring problem in the chapters (default: all of
 * content/, plus FAULTLINE_EXTRA_CONTENT_DIR when set), one `path:line:col: message` per line.
 * Exit 1 when there is any problem, 2 when the check itself could not run.
 */
import { checkContent } from "@/lib/content/check";
import { shutdownContentWorkers } from "@/lib/content";
import { formatProblem } from "@/lib/content/problems";

async function main(): Promise<number> {
  const files = process.argv.slice(2).filter((a) => a !== "--");
  const problems = await checkContent(files);
  for (const p of problems) console.log(formatProblem(p));
  if (problems.length > 0) {
    console.error(`\n${problems.length} problem${problems.length === 1 ? "" : "s"} found.`);
    return 1;
  }
  console.error("content:check: no problems.");
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
