// The message box: a textarea that grows with its text (CSS field-sizing), Enter sends and
// Shift+Enter breaks the line, a counter near the limit, a clear note when a paste is cut to
// the limit. What is typed is kept as a draft (localStorage) until it is sent, so a reload, a
// dropped connection or a failed send never loses it. The box is usable before the page knows
// whose draft it is (a first load, before `account.me` answers): the draft comes in then,
// unless the user has started typing.
import { MESSAGE_MAX_CHARS } from "@trellis/sdk";
import { SendHorizontal, Square } from "lucide-react";
import { type ClipboardEvent, type KeyboardEvent, useEffect, useId, useState } from "react";

/** The counter shows from here on. */
const COUNTER_FROM = Math.floor(MESSAGE_MAX_CHARS * 0.8);

function readDraft(key: string): string {
  try {
    return window.localStorage.getItem(key) ?? "";
  } catch {
    return "";
  }
}

function writeDraft(key: string, text: string): void {
  try {
    if (text === "") window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, text);
  } catch {
    // Storage full or denied: the text stays in the box.
  }
}

export function Composer({
  draftKey,
  busy,
  stopping,
  restore,
  onSend,
  onStop,
}: {
  /** Where the draft is kept (per user and conversation); null until the user is known. */
  draftKey: string | null;
  busy: boolean;
  stopping: boolean;
  /** A message to put back in the box (a send that failed), with a counter to re-apply it. */
  restore: { text: string; at: number } | null;
  onSend(message: string): void;
  onStop(): void;
}) {
  const [text, setText] = useState(() => (draftKey ? readDraft(draftKey) : ""));
  const [keyInUse, setKeyInUse] = useState(draftKey);
  if (keyInUse !== draftKey) {
    // Read before the effect below writes the box's text under the new key.
    setKeyInUse(draftKey);
    if (draftKey && text === "") setText(readDraft(draftKey));
  }
  const [cut, setCut] = useState<number | null>(null);
  const id = useId();
  useEffect(() => {
    if (keyInUse) writeDraft(keyInUse, text);
  }, [keyInUse, text]);
  useEffect(() => {
    if (restore) setText((current) => current || restore.text);
  }, [restore]);

  const submit = () => {
    const message = text.trim();
    if (!message || busy) return;
    setText("");
    setCut(null);
    onSend(message);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter sends; Shift+Enter (and Enter while an input method composes) is a new line.
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };
  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    const pasted = event.clipboardData.getData("text");
    const target = event.currentTarget;
    const room = MESSAGE_MAX_CHARS - (text.length - (target.selectionEnd - target.selectionStart));
    setCut(pasted.length > room ? pasted.length - Math.max(room, 0) : null);
  };
  const left = MESSAGE_MAX_CHARS - text.length;
  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <label htmlFor={id} className="visually-hidden">
        Your message
      </label>
      <div className="composer-row">
        <textarea
          id={id}
          name="message"
          rows={1}
          dir="auto"
          placeholder="Write to your coach…"
          autoComplete="off"
          value={text}
          maxLength={MESSAGE_MAX_CHARS}
          aria-describedby={`${id}-help`}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
        />
        {busy ? (
          <button
            type="button"
            className="secondary icon-button"
            onClick={onStop}
            disabled={stopping}
          >
            <Square aria-hidden="true" size={16} /> Stop
          </button>
        ) : (
          <button type="submit" className="icon-button" disabled={text.trim() === ""}>
            <SendHorizontal aria-hidden="true" size={16} /> Send
          </button>
        )}
      </div>
      <p id={`${id}-help`} className="composer-help" aria-live="polite">
        {cut !== null && (
          <span className="error" data-testid="paste-cut">
            Your paste was {cut.toLocaleString()} characters too long: messages hold up to{" "}
            {MESSAGE_MAX_CHARS.toLocaleString()}, so the end was left out.{" "}
          </span>
        )}
        {text.length >= COUNTER_FROM ? (
          <span data-testid="counter">{left.toLocaleString()} characters left</span>
        ) : (
          <span className="hint">Enter sends, Shift+Enter starts a new line.</span>
        )}
      </p>
    </form>
  );
}
