import { requireViewer } from "@/lib/auth/require";
import { SignOutButtons } from "@/components/account/SignOutButtons";
import "@/components/account/account.css";

export const dynamic = "force-dynamic";
export const metadata = { title: "Account" };

export default async function AccountPage() {
  const viewer = await requireViewer("/account");
  return (
    <div className="account-page">
      <h1>{viewer.name}</h1>
      <p className="lede">
        {viewer.email} · <span data-testid="role">{viewer.role}</span>
      </p>
      <section className="account-card">
        <h2>Sessions</h2>
        <p className="muted">“Sign out everywhere” ends every session of this account, on every device.</p>
        <SignOutButtons />
      </section>
    </div>
  );
}
