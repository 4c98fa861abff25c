/** Who is asking, for rate limits (lab submits, sign-in): the first X-Forwarded-For hop, else X-Real-IP. */
export function clientKey(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip")?.trim() || "local";
}
