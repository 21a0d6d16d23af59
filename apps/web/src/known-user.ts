// Whose token the browser holds, remembered from `account.me`: on a reload the chat knows the
// user (and so their draft) before the API has answered, and shows the message box at once.
// Forgotten whenever the token changes.
import { useEffect, useState } from "react";

const KEY = "trellis.userId";

/** The signed-in user's id: `account.me`'s once it has answered, the remembered one before. */
export function useUserId(answered: string | undefined): string | null {
  const [remembered] = useState(knownUserId);
  useEffect(() => {
    if (answered) rememberUserId(answered);
  }, [answered]);
  return answered ?? remembered;
}

function knownUserId(): string | null {
  try {
    return window.localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

function rememberUserId(id: string): void {
  try {
    window.localStorage.setItem(KEY, id);
  } catch {
    // Storage denied: the next load waits for the API to say who this is.
  }
}

export function forgetUserId(): void {
  try {
    window.localStorage.removeItem(KEY);
  } catch {
    // Nothing was remembered.
  }
}
