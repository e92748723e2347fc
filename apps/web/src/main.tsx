// One build, two windows: /chat is the chat window, everything else the status window. Each is
// its own chunk, so the status window never downloads the markdown renderer.
import { lazy, StrictMode, Suspense } from "react";
import { createRoot } from "react-dom/client";
import { ProblemBoundary } from "./shared/ProblemBoundary.tsx";
import { applyTheme, loadTheme } from "./shared/theme.ts";
import "./styles.css";

const ChatApp = lazy(() => import("./chat/ChatApp.tsx").then((m) => ({ default: m.ChatApp })));
const StatusApp = lazy(() => import("./status/StatusApp.tsx").then((m) => ({ default: m.StatusApp })));

applyTheme(loadTheme());
const root = document.getElementById("root");
if (root) {
  const isChat = window.location.pathname.startsWith("/chat");
  document.title = isChat ? "Chat · OpenCode Turnkey" : "Status · OpenCode Turnkey";
  createRoot(root).render(
    <StrictMode>
      <ProblemBoundary what="This window" whole typedKept={isChat}>
        <Suspense fallback={null}>{isChat ? <ChatApp /> : <StatusApp />}</Suspense>
      </ProblemBoundary>
    </StrictMode>,
  );
}
