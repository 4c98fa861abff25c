/**
 * Student-controlled text (error messages, thrown values, returned values) ends up in
 * diagnoses, run events and gradebooks. Cutting it here, once, keeps a hostile answer from
 * flooding a page, a Redis stream or a Postgres row.
 */
export const STUDENT_TEXT_LIMIT = 2048;

/**
 * `text` cut to `limit` characters with a note saying how much was dropped. `fullLength`
 * is the length before an earlier cut (the sandbox cuts inside QuickJS first), so the note
 * counts what the student actually wrote.
 */
export function boundText(
  text: string,
  limit = STUDENT_TEXT_LIMIT,
  fullLength = text.length,
): string {
  const total = Math.max(fullLength, text.length);
  if (total <= limit) return text;
  let end = Math.min(limit, text.length);
  // Never leave half of a surrogate pair: it would not survive a round trip through UTF-8.
  const last = text.charCodeAt(end - 1);
  if (end > 0 && last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}… (cut: ${total - end} more characters)`;
}

/** A JSON value shown to the student, cut like `boundText`. */
export function boundJson(value: unknown, limit = STUDENT_TEXT_LIMIT): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined;
  }
  return boundText(json ?? String(value), limit);
}
