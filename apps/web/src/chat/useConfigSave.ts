// A config form's save (an MCP server, an agent or a command, a scheduled task): "Saving…" while
// the backend checks it, its refusal kept as the form's error (the form stays open with what was
// typed), and the answer handed on once saved.
import { useState } from "react";
import { errorMessage } from "../shared/api.ts";

export function useConfigSave<T>(onSaved: (answer: T) => void) {
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async (work: () => Promise<T>) => {
    setSaving(true);
    setError(null);
    try {
      onSaved(await work());
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setSaving(false);
    }
  };
  return { saving, error, setError, save };
}
