// User rows (`User`, `UserNote`) as clients read them.
import type { Role, UserDto, UserNoteDto } from "@trellis/contract";
import type { User, UserNote } from "@trellis/db";
import type { EveryColumn } from "./columns.ts";

export function userDto(row: User): UserDto {
  return {
    id: row.id,
    email: row.email,
    firstName: row.firstName,
    lastName: row.lastName,
    role: readRole(row.role),
    createdAt: row.createdAt,
  } satisfies EveryColumn<User, "updatedAt">;
}

function readRole(role: string): Role {
  return role === "admin" ? "admin" : "user";
}

export function userNoteDto(row: UserNote): UserNoteDto {
  return {
    id: row.id,
    note: row.note,
    sourceMessageId: row.sourceMessageId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  } satisfies EveryColumn<UserNote, "userId">;
}
