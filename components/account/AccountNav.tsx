"use client";
/**
 * The header's account links. A client component on purpose: reading the session on the
 * server would make every page (chapters included) dynamic, losing their static caching.
 * It asks /api/auth/get-session with a plain fetch rather than better-auth's client, which
 * would add ~18 KB to every chapter's first load. Links are conveniences; every page and
 * route checks the role on the server.
 */
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";

interface SessionUser {
  name: string;
  email: string;
  role?: string;
}

export function AccountNav() {
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);
  // The header outlives client-side navigations: ask again after each one, so signing in or
  // out (which navigates) shows at once.
  const pathname = usePathname();
  useEffect(() => {
    let cancelled = false;
    fetch("/api/auth/get-session", { credentials: "same-origin" })
      .then((r) => (r.ok ? (r.json() as Promise<{ user?: SessionUser } | null>) : null))
      .then((body) => !cancelled && setUser(body?.user ?? null))
      .catch(() => !cancelled && setUser(null));
    return () => {
      cancelled = true;
    };
  }, [pathname]);
  if (user === undefined) return <nav className="account-nav" aria-label="Account" aria-busy="true" />;
  if (!user) {
    return (
      <nav className="account-nav" aria-label="Account">
        {/* Not prefetched: that would fetch the sign-in form and better-auth's client (~13 KB
            gzipped) on every anonymous chapter visit. */}
        <Link href="/sign-in" prefetch={false}>
          Sign in
        </Link>
      </nav>
    );
  }
  const staff = user.role === "instructor" || user.role === "admin";
  return (
    <nav className="account-nav" aria-label="Account">
      <Link href="/dashboard">Dashboard</Link>
      {staff && <Link href="/instructor">Instructor</Link>}
      {user.role === "admin" && <Link href="/admin/users">Users</Link>}
      {user.role === "admin" && <Link href="/admin/operations">Operations</Link>}
      <Link href="/account" title={user.email}>
        {user.name}
      </Link>
    </nav>
  );
}
