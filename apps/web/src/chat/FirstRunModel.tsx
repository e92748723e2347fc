// The first run's question: which model should answer, and where will the code go. Nothing is
// sent until the user picked one; the choice is remembered for new chats.
import type { ModelsResponse } from "@turnkey/contracts";
import { useState } from "react";
import { ModelSelect } from "./ModelSelect.tsx";
import { whereSent } from "./modelChoice.ts";

export function FirstRunModel(props: { models: ModelsResponse; onChoose: (model: string) => void }) {
  const first = props.models.default
    ? `${props.models.default.providerID}/${props.models.default.modelID}`
    : (props.models.providers[0] && `${props.models.providers[0].id}/${props.models.providers[0].models[0]?.id}`) || "";
  const [model, setModel] = useState(first);
  const provider = props.models.providers.find((p) => model.startsWith(`${p.id}/`));
  return (
    <section className="panel setup first-run" aria-labelledby="first-run-title">
      <h2 id="first-run-title">Choose the model for your chats</h2>
      <p>
        What you type, and the files OpenCode reads in your project, are sent to the model's provider. Pick the one you
        trust with your code.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (model) props.onChoose(model);
        }}
      >
        <ModelSelect models={props.models} value={model} onChange={setModel} />
        <button type="submit" className="primary" disabled={!model}>
          Use this model
        </button>
      </form>
      {provider && (
        <p className="muted small where-sent">
          Your messages and code will be sent to {whereSent(provider.id, provider.name)}
        </p>
      )}
    </section>
  );
}
