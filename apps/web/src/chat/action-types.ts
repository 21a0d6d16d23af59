// Narrowing stored action type names (strings) to the SDK's ActionType.
import { ActionType } from "@trellis/sdk";

const actionTypes: ReadonlySet<string> = new Set(Object.values(ActionType));

export function isActionType(value: string): value is ActionType {
  return actionTypes.has(value);
}
