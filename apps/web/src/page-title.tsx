// The document's title while a screen is shown (the one before comes back when it goes). An
// effect, not a `<title>` element: Preact, which the build uses for React, does not hoist one
// into the head.
import { useEffect } from "react";

export function PageTitle({ children }: { children: string }) {
  useEffect(() => {
    const before = document.title;
    document.title = children;
    return () => {
      document.title = before;
    };
  }, [children]);
  return null;
}
