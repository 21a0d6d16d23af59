// The connection in words: reconnecting (the live stream dropped and tRPC's client is trying
// again), offline (the browser says there is no network), and, for a few seconds, back.
import { Wifi, WifiOff } from "lucide-react";
import { useEffect, useState } from "react";

export type Connection = "online" | "reconnecting" | "offline";

/** The browser's online flag, kept current. */
export function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener("online", update);
    window.addEventListener("offline", update);
    return () => {
      window.removeEventListener("online", update);
      window.removeEventListener("offline", update);
    };
  }, []);
  return online;
}

export function ConnectionBanner({ connection }: { connection: Connection }) {
  const [wasDown, setWasDown] = useState(false);
  const [back, setBack] = useState(false);
  useEffect(() => {
    if (connection !== "online") {
      setWasDown(true);
      setBack(false);
      return;
    }
    if (!wasDown) return;
    setWasDown(false);
    setBack(true);
    const timer = setTimeout(() => setBack(false), 4_000);
    return () => clearTimeout(timer);
  }, [connection, wasDown]);
  return (
    <div className="connection" role="status" data-connection={back ? "back" : connection}>
      {connection === "offline" && (
        <p className="banner banner-offline">
          <WifiOff aria-hidden="true" size={16} /> You are offline. What you write is kept and sent
          when you are back.
        </p>
      )}
      {connection === "reconnecting" && (
        <p className="banner banner-reconnecting" aria-busy="true">
          <WifiOff aria-hidden="true" size={16} /> Reconnecting to the server… What you write is
          kept.
        </p>
      )}
      {connection === "online" && back && (
        <p className="banner banner-back">
          <Wifi aria-hidden="true" size={16} /> Back online.
        </p>
      )}
    </div>
  );
}
