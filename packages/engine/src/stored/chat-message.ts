// A conversation row (`ChatMessage`) as clients read it, its stored component included.
import type { ChatMessageDto, CoachComponent } from "@trellis/contract";
import { coachComponentSchema } from "@trellis/contract/schemas";
import type { ChatMessage } from "@trellis/db";
import type { EveryColumn } from "./columns.ts";

export function chatMessageDto(row: ChatMessage): ChatMessageDto {
  return {
    id: row.id,
    role: readMessageRole(row.role),
    content: row.content,
    component: readComponent(row.component),
    phase: row.phase,
    promptVersion: row.promptVersion,
    createdAt: row.createdAt,
  } satisfies EveryColumn<ChatMessage, "userId">;
}

function readMessageRole(role: string): ChatMessageDto["role"] {
  return role === "coach" ? "coach" : "user";
}

/** The stored component, or null when the message has none or it is unreadable. */
export function readComponent(value: unknown): CoachComponent | null {
  const parsed = coachComponentSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
