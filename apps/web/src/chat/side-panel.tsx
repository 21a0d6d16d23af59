// The progress panel and the timeline: a column beside the chat on wide screens; on phones a
// section folded above the conversation (a tap opens it), so the chat keeps the screen.
import { type ReactNode, useEffect, useState } from "react";

const WIDE = "(min-width: 769px)";

function useWide(): boolean {
  const [wide, setWide] = useState(() => window.matchMedia(WIDE).matches);
  useEffect(() => {
    const query = window.matchMedia(WIDE);
    const update = () => setWide(query.matches);
    query.addEventListener("change", update);
    return () => query.removeEventListener("change", update);
  }, []);
  return wide;
}

export function SidePanel({ summary, children }: { summary: string; children: ReactNode }) {
  const wide = useWide();
  if (wide) {
    return (
      <aside className="side" aria-label="Your progress">
        {children}
      </aside>
    );
  }
  return (
    <aside className="side side-folded" aria-label="Your progress">
      <details>
        <summary>{summary}</summary>
        <div className="side-content">{children}</div>
      </details>
    </aside>
  );
}
