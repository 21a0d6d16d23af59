import "@picocss/pico/css/pico.min.css";
import "./styles.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app.tsx";
import { AuthProvider, takeTokenFromLink } from "./auth.tsx";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
createRoot(root).render(
  <StrictMode>
    <AuthProvider initialToken={takeTokenFromLink()}>
      <App />
    </AuthProvider>
  </StrictMode>,
);
