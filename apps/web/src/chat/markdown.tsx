// The coach's messages as Markdown (lists, emphasis, links, code), also while they stream in.
// markdown-to-jsx builds React elements (never innerHTML); raw HTML in a message is not parsed
// (it shows as text), its URL sanitizer drops `javascript:` and friends, and every link opens
// in a new tab without giving that page a handle on this one.
import Markdown from "markdown-to-jsx";
import type { ReactNode } from "react";

function ExternalLink({ href, children }: { href?: string; children?: ReactNode }) {
  return (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}

const OPTIONS = {
  disableParsingRawHTML: true,
  forceBlock: true,
  overrides: { a: { component: ExternalLink } },
};

export function CoachMarkdown({ text }: { text: string }) {
  return (
    <div className="markdown" dir="auto">
      <Markdown options={OPTIONS}>{text}</Markdown>
    </div>
  );
}
