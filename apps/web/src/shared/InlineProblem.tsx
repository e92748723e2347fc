// What went wrong with the thing just above it, said where the person is looking: a red sentence
// announced to a screen reader (role="alert"), nothing at all when there is no problem. One
// component, so every panel says its problems the same way.
export function InlineProblem(props: { text: string | null | undefined; small?: boolean }) {
  if (!props.text) return null;
  return (
    <p className={props.small ? "inline-error small" : "inline-error"} role="alert">
      {props.text}
    </p>
  );
}
