import Link from "next/link";
import { Suspense } from "react";
import { CredentialsForm } from "@/components/account/CredentialsForm";
import "@/components/account/account.css";

export const metadata = { title: "Sign in" };

export default function SignInPage() {
  return (
    <div className="account-page">
      <h1>Sign in</h1>
      <p className="lede">Reading is open to everyone; running labs and keeping your progress needs an account.</p>
      <div className="account-card">
        <Suspense>
          <CredentialsForm mode="sign-in" />
        </Suspense>
      </div>
      <p>
        New here? <Link href="/sign-up">Create an account</Link>.
      </p>
    </div>
  );
}
