/**
 * Where to go after signing in: a same-origin path only, since an open redirect would be a
 * phishing aid. Browsers read `/\evil.com` as `//evil.com` and drop tabs and newlines from
 * URLs, so those are refused outright; the rest is resolved against a dummy origin and must
 * stay on it.
 */
const DUMMY_ORIGIN = "http://faultline.invalid";

export function safeNext(raw: string | null | undefined, fallback = "/dashboard"): string {
  if (!raw || !raw.startsWith("/") || raw.startsWith("//")) return fallback;
  if (/[\\\u0000-\u001f\u007f]/.test(raw)) return fallback;
  let url: URL;
  try {
    url = new URL(raw, DUMMY_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== DUMMY_ORIGIN) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
