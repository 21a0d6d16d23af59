// How a running turn reports its stream (`chat.stream`): the events are the wire contract's
// `TurnStreamEvent`; the sink is the server-side callback that receives them.
import type { TurnStreamEvent } from "@trellis/contract";

/** Receives a turn's events as they happen (synchronously: it must not throw or block). */
export type TurnEventSink = (event: TurnStreamEvent) => void;
