// The first screen of a new conversation: a greeting and a few ways to begin.
import { Sprout } from "lucide-react";
import { withoutBidiControls } from "../text.ts";
import { QuickReplies } from "./quick-replies.tsx";

const STARTS = [
  "Hi! I'm ready to start.",
  "What will we do together?",
  "I want to become the kind of person who keeps going.",
];

export function Greeting({
  name,
  onStart,
}: {
  name: string | undefined;
  onStart(text: string): void;
}) {
  return (
    <div className="greeting">
      <Sprout aria-hidden="true" size={32} className="greeting-icon" />
      <h2 dir="auto">{name ? `Hello, ${withoutBidiControls(name)}!` : "Hello!"}</h2>
      <p>
        I'm your coach. Together we will find who you want to become, name those identities, and
        turn them into "I am" statements you can live by. Say hello in your own words, or pick a
        start:
      </p>
      <QuickReplies label="Ways to begin" replies={STARTS} onPick={onStart} />
    </div>
  );
}
