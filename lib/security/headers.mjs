/**
 * Security headers for every response (next.config.mjs `headers()`). Plain JavaScript so the
 * Next config can import it.
 *
 * Why each CSP source is there:
 * - script-src 'unsafe-inline': Next's app router streams its payload in inline <script> tags
 *   and the theme script runs inline in <head>; chapter pages are static, so per-request
 *   nonces (which force dynamic rendering) are not an option. 'unsafe-eval' only in
 *   `next dev` (React refresh).
 * - style-src 'unsafe-inline': KaTeX and shiki write inline styles, mermaid's SVGs carry
 *   <style> elements, CodeMirror injects style elements.
 * - img-src data: blob: and font-src data:: inline SVG/data images and KaTeX fonts.
 * - connect-src 'self': API calls and the SSE run stream are same-origin.
 * - frame-ancestors 'none': no page may be framed (clickjacking).
 */

/** @param {boolean} development */
export function contentSecurityPolicy(development) {
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** @param {boolean} development @returns {Array<{ key: string, value: string }>} */
export function securityHeaders(development) {
  return [
    { key: "Content-Security-Policy", value: contentSecurityPolicy(development) },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    // For browsers that predate frame-ancestors.
    { key: "X-Frame-Options", value: "DENY" },
  ];
}
