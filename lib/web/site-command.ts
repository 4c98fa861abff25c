/** How to run the production site (scripts/serve-site.ts) as a child process, in place of `next start`. */
import path from "node:path";

export function siteCommand(root: string, port: number | string, hostname?: string): { cmd: string; args: string[] } {
  return {
    cmd: process.execPath,
    args: ["--import", "tsx", path.join(root, "scripts", "serve-site.ts"), "--port", String(port), ...(hostname ? ["--hostname", hostname] : [])],
  };
}
