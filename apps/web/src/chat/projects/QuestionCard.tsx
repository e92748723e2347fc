// One question the agent asks (opencode's `question` tool), inline in the chat: single or multiple
// choice, and the typed answer opencode allows unless the question turns it off. Answers go back
// through the backend; "Dismiss" tells the agent the user declined.
import type { QuestionRequest } from "@turnkey/contracts";
import { useState } from "react";
import { InlineProblem } from "../../shared/InlineProblem.tsx";

export function QuestionCard(props: {
  request: QuestionRequest;
  onAnswer: (answers: string[][]) => Promise<void>;
  onDismiss: () => Promise<void>;
}) {
  const { request } = props;
  const [picked, setPicked] = useState<string[][]>(() => request.questions.map(() => []));
  const [typed, setTyped] = useState<string[]>(() => request.questions.map(() => ""));
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const answers = request.questions.map((_, i) => {
    const text = typed[i]?.trim() ?? "";
    return [...(picked[i] ?? []), ...(text ? [text] : [])];
  });
  const complete = answers.every((a) => a.length > 0);

  const toggle = (index: number, label: string, multiple: boolean) =>
    setPicked((all) =>
      all.map((list, i) => {
        if (i !== index) return list;
        if (!multiple) return [label];
        return list.includes(label) ? list.filter((l) => l !== label) : [...list, label];
      }),
    );

  const run = async (work: () => Promise<void>) => {
    setSending(true);
    setProblem(null);
    try {
      await work();
    } catch (error) {
      setProblem(error instanceof Error ? error.message : "That did not reach OpenCode. Try again.");
      setSending(false);
    }
  };

  return (
    <form
      className="question-card"
      aria-label="Question from OpenCode"
      onSubmit={(e) => {
        e.preventDefault();
        if (complete) void run(() => props.onAnswer(answers));
      }}
    >
      {request.questions.map((q, index) => (
        <fieldset key={`${q.header}\n${q.question}`}>
          <legend>{q.header || "Question"}</legend>
          <p>{q.question}</p>
          {q.options.map((option) => (
            <label key={option.label} className="question-option">
              <input
                type={q.multiple ? "checkbox" : "radio"}
                name={`${request.id}-${index}`}
                checked={picked[index]?.includes(option.label) ?? false}
                onChange={() => toggle(index, option.label, q.multiple)}
              />
              <span>
                <strong>{option.label}</strong>
                {option.description && option.description !== option.label && (
                  <span className="muted"> — {option.description}</span>
                )}
              </span>
            </label>
          ))}
          {q.custom && (
            <label className="question-typed">
              <span>{q.options.length > 0 ? "Or type your own answer" : "Your answer"}</span>
              <input
                value={typed[index] ?? ""}
                onChange={(e) => setTyped((all) => all.map((t, i) => (i === index ? e.target.value : t)))}
              />
            </label>
          )}
        </fieldset>
      ))}
      <InlineProblem text={problem} />
      <div className="actions">
        <button type="submit" className="primary" disabled={!complete || sending}>
          Answer
        </button>
        <button type="button" className="secondary" disabled={sending} onClick={() => void run(props.onDismiss)}>
          Dismiss
        </button>
      </div>
    </form>
  );
}
