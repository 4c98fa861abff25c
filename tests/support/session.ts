/**
 * A real signed-in user for route-handler tests: signs up through better-auth itself and
 * returns the session cookie a browser would send.
 */
import { randomUUID } from "node:crypto";

export interface TestSession {
  userId: string;
  email: string;
  cookie: string;
}

export async function signedInUser(label = "user"): Promise<TestSession> {
  const { auth } = await import("@/lib/auth/auth");
  const email = `${label}-${randomUUID().slice(0, 8)}@test.faultline.local`;
  const response = await auth().api.signUpEmail({
    body: { email, password: `pw-${randomUUID()}`, name: label },
    headers: new Headers({ "x-forwarded-for": `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` }),
    asResponse: true,
  });
  if (!response.ok) throw new Error(`sign-up failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const body = (await response.json()) as { user: { id: string } };
  return { userId: body.user.id, email, cookie };
}
