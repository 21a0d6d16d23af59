// The operator console (admin accounts): prompts, test scenarios, the action log, model usage
// and cost, users and tokens. Loaded lazily: a chat user's browser never downloads it.
import "./console.css";
import { Link, Route, Switch, useRoute } from "wouter";
import { ChatPage } from "../chat/chat-page.tsx";
import { ActionLog } from "./action-log.tsx";
import { Evals } from "./evals/index.tsx";
import { Prompts } from "./prompts.tsx";
import { Scenarios } from "./scenarios.tsx";
import { Usage } from "./usage.tsx";
import { Users } from "./users.tsx";

const SECTIONS = [
  { path: "/prompts", title: "Prompts" },
  { path: "/scenarios", title: "Scenarios" },
  { path: "/log", title: "Action log" },
  { path: "/usage", title: "Usage" },
  { path: "/users", title: "Users & tokens" },
  { path: "/evals", title: "Evals" },
] as const;

function SectionLink({ path, title }: { path: string; title: string }) {
  const [active] = useRoute(`${path}/*?`);
  return (
    <Link href={path} aria-current={active ? "page" : undefined}>
      {title}
    </Link>
  );
}

export default function Console() {
  return (
    <div className="console">
      <nav aria-label="Console">
        <ul>
          {SECTIONS.map((section) => (
            <li key={section.path}>
              <SectionLink {...section} />
            </li>
          ))}
        </ul>
      </nav>
      <Switch>
        <Route path="/prompts">
          <Prompts />
        </Route>
        <Route path="/scenarios/:id/chat">
          {(params) => <ScenarioChat scenarioId={params.id} />}
        </Route>
        <Route path="/scenarios">
          <Scenarios />
        </Route>
        <Route path="/log">
          <ActionLog />
        </Route>
        <Route path="/usage">
          <Usage />
        </Route>
        <Route path="/users">
          <Users />
        </Route>
        <Route path="/evals" nest>
          <Evals />
        </Route>
        <Route>
          <h1>Operator console</h1>
          <p>Edit prompts, try them on test scenarios, read the action log, manage access.</p>
        </Route>
      </Switch>
    </div>
  );
}

function ScenarioChat({ scenarioId }: { scenarioId: string }) {
  const version = new URLSearchParams(window.location.search).get("promptVersion");
  const promptVersion = version ? Number(version) : undefined;
  return (
    <>
      <h1>Chat as the scenario's user</h1>
      <p>
        <small>
          Scenario <code>{scenarioId}</code>
          {promptVersion !== undefined && <> with prompt version {promptVersion} pinned</>}.{" "}
          <Link href="/scenarios">Back to scenarios</Link>
        </small>
      </p>
      <ChatPage testScenarioId={scenarioId} promptVersion={promptVersion} />
    </>
  );
}
