// Where the user stands: the phase and progress through the phases, the identities with their
// state and notes, and what the coach has noted about the user.
import type { StateDto } from "@trellis/sdk";
import { label, PHASES } from "../phases.ts";

export function StatePanel({ state }: { state: StateDto }) {
  const index = PHASES.indexOf(state.state.phase);
  const identities = state.identities.filter((identity) => identity.state !== "archived");
  return (
    <section aria-labelledby="state-title" data-phase={state.state.phase}>
      <h2 id="state-title">Your progress</h2>
      <p>
        Phase <strong data-testid="phase">{label(state.state.phase)}</strong> ({index + 1} of{" "}
        {PHASES.length})
      </p>
      <progress value={index + 1} max={PHASES.length} aria-label="Progress through the phases" />
      <h3>Identities</h3>
      {identities.length === 0 ? (
        <p>
          <small>None yet.</small>
        </p>
      ) : (
        <ul className="identities">
          {identities.map((identity) => (
            <li key={identity.id} data-state={identity.state}>
              <strong>{identity.name}</strong> <small>({label(identity.state)})</small>
              {identity.iAmStatement && <blockquote>{identity.iAmStatement}</blockquote>}
              {identity.notes.length > 0 && (
                <ul>
                  {identity.notes.map((note) => (
                    <li key={note}>
                      <small>{note}</small>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
      {state.notes.length > 0 && (
        <>
          <h3>Notes about you</h3>
          <ul>
            {state.notes.map((note) => (
              <li key={note.id}>
                <small>{note.note}</small>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
