/**
 * A replica's versioned key-value map: last-writer-wins by version, with every applied
 * write appended to a log file before it is acknowledged, so a crashed replica that is
 * restarted comes back with what it had acked (a process crash keeps the OS page cache,
 * so appendFileSync without fsync is enough here).
 */
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { compareVersions, ZERO_VERSION, type Stored, type Version } from "../protocol";

export class VersionedStore {
  private readonly data = new Map<string, Stored>();

  constructor(private readonly logPath?: string) {
    if (logPath && existsSync(logPath)) {
      for (const line of readFileSync(logPath, "utf8").split("\n")) {
        if (!line.trim()) continue;
        try {
          const { key, value, version } = JSON.parse(line) as { key: string; value: string; version: Version };
          this.apply(key, value, version, false);
        } catch {
          // A torn last line from a SIGKILL mid-append: that write was never acked.
        }
      }
    }
  }

  get(key: string): Stored {
    return this.data.get(key) ?? { value: null, version: ZERO_VERSION };
  }

  /** Keeps the newer of the stored and the offered version; true when the offer won. */
  put(key: string, value: string, version: Version): boolean {
    return this.apply(key, value, version, true);
  }

  private apply(key: string, value: string, version: Version, persist: boolean): boolean {
    const current = this.data.get(key);
    if (current && compareVersions(version, current.version) <= 0) return false;
    if (persist && this.logPath) appendFileSync(this.logPath, JSON.stringify({ key, value, version }) + "\n");
    this.data.set(key, { value, version });
    return true;
  }
}
