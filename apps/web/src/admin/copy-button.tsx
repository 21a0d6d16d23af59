// Copies a text (a token, a sign-in link) to the clipboard and says so where screen readers
// hear it; when the browser refuses (no permission, not a secure context), it says to copy by
// hand: the text is on screen, selectable.
import { useState } from "react";

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [outcome, setOutcome] = useState<"copied" | "failed" | null>(null);
  const copy = async () => {
    try {
      // Undefined outside a secure context: the TypeError lands here too.
      await navigator.clipboard.writeText(text);
      setOutcome("copied");
    } catch {
      setOutcome("failed");
    }
  };
  return (
    <>
      <button type="button" className="secondary outline copy" onClick={() => void copy()}>
        {label}
      </button>{" "}
      <small role="status">
        {outcome === "copied" ? "Copied." : outcome === "failed" ? "Select it and copy." : ""}
      </small>
    </>
  );
}
