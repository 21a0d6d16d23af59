// A row of reply buttons: the coach's quick replies, or the greeting's ways to begin.
export function QuickReplies({
  label,
  replies,
  onPick,
}: {
  label: string;
  replies: readonly string[];
  onPick(reply: string): void;
}) {
  if (replies.length === 0) return null;
  return (
    <fieldset className="quick-replies" aria-label={label}>
      {replies.map((reply) => (
        <button
          key={reply}
          type="button"
          className="outline"
          dir="auto"
          onClick={() => onPick(reply)}
        >
          {reply}
        </button>
      ))}
    </fieldset>
  );
}
