/**
 * Rewrites a prerendered HTML page to pure ASCII with the same meaning: character references
 * in markup, `\uXXXX` escapes inside scripts (the RSC payload is string literals there) and
 * CSS escapes inside styles.
 *
 * Why: `next start` keeps a prerendered page as a JavaScript string and writes it to the
 * socket on every request. One character outside Latin-1 (an arrow, "≤", "…" — a chapter has
 * ~140) makes V8 store the whole page as a two-byte string, and encoding 360 KB of it to UTF-8
 * per request was half of next start's CPU (bench/RESULTS.md, "Content (HTTP)"). An ASCII page
 * is copied, not encoded. Hand-written: no HTML library escapes every non-ASCII character
 * while leaving the bytes of scripts and styles exactly as they were.
 */

const RAW_TEXT = /<(script|style)\b[^>]*>|<\/(script|style)\s*>/gi;

export function toAsciiHtml(html: string): string {
  if (isAscii(html)) return html;
  let out = "";
  let at = 0;
  let inside: "script" | "style" | null = null;
  for (const tag of html.matchAll(RAW_TEXT)) {
    const opening = tag[1]?.toLowerCase() as "script" | "style" | undefined;
    const closing = tag[2]?.toLowerCase();
    // Only the element's own end tag ends it: "<script>" inside a script is text.
    if (inside ? closing !== inside : !opening) continue;
    out += escape(html.slice(at, tag.index), inside) + escape(tag[0], null);
    at = tag.index + tag[0].length;
    inside = inside ? null : opening!;
  }
  return out + escape(html.slice(at), inside);
}

export function isAscii(text: string): boolean {
  return /^[\x00-\x7f]*$/.test(text);
}

function escape(text: string, context: "script" | "style" | null): string {
  if (context === "script") {
    // Code units, not code points: JavaScript spells a character outside the BMP as two escapes.
    return text.replace(/[^\x00-\x7f]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, "0")}`);
  }
  if (context === "style") {
    // A CSS escape ends at the space after it.
    return text.replace(/[^\x00-\x7f]/gu, (char) => `\\${char.codePointAt(0)!.toString(16)} `);
  }
  return text.replace(/[^\x00-\x7f]/gu, (char) => `&#x${char.codePointAt(0)!.toString(16)};`);
}
