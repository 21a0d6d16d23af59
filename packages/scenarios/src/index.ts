// Test scenarios: a domain service (freeze a user's state, instantiate it as a new user, reset
// it), not transport. The api's admin router calls it; it depends on db and engine only.
export {
  countsOf,
  freezeUser,
  instantiateScenario,
  resetScenarioUser,
  ScenarioError,
} from "./scenarios.ts";
