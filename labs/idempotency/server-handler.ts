/**
 * The service's charge handler for this lab (bundled into the service process by
 * lib/http-service, ledger mode): the student's handleCharge in the sandbox, each of its db
 * calls run for real on the request's own Postgres connection by deterministic replay.
 */
import type { LedgerHandlerFactory, LedgerOps } from "@/lib/http-service/ledger-types";
import { runReplayed } from "@/lib/sandbox/replay";
import { checkedResponse, loadStudentCode, REPLAY_SPEC } from "./student-code";

const factory: LedgerHandlerFactory = {
  async create(options) {
    const box = await loadStudentCode((options as { code: string }).code);
    return {
      async handleCharge(request, db) {
        const run = (op: string, args: unknown[]) => (db[op as keyof LedgerOps] as (...a: unknown[]) => Promise<unknown>).apply(db, args);
        const { value } = await runReplayed(box, REPLAY_SPEC, [request], run);
        return checkedResponse(value);
      },
    };
  },
};

export default factory;
