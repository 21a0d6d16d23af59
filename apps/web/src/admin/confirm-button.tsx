// A button for what cannot be undone: it opens a modal dialog that says what will happen, with
// Cancel (the default: focused first, and Escape) and the action itself.
import { type ReactNode, useId, useRef } from "react";

export function ConfirmButton({
  label,
  question,
  confirmLabel = label,
  onConfirm,
  busy = false,
  children,
}: {
  label: string;
  question: string;
  confirmLabel?: string;
  onConfirm(): void;
  busy?: boolean;
  /** What happens, in a sentence or two. */
  children: ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const close = () => dialog.current?.close();
  return (
    <>
      <button
        type="button"
        className="outline"
        aria-busy={busy}
        onClick={() => dialog.current?.showModal()}
      >
        {label}
      </button>
      <dialog ref={dialog} aria-labelledby={titleId}>
        <article>
          <h2 id={titleId}>{question}</h2>
          {children}
          <footer>
            {/* biome-ignore lint/a11y/noAutofocus: a dialog focuses its safe choice first */}
            <button type="button" className="secondary" autoFocus onClick={close}>
              Cancel
            </button>{" "}
            <button
              type="button"
              onClick={() => {
                close();
                onConfirm();
              }}
            >
              {confirmLabel}
            </button>
          </footer>
        </article>
      </dialog>
    </>
  );
}
