// Where the user stands: the phase (by its title) and progress through the phases, the
// identities with their state and notes, and what the coach has noted about the user.
import { PHASES, type StateDto } from "@trellis/sdk";
import { label, phaseTitle } from "../phases.ts";
import { withoutBidiControls } from "../text.ts";

export function StatePanel({ state }: { state: StateDto }) {
  const index = PHASES.findIndex((entry) => entry.phase === state.state.phase);
  const identities = state.identities.filter((identity) => identity.state !== "archived");
  return (
    <section aria-labelledby="state-title" data-phase={state.state.phase}>
      <h2 id="state-title">Your progress</h2>
      <p>
        <strong data-testid="phase">{phaseTitle(state.state.phase)}</strong>{" "}
        <small>
          (step {index + 1} of {PHASES.length})
        </small>
      </p>
      <progress value={index + 1} max={PHASES.length} aria-label="Progress through the steps" />
      <h3>Identities</h3>
      {identities.length === 0 ? (
        <p>
          <small>None yet.</small>
        </p>
      ) : (
        <ul className="identities">
          {identities.map((identity) => (
            <li key={identity.id} data-state={identity.state}>
              <strong dir="auto">{withoutBidiControls(identity.name)}</strong>{" "}
              <small>({label(identity.state)})</small>
              {identity.iAmStatement && (
                <blockquote dir="auto">{withoutBidiControls(identity.iAmStatement)}</blockquote>
              )}
              {identity.notes.length > 0 && (
                <ul>
                  {identity.notes.map((note) => (
                    <li key={note}>
                      <small dir="auto">{note}</small>
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
                <small dir="auto">{note.note}</small>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
