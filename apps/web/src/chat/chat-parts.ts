// What lazy-parts.tsx loads in one chunk: the parts of the chat that show data the page has to
// fetch first anyway.
export { Confirmations } from "./confirmations.tsx";
export { Messages } from "./messages.tsx";
export { TimelineList } from "./timeline.tsx";
