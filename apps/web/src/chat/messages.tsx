// The conversation: stored messages (oldest first) and the turn on screen: the user's message
// and the coach's reply as the TurnView has it so far (streaming, stopped or failed). Each
// coach message shows the actions it caused; each message has its time (on hover or focus)
// and a copy button.
import type { ChatMessageDto, Json, TurnView } from "@trellis/sdk";
import { Copy, RotateCcw } from "lucide-react";
import { type ReactNode, useState } from "react";
import { type Catalog, titleOf } from "../catalog.ts";
import { CatalogIcon } from "../icons.tsx";
import { withoutBidiControls } from "../text.ts";
import { type ActionStatusWord, actionDetail, STATUS_WORDS } from "./action-words.ts";
import { CoachMarkdown } from "./markdown.tsx";

export interface MessageAction {
  actionId: string;
  actionType: string;
  status: ActionStatusWord;
  /** Params or result, for the chip's words (a phase change names its phase). */
  data?: Json | undefined;
}

/** Bookkeeping the message already shows (its reply buttons) or that means nothing to a reader. */
const NOT_SHOWN: ReadonlySet<string> = new Set(["show_canned_replies", "mark_question_asked"]);

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="message-tool"
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(() => setCopied(true));
      }}
      onBlur={() => setCopied(false)}
    >
      <Copy aria-hidden="true" size={14} />
      <span>{copied ? "Copied" : "Copy"}</span>
    </button>
  );
}

function Bubble({
  author,
  text,
  at,
  status,
  actions = [],
  catalog,
  children,
}: {
  author: "user" | "coach";
  text: string;
  at?: Date | undefined;
  status?: "streaming" | "stopped" | "failed" | undefined;
  actions?: readonly MessageAction[] | undefined;
  catalog: Catalog;
  children?: ReactNode;
}) {
  const shown = actions.filter((action) => !NOT_SHOWN.has(action.actionType));
  return (
    <li
      className={`message message-${author}`}
      data-role={author}
      data-streaming={status === "streaming" || undefined}
      data-status={status}
    >
      <span className="visually-hidden">{author === "user" ? "You:" : "Coach:"} </span>
      {/* Override controls could make a quoted name read backwards ("Alice RTL" as "Alice LTR"). */}
      {author === "coach" ? (
        <CoachMarkdown text={withoutBidiControls(text)} />
      ) : (
        <p className="user-text" dir="auto">
          {withoutBidiControls(text)}
        </p>
      )}
      {shown.length > 0 && (
        <ul className="message-actions" aria-label="What the coach did">
          {shown.map((action) => (
            <li key={action.actionId || action.actionType} data-status={action.status}>
              <CatalogIcon name={catalog.get(action.actionType)?.icon} />
              {action.status === "completed" && actionDetail(action) ? (
                actionDetail(action)
              ) : (
                <>
                  {titleOf(catalog, action.actionType)}
                  <span className="action-status"> · {STATUS_WORDS[action.status]}</span>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {children}
      <div className="message-meta">
        {at && (
          <time dateTime={at.toISOString()} title={at.toLocaleString()}>
            {timeFormat.format(at)}
          </time>
        )}
        {text !== "" && status !== "streaming" && <CopyButton text={text} />}
      </div>
    </li>
  );
}

export function Messages({
  history,
  turn,
  catalog,
  actionsOf,
  onRetry,
}: {
  history: readonly ChatMessageDto[];
  turn: {
    view: TurnView;
    message: string | null;
    userMessageId: string | null;
    busy: boolean;
  };
  catalog: Catalog;
  /** The actions a stored coach message caused. */
  actionsOf(messageId: string): readonly MessageAction[];
  onRetry(): void;
}) {
  const { view, message, busy } = turn;
  const ids = new Set(history.map((item) => item.id));
  const ended = view.status === "stopped" || view.status === "failed";
  const onScreen = busy || ended;
  const showUser =
    onScreen &&
    message !== null &&
    !(turn.userMessageId !== null && ids.has(turn.userMessageId)) &&
    !(view.result && ids.has(view.result.userMessageId));
  const showCoach = onScreen && !(view.result && ids.has(view.result.coachMessage.id));
  const retry = (
    <p className="turn-end">
      <span>
        {view.status === "stopped"
          ? "You stopped this reply; nothing was applied."
          : (view.error?.message ?? "The reply did not arrive.")}
      </span>{" "}
      <button type="button" className="message-tool" onClick={onRetry}>
        <RotateCcw aria-hidden="true" size={14} />
        <span>Retry</span>
      </button>
    </p>
  );
  return (
    <ol className="messages" aria-label="Conversation">
      {history.map((item) => (
        <Bubble
          key={item.id}
          author={item.role}
          text={item.content}
          at={item.createdAt}
          actions={item.role === "coach" ? actionsOf(item.id) : undefined}
          catalog={catalog}
        />
      ))}
      {showUser && <Bubble author="user" text={message} catalog={catalog} />}
      {showCoach &&
        (view.text === "" && !ended ? (
          <li className="message message-coach" data-role="coach" data-status="waiting">
            <span aria-busy="true" data-testid="coach-thinking">
              The coach is thinking…
            </span>
          </li>
        ) : (
          <Bubble
            author="coach"
            text={view.text}
            status={ended ? (view.status === "stopped" ? "stopped" : "failed") : "streaming"}
            actions={view.actions.map((action) => ({
              ...action,
              data: action.outcome?.status === "completed" ? action.outcome.result : undefined,
            }))}
            catalog={catalog}
          >
            {ended && retry}
          </Bubble>
        ))}
    </ol>
  );
}
