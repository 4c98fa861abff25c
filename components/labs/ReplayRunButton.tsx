"use client";
/**
 * "Replay this run" (instructors only; the page shows it only to them and the route checks
 * again): a new run with the same answer and seed, then its page.
 */
import { useRouter } from "next/navigation";
import { useState } from "react";

export function ReplayRunButton({ runId }: { runId: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const replay = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const res = await fetch(`/api/runs/${runId}/replay`, { method: "POST" });
      const body = (await res.json()) as { id?: string; error?: string };
      if (!res.ok || !body.id) throw new Error(body.error ?? `The server answered ${res.status}.`);
      router.push(`/runs/${body.id}`);
    } catch (err) {
      setProblem((err as Error).message);
      setBusy(false);
    }
  };
  return (
    <p>
      <button type="button" className="account-button secondary" onClick={() => void replay()} disabled={busy} data-testid="replay-run">
        {busy ? "Starting the replay…" : "Replay this run"}
      </button>{" "}
      <span className="lede">Same answer, same seed (same faults); the replay never counts for progress.</span>
      {problem ? (
        <span role="alert" className="form-error">
          {" "}
          {problem}
        </span>
      ) : null}
    </p>
  );
}
