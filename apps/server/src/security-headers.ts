// Security headers. Every response (API, probes, MCP) gets the ones that cost nothing: no MIME
// sniffing, no framing, no Referer, its own browsing-context group, and a policy that lets a
// JSON answer load nothing. The web app's files get the app's policy instead (appPolicy): its
// own scripts and styles only, no inline script, API calls and event streams to its origin.
import type { ServerResponse } from "node:http";

/** For answers that are data, never a page: nothing may load, nothing may frame it. */
const API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/**
 * The built app (Vite: module scripts and stylesheets from /assets, no inline script). Pico's
 * icons are `data:` SVGs in its CSS. React sets `style` through the CSSOM, which CSP allows.
 */
export const APP_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** Sets the headers every response carries (the web app replaces the policy with its own). */
export function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader("x-content-type-options", "nosniff");
  res.setHeader("x-frame-options", "DENY");
  res.setHeader("referrer-policy", "no-referrer");
  res.setHeader("cross-origin-opener-policy", "same-origin");
  res.setHeader("content-security-policy", API_POLICY);
}
