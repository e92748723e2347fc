// A popover or drawer that closes on a press anywhere outside it, as menus do (the focus goes where
// the person pressed). A press inside a dialog never counts: a dialog opened from the popover is
// its continuation, and closing the popover behind it would lose where the person was.
import { type RefObject, useEffect, useRef } from "react";

export function useOutsidePress(
  inside: readonly RefObject<Element | null>[],
  active: boolean,
  onOutside: () => void,
): void {
  const latest = useRef({ inside, onOutside });
  latest.current = { inside, onOutside };
  useEffect(() => {
    if (!active) return;
    const press = (event: PointerEvent) => {
      const target = event.target as Element | null;
      if (!target || target.closest?.('[role="dialog"]')) return;
      if (latest.current.inside.some((ref) => ref.current?.contains(target))) return;
      latest.current.onOutside();
    };
    document.addEventListener("pointerdown", press);
    return () => document.removeEventListener("pointerdown", press);
  }, [active]);
}
