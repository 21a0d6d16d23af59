// The chat's heavier parts (the messages with their Markdown, the confirmations with their
// forms, the timeline with the catalog's icons) show data the page fetches first, so the message
// box need not wait for their bytes: they are one lazy chunk, requested when the page first
// renders, beside the API's first answers (not after them: that would be one more round trip).
import { type ComponentProps, lazy, type ReactNode, Suspense } from "react";

type Parts = typeof import("./chat-parts.ts");

let loading: Promise<Parts> | undefined;

/** Starts (once) loading the parts; the chat page calls it on its first render. */
export function loadChatParts(): Promise<Parts> {
  loading ??= import("./chat-parts.ts");
  return loading;
}

const LazyMessages = lazy(() => loadChatParts().then((parts) => ({ default: parts.Messages })));
const LazyConfirmations = lazy(() =>
  loadChatParts().then((parts) => ({ default: parts.Confirmations })),
);
const LazyTimelineList = lazy(() =>
  loadChatParts().then((parts) => ({ default: parts.TimelineList })),
);

function Loading({ what }: { what: string }): ReactNode {
  return <p aria-busy="true">Loading {what}…</p>;
}

export function Messages(props: ComponentProps<Parts["Messages"]>) {
  return (
    <Suspense fallback={<Loading what="the conversation" />}>
      <LazyMessages {...props} />
    </Suspense>
  );
}

export function Confirmations(props: ComponentProps<Parts["Confirmations"]>) {
  return (
    <Suspense fallback={null}>
      <LazyConfirmations {...props} />
    </Suspense>
  );
}

export function TimelineList(props: ComponentProps<Parts["TimelineList"]>) {
  return (
    <Suspense fallback={<Loading what="what the coach did" />}>
      <LazyTimelineList {...props} />
    </Suspense>
  );
}
