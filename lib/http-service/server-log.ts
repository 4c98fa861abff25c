/**
 * Reads the service's JSON-lines log. A line cut short by a crash mid-write is skipped: the
 * service never answered that request, so nothing was promised for it.
 */
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { ServerLogEntry } from "./types";

export function parseServerLog(text: string): ServerLogEntry[] {
  const entries: ServerLogEntry[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      entries.push(JSON.parse(line) as ServerLogEntry);
    } catch {
      /* a partial last line */
    }
  }
  return entries;
}

export function readServerLogSync(file: string): ServerLogEntry[] {
  return parseServerLog(readFileSync(file, "utf8"));
}

/** The log so far; empty when the service has not handled a request yet. */
export async function readServerLog(file: string): Promise<ServerLogEntry[]> {
  try {
    return parseServerLog(await readFile(file, "utf8"));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
}
