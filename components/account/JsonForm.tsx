"use client";
/**
 * A small form that POSTs its fields as JSON to one of our API routes and shows the answer:
 * the route checks the session and role, this only reports what it said.
 */
import { useState, type FormEvent, type ReactNode } from "react";
import { useRouter } from "next/navigation";

export function JsonForm({
  action,
  children,
  submitLabel,
  success,
  label,
}: {
  action: string;
  children: ReactNode;
  submitLabel: string;
  success: (body: Record<string, unknown>) => string;
  label: string;
}) {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const body = Object.fromEntries(new FormData(form).entries());
    setBusy(true);
    const response = await fetch(action, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).catch(() => null);
    const answer = ((await response?.json().catch(() => null)) ?? {}) as Record<string, unknown>;
    setBusy(false);
    if (!response || !response.ok) {
      setMessage({ ok: false, text: String(answer.error ?? "The server did not answer; try again.") });
      return;
    }
    setMessage({ ok: true, text: success(answer) });
    form.reset();
    router.refresh();
  }

  return (
    <form className="inline-form" onSubmit={submit} aria-label={label}>
      {children}
      <button className="account-button" type="submit" disabled={busy}>
        {submitLabel}
      </button>
      {message && (
        <p className={message.ok ? "form-ok" : "form-error"} role={message.ok ? "status" : "alert"}>
          {message.text}
        </p>
      )}
    </form>
  );
}
