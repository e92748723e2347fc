// What went wrong with the thing just above it, said where the person is looking: a red sentence
// announced to a screen reader (role="alert"), nothing at all when there is no problem. One
// component, so every panel says its problems the same way.
import { useEffect, useRef } from "react";

export function InlineProblem(props: {
  text: string | null | undefined;
  small?: boolean;
  /**
   * The answer to a button the person pressed, counted (each press one more): scrolled into view
   * when it appears, so a sentence under the fold is not taken for nothing happening, and again on
   * the next press even when the sentence is the same. Not for problems found by themselves (a
   * background read), which must not move what the person is reading.
   */
  reveal?: number;
}) {
  const line = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (props.reveal && props.text) line.current?.scrollIntoView?.({ block: "nearest" });
  }, [props.reveal, props.text]);
  if (!props.text) return null;
  return (
    <p ref={line} className={props.small ? "inline-error small" : "inline-error"} role="alert">
      {props.text}
    </p>
  );
}
