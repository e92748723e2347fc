// The handle between the conversation and the session panel: drag it, or focus it and use the
// arrow keys, to give the Terminal, the Files tab and the diffs the room they need; double-click
// (or Enter) puts the default width back. It is a separator in ARIA's sense, with its value in
// pixels (https://www.w3.org/TR/wai-aria-1.2/#separator). The width lives in a CSS variable on
// the layout, so the grid in workbench.css stays the one place the columns are laid out.
import { type KeyboardEvent, type PointerEvent, useCallback, useEffect, useRef, useState } from "react";
import {
  clampPanelWidth,
  loadPanelWidth,
  maxPanelWidth,
  panelDefaultWidth,
  panelMinWidth,
  savePanelWidth,
} from "./panelWidth.ts";

const keyStep = 24;

export function PanelResizer() {
  const handle = useRef<HTMLDivElement>(null);
  const [chosen, setChosen] = useState<number>(() => loadPanelWidth() ?? panelDefaultWidth);
  const [layoutWidth, setLayoutWidth] = useState(0);
  const drag = useRef<{ x: number; width: number } | null>(null);

  const layout = useCallback(() => handle.current?.closest<HTMLElement>(".chat-layout") ?? null, []);
  // The layout's width bounds the panel; read again when the window changes size.
  useEffect(() => {
    const measure = () => setLayoutWidth(layout()?.clientWidth || window.innerWidth);
    measure();
    window.addEventListener("resize", measure);
    return () => window.removeEventListener("resize", measure);
  }, [layout]);

  const width = clampPanelWidth(chosen, layoutWidth || window.innerWidth);
  useEffect(() => {
    const element = layout();
    element?.style.setProperty("--session-panel-width", `${width}px`);
    return () => {
      element?.style.removeProperty("--session-panel-width");
    };
  }, [layout, width]);

  const choose = (next: number | null) => {
    const value = next === null ? panelDefaultWidth : clampPanelWidth(next, layoutWidth || window.innerWidth);
    setChosen(value);
    savePanelWidth(next === null ? null : value);
  };

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    event.preventDefault();
    drag.current = { x: event.clientX, width };
    event.currentTarget.setPointerCapture?.(event.pointerId);
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const start = drag.current;
    // The panel is on the right: moving the handle left widens it.
    if (start) setChosen(clampPanelWidth(start.width + start.x - event.clientX, layoutWidth || window.innerWidth));
  };
  const onPointerUp = (event: PointerEvent<HTMLDivElement>) => {
    if (!drag.current) return;
    drag.current = null;
    event.currentTarget.releasePointerCapture?.(event.pointerId);
    savePanelWidth(width);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const next =
      event.key === "ArrowLeft"
        ? width + keyStep
        : event.key === "ArrowRight"
          ? width - keyStep
          : event.key === "Home"
            ? panelMinWidth
            : event.key === "End"
              ? maxPanelWidth(layoutWidth || window.innerWidth)
              : event.key === "Enter"
                ? null
                : undefined;
    if (next === undefined) return;
    event.preventDefault();
    choose(next);
  };

  return (
    // biome-ignore lint/a11y/useSemanticElements: an <hr> cannot take focus or a value; a focusable separator is ARIA's widget for a splitter.
    <div
      ref={handle}
      className="session-panel-resizer"
      role="separator"
      aria-orientation="vertical"
      aria-controls="session-panel"
      aria-label="Session panel width"
      aria-valuemin={panelMinWidth}
      aria-valuemax={maxPanelWidth(layoutWidth || window.innerWidth)}
      aria-valuenow={width}
      aria-valuetext={`${width} pixels`}
      tabIndex={0}
      title="Drag to resize the panel (or focus and use ← →); double-click for the default width"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onDoubleClick={() => choose(null)}
      onKeyDown={onKeyDown}
    />
  );
}
