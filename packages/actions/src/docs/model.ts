import type { ReferenceKind } from "../define/refs.ts";
import type { Invoker } from "../domain/invokers.ts";
import type { Phase } from "../domain/phases.ts";
import type { JsonObject } from "../schema/json.ts";

/** Everything the docs say, as data; `renderDocs` turns it into markdown. */
export interface DocsModel {
  readonly actions: readonly ActionDoc[];
  readonly phases: readonly PhaseDoc[];
  readonly limits: Readonly<Record<string, number>>;
}

export interface ActionDoc {
  readonly type: string;
  readonly constant: string;
  readonly title: string;
  readonly icon: string;
  readonly description: string;
  readonly invokers: readonly Invoker[];
  readonly confirmation: boolean;
  /** Phases whose coach may use it (empty for system-only actions). */
  readonly phases: readonly Phase[];
  /** Full JSON Schema of the params as callers send them (optional keys may be absent). */
  readonly params: JsonObject;
  /** The strict form the model fills in (every key present, optional ones nullable). */
  readonly strictParams: JsonObject;
  readonly result: JsonObject;
  /** Params holding ids of the user's entities (ownership is checked on the server). */
  readonly references: readonly { readonly path: string; readonly kind: ReferenceKind }[];
}

export interface PhaseDoc {
  readonly phase: Phase;
  readonly position: number;
  readonly actions: readonly string[];
  readonly transitions: readonly Phase[];
}
