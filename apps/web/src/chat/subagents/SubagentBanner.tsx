// Shown instead of the composer while a subagent's chat is open: whose work it is, that it is
// read here and not written to (its chat belongs to the agent that delegated the task), and the
// way back to the chat that started it.
export function SubagentBanner(props: {
  title: string;
  parentTitle: string | null;
  running: boolean;
  onBack: () => void;
}) {
  return (
    <div className="banner banner-info subagent-banner" role="status">
      <span>
        {`A subagent's chat: ${props.title}. `}
        {props.running ? "It is still working; its reply shows here as it is written. " : ""}
        It is read-only: write to the chat that started it.
      </span>
      <button type="button" className="small" onClick={props.onBack}>
        {`Back to ${props.parentTitle ? `“${props.parentTitle}”` : "the chat that started it"}`}
      </button>
    </div>
  );
}
