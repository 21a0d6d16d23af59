// A conversation row (`ChatMessage`) as clients read it, its stored component included.
import type { ChatMessageDto, CoachComponent } from "@trellis/contract";
import { coachComponentSchema } from "@trellis/contract/schemas";
import type { ChatMessage } from "@trellis/db";
import type { EveryColumn } from "./columns.ts";

/** The trace and span ids of the turn that wrote a coach message are for operators only. */
type ServerOnly = "userId" | "traceId" | "spanId";

export function chatMessageDto(row: ChatMessage): ChatMessageDto {
  return {
    id: row.id,
    role: readMessageRole(row.role),
    content: row.content,
    component: readComponent(row.component),
    phase: row.phase,
    promptVersion: row.promptVersion,
    createdAt: row.createdAt,
  } satisfies EveryColumn<ChatMessage, ServerOnly>;
}

function readMessageRole(role: string): ChatMessageDto["role"] {
  return role === "coach" ? "coach" : "user";
}

/** The stored component, or null when the message has none or it is unreadable. */
export function readComponent(value: unknown): CoachComponent | null {
  const parsed = coachComponentSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
