"use client";
/**
 * The instructor's cohort buttons: a new join code, and removing a student. Each asks first,
 * calls the API (which checks that this instructor teaches the cohort) and reloads the page.
 */
import { useState } from "react";
import { useRouter } from "next/navigation";

function ActionButton({ url, method, question, label, testId }: { url: string; method: "POST" | "DELETE"; question: string; label: string; testId: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function act() {
    if (!window.confirm(question)) return;
    setBusy(true);
    const response = await fetch(url, { method, headers: { "content-type": "application/json" } }).catch(() => null);
    const answer = ((await response?.json().catch(() => null)) ?? {}) as { error?: string };
    setBusy(false);
    if (!response?.ok) return setError(answer.error ?? "The server did not answer; try again.");
    setError(null);
    router.refresh();
  }
  return (
    <>
      <button type="button" className="account-button secondary" onClick={act} disabled={busy} data-testid={testId}>
        {label}
      </button>
      {error && (
        <span className="form-error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}

export function RotateJoinCode({ cohortId }: { cohortId: string }) {
  return (
    <ActionButton
      url={`/api/cohorts/${cohortId}/join-code`}
      method="POST"
      question="Make a new join code? The current code stops working at once; students already in the cohort stay."
      label="New join code"
      testId="rotate-join-code"
    />
  );
}

export function RemoveMember({ cohortId, userId, name }: { cohortId: string; userId: string; name: string }) {
  return (
    <ActionButton
      url={`/api/cohorts/${cohortId}/members/${userId}`}
      method="DELETE"
      question={`Remove ${name} from this cohort? You will no longer see their runs; they can rejoin with the current join code.`}
      label="Remove"
      testId="remove-member"
    />
  );
}
