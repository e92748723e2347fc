// @vitest-environment happy-dom
// The one "scroll the virtualized list to a message, act once its row is rendered" behind Go to and
// Find: one scroll per request, one act once the row is in the page, again for a new request for
// the same message, and a clear when the request goes away.
import { cleanup, render } from "@testing-library/react";
import { type RefObject, useRef } from "react";
import { afterEach, expect, it, vi } from "vitest";
import type { MessageView } from "./conversation.ts";
import { type RowRequest, useRowWhenRendered } from "./useRowWhenRendered.ts";

afterEach(cleanup);

const messages = ["m1", "m2", "m3"].map((id) => ({ id }) as MessageView);
const handlers = { scrollTo: vi.fn(), act: vi.fn(), clear: vi.fn() };

function List({ request, rendered }: { request: RowRequest | null; rendered: number[] }) {
  const scrollRef: RefObject<HTMLDivElement | null> = useRef(null);
  useRowWhenRendered(request, messages, scrollRef, handlers);
  return (
    <div ref={scrollRef}>
      {rendered.map((index) => (
        <p key={index} data-index={index}>
          {messages[index]?.id}
        </p>
      ))}
    </div>
  );
}

it("scrolls once per request and acts once its row is rendered, then clears", () => {
  const first = { messageID: "m3" };
  const view = render(<List request={first} rendered={[0, 1]} />);
  expect(handlers.scrollTo.mock.calls).toEqual([[2]]);
  expect(handlers.act).not.toHaveBeenCalled();
  view.rerender(<List request={first} rendered={[0, 1]} />); // a render before the row comes: no second scroll
  expect(handlers.scrollTo).toHaveBeenCalledTimes(1);
  view.rerender(<List request={first} rendered={[1, 2]} />);
  expect(handlers.act).toHaveBeenCalledTimes(1);
  expect(handlers.act.mock.calls[0]?.[0].textContent).toBe("m3");
  view.rerender(<List request={first} rendered={[1, 2]} />);
  expect(handlers.act).toHaveBeenCalledTimes(1);
  // The same message asked for again is a new request: scrolled to and acted on again.
  view.rerender(<List request={{ messageID: "m3" }} rendered={[1, 2]} />);
  expect([handlers.scrollTo.mock.calls.length, handlers.act.mock.calls.length]).toEqual([2, 2]);
  expect(handlers.clear).not.toHaveBeenCalled();
  view.rerender(<List request={null} rendered={[1, 2]} />);
  expect(handlers.clear).toHaveBeenCalledTimes(1);
  // A message not in the conversation is neither scrolled to nor acted on.
  view.rerender(<List request={{ messageID: "gone" }} rendered={[1, 2]} />);
  expect([handlers.scrollTo.mock.calls.length, handlers.act.mock.calls.length]).toEqual([2, 2]);
});
