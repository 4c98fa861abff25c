/** The lab side's view of a ledger-mode service: the ledger rows in Postgres and the crash points that fired. */
import { readFile } from "node:fs/promises";
import { connectLabDatabase } from "@/lib/labs/lab-schema";
import { readLedger } from "./ledger-db";
import { crashFileOf } from "./ledger-route";
import type { CrashPoint, LedgerCharge } from "./ledger-types";

export async function readLedgerCharges(databaseUrl: string, schema: string): Promise<LedgerCharge[]> {
  const client = await connectLabDatabase(databaseUrl);
  try {
    return await readLedger(client, schema);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface FiredCrash extends CrashPoint {
  requestId: string;
  at: number;
  pid: number;
}

/** The crash points that fired, from the file the service wrote just before it died. */
export async function readFiredCrashes(logFile: string): Promise<FiredCrash[]> {
  try {
    const text = await readFile(crashFileOf(logFile), "utf8");
    return text.split("\n").filter((l) => l.trim()).flatMap((l) => {
      try {
        return [JSON.parse(l) as FiredCrash];
      } catch {
        return [];
      }
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
}
