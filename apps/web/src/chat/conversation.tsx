// The one scrolling area of the chat: it follows new words only while the reader is at the
// bottom (use-stick-to-bottom: a reader who scrolls up stays where they are), offers a
// "Jump to latest" button otherwise, loads earlier messages when its top comes into view, and
// never scrolls the window.
import { ArrowDown } from "lucide-react";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { useStickToBottom } from "use-stick-to-bottom";

export function Conversation({
  hasEarlier,
  loadingEarlier,
  onLoadEarlier,
  followKey,
  children,
}: {
  hasEarlier: boolean;
  loadingEarlier: boolean;
  onLoadEarlier(): void;
  /** Changes when the user sends: the view goes to the bottom to show their message. */
  followKey: unknown;
  children: ReactNode;
}) {
  const { scrollRef, contentRef, isAtBottom, scrollToBottom } = useStickToBottom({
    initial: "instant",
    resize: "smooth",
  });
  const top = useRef<HTMLDivElement>(null);

  // The top of the list in view once the reader has scrolled (not while the first page is
  // still being put at the bottom): the page before loads (the button does the same by hand).
  const [scrolled, setScrolled] = useState(false);
  useEffect(() => {
    const root = scrollRef.current;
    if (!root || scrolled) return;
    const onScroll = () => {
      if (root.scrollTop < root.scrollHeight - root.clientHeight - 4) setScrolled(true);
    };
    root.addEventListener("scroll", onScroll, { passive: true });
    return () => root.removeEventListener("scroll", onScroll);
  }, [scrollRef, scrolled]);
  useEffect(() => {
    const marker = top.current;
    const root = scrollRef.current;
    if (!marker || !root || !hasEarlier || !scrolled) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) onLoadEarlier();
      },
      { root, rootMargin: "200px 0px 0px 0px" },
    );
    observer.observe(marker);
    return () => observer.disconnect();
  }, [hasEarlier, onLoadEarlier, scrollRef, scrolled]);

  // Only a new send moves the view (scrollToBottom is a new function on many renders).
  const followed = useRef(followKey);
  useEffect(() => {
    if (followKey === followed.current) return;
    followed.current = followKey;
    void scrollToBottom("instant");
  }, [followKey, scrollToBottom]);

  return (
    <div className="conversation-frame">
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: the conversation scrolls; keyboard users must reach it to scroll it (axe: scrollable-region-focusable) */}
      <div className="conversation" ref={scrollRef} tabIndex={0} data-testid="conversation">
        <div ref={contentRef} className="conversation-content">
          <div ref={top} className="earlier">
            {hasEarlier && (
              <button
                type="button"
                className="secondary outline"
                aria-busy={loadingEarlier}
                onClick={onLoadEarlier}
              >
                Show earlier messages
              </button>
            )}
          </div>
          {children}
        </div>
      </div>
      {!isAtBottom && (
        <button
          type="button"
          className="jump-to-latest icon-button"
          onClick={() => void scrollToBottom("smooth")}
        >
          <ArrowDown aria-hidden="true" size={16} /> Jump to latest
        </button>
      )}
    </div>
  );
}
