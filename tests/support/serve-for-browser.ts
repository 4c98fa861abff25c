/**
 * What Playwright starts for browser tests: one lab worker and the site (scripts/serve-site.ts), in one process
 * tree so Playwright's kill of this process group stops both.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { siteCommand } from "@/lib/web/site-command";

const root = process.cwd();
const port = process.env.PORT ?? "3100";
const site = siteCommand(root, port, "127.0.0.1");
const children = [
  spawn(process.execPath, ["--import", "tsx", path.join(root, "workers", "lab-worker.ts")], { stdio: "inherit", env: process.env }),
  spawn(site.cmd, site.args, { stdio: "inherit", env: process.env }),
];

const stop = () => {
  for (const child of children) child.kill("SIGTERM");
  setTimeout(() => process.exit(0), 3_000).unref();
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
for (const child of children) {
  child.on("exit", (code) => {
    console.error(`serve-for-browser: a child exited (${code}); stopping`);
    stop();
  });
}
