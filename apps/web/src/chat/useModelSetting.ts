// The model for new chats, as the user chose it ("provider/model"); sessions may pick their own.
// A model named in opencode's config was chosen on purpose; a provider's default was not, so the
// first run asks (and says where the code will go) instead of using it silently.
import type { ModelsResponse } from "@turnkey/contracts";
import { useCallback, useEffect, useState } from "react";
import { loadModelChoice, saveModelChoice } from "./modelChoice.ts";

export function useModelSetting(models: ModelsResponse | null) {
  const [model, setModelState] = useState(loadModelChoice);
  const setModel = useCallback((next: string) => {
    setModelState(next);
    saveModelChoice(next);
  }, []);
  const configuredDefault = models?.configured && models.default;
  useEffect(() => {
    if (!model && configuredDefault) setModelState(`${configuredDefault.providerID}/${configuredDefault.modelID}`);
  }, [configuredDefault, model]);
  const needsModelChoice = !model && models !== null && !models.configured;
  return { model, setModel, needsModelChoice };
}
