import Link from "next/link";
import { Suspense } from "react";
import { CredentialsForm } from "@/components/account/CredentialsForm";
import "@/components/account/account.css";

export const metadata = { title: "Create an account" };

export default function SignUpPage() {
  return (
    <div className="account-page">
      <h1>Create an account</h1>
      <p className="lede">Your runs, grades and progress are yours: only you and the instructors of your cohorts see them.</p>
      <div className="account-card">
        <Suspense>
          <CredentialsForm mode="sign-up" />
        </Suspense>
      </div>
      <p>
        Already have one? <Link href="/sign-in">Sign in</Link>.
      </p>
    </div>
  );
}
