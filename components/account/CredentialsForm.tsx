"use client";
/** Sign in or sign up with email and password (better-auth), then go where the user was headed. */
import { useState, type FormEvent } from "react";
import { useRouter, useSearchParams } from "next/navigation";
import { authClient } from "@/lib/auth/client";
import { safeNext } from "@/lib/auth/safe-next";

export function CredentialsForm({ mode }: { mode: "sign-in" | "sign-up" }) {
  const router = useRouter();
  const params = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const next = safeNext(params.get("next"));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "");
    const password = String(form.get("password") ?? "");
    setBusy(true);
    setError(null);
    const result =
      mode === "sign-up"
        ? await authClient.signUp.email({ email, password, name: String(form.get("name") ?? "").trim() || email.split("@")[0]! })
        : await authClient.signIn.email({ email, password });
    setBusy(false);
    if (result.error) {
      setError(result.error.message ?? "That did not work; check your details and try again.");
      return;
    }
    router.push(next);
    router.refresh();
  }

  return (
    <form className="account-form" onSubmit={submit} aria-describedby={error ? "credentials-error" : undefined}>
      {mode === "sign-up" && (
        <label>
          Name
          <input name="name" autoComplete="name" required minLength={1} maxLength={80} />
        </label>
      )}
      <label>
        Email
        <input name="email" type="email" autoComplete="email" required />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete={mode === "sign-up" ? "new-password" : "current-password"} required minLength={8} />
      </label>
      {error && (
        <p id="credentials-error" className="form-error" role="alert">
          {error}
        </p>
      )}
      <button className="account-button" type="submit" disabled={busy}>
        {mode === "sign-up" ? "Create account" : "Sign in"}
      </button>
    </form>
  );
}
