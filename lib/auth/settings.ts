/**
 * The secret and public URL better-auth runs with. Outside production a fixed development
 * secret is fine; in production a missing secret (anyone could forge sessions with the
 * published fallback) or a plain-http public URL (cookies would not be Secure) is refused.
 */
import { isProduction } from "@/lib/db/demo-users";

type Env = Readonly<Record<string, string | undefined>>;

export const DEVELOPMENT_SECRET = "faultline-development-secret-change-me-in-production";
const MIN_SECRET_LENGTH = 32;
// Plain http is only safe when the browser and the server are the same machine.
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** One line naming the problem and the fix, or null when the settings are safe. */
export function productionAuthProblem(env: Env): string | null {
  const secret = env.BETTER_AUTH_SECRET;
  if (!secret) return "BETTER_AUTH_SECRET is not set: production needs its own secret to sign sessions (e.g. BETTER_AUTH_SECRET=$(openssl rand -hex 32)).";
  if (secret === DEVELOPMENT_SECRET || secret.length < MIN_SECRET_LENGTH) return `BETTER_AUTH_SECRET is too weak: use a random string of at least ${MIN_SECRET_LENGTH} characters (e.g. $(openssl rand -hex 32)).`;
  const raw = env.BETTER_AUTH_URL;
  if (!raw) return "BETTER_AUTH_URL is not set: production needs the site's public https:// URL (http:// is allowed for localhost and 127.0.0.1 only).";
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `BETTER_AUTH_URL=${raw} is not a URL: give the site's public https:// URL.`;
  }
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname)) return null;
  return `BETTER_AUTH_URL=${raw} is not https: production cookies must be Secure; use https:// (http:// is allowed for localhost and 127.0.0.1 only).`;
}

export function authSettings(env: Env, port: number): { secret: string; baseURL: string } {
  if (isProduction(env)) {
    const problem = productionAuthProblem(env);
    if (problem) throw new Error(problem);
  }
  return {
    secret: env.BETTER_AUTH_SECRET ?? DEVELOPMENT_SECRET,
    baseURL: env.BETTER_AUTH_URL ?? `http://localhost:${port}`,
  };
}
