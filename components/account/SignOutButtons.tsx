"use client";
/** Sign out here, or everywhere (every session of this account, on every device). */
import { useState } from "react";
import { useRouter } from "next/navigation";
import { authClient } from "@/lib/auth/client";

export function SignOutButtons() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);

  async function signOut(everywhere: boolean) {
    setBusy(true);
    if (everywhere) await authClient.revokeSessions();
    await authClient.signOut();
    router.push("/");
    router.refresh();
  }

  return (
    <div className="inline-form">
      <button className="account-button secondary" type="button" disabled={busy} onClick={() => signOut(false)}>
        Sign out
      </button>
      <button className="account-button secondary" type="button" disabled={busy} onClick={() => signOut(true)}>
        Sign out everywhere
      </button>
    </div>
  );
}
