// The one JSON type: what is stored in JSON columns and what travels in them. Defined once, in
// @trellis/actions (the bottom package, whose derived schemas are JSON too).
export type { /** @public */ JsonObject, JsonValue as Json } from "@trellis/actions";
