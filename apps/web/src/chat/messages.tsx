// The conversation: stored messages (oldest first) and, while a turn is on its way, the
// user's message and the coach's reply as the TurnView has it so far.
import type { ChatMessageDto } from "@trellis/sdk";
import { useEffect, useRef } from "react";
import type { TurnView } from "@trellis/sdk";

function Bubble({
  author,
  streaming = false,
  children,
}: {
  author: "user" | "coach";
  streaming?: boolean;
  children: React.ReactNode;
}) {
  return (
    <li
      className={`message message-${author}`}
      data-role={author}
      data-streaming={streaming || undefined}
    >
      <span className="visually-hidden">{author === "user" ? "You:" : "Coach:"} </span>
      {children}
    </li>
  );
}

export function Messages({
  history,
  view,
  message,
  busy,
}: {
  history: readonly ChatMessageDto[];
  view: TurnView;
  message: string | null;
  busy: boolean;
}) {
  const ids = new Set(history.map((item) => item.id));
  const result = view.result;
  // While a turn is in flight; once the refreshed history holds its messages, they show there.
  const showUser = busy && message !== null && !(result && ids.has(result.userMessageId));
  const showCoach =
    busy &&
    (view.status === "idle" || view.status === "streaming" || view.status === "completed") &&
    !(result && ids.has(result.coachMessage.id));
  const end = useRef<HTMLLIElement>(null);
  const count = history.length + (showUser ? 1 : 0) + (showCoach ? 1 : 0) + view.text.length;
  useEffect(() => {
    if (count > 0) end.current?.scrollIntoView?.({ block: "end" });
  }, [count]);
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: the list scrolls; keyboard users must reach it to scroll it (axe: scrollable-region-focusable, WCAG 2.1.1)
    <ol className="messages" aria-label="Conversation" aria-live="polite" tabIndex={0}>
      {history.map((item) => (
        <Bubble key={item.id} author={item.role}>
          {item.content}
        </Bubble>
      ))}
      {showUser && <Bubble author="user">{message}</Bubble>}
      {showCoach && (
        <Bubble author="coach" streaming={view.status === "streaming" && view.text !== ""}>
          {view.text || (
            <span aria-busy="true" data-testid="coach-thinking">
              The coach is thinking…
            </span>
          )}
        </Bubble>
      )}
      <li ref={end} aria-hidden="true" className="end" />
    </ol>
  );
}
