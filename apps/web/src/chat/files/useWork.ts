// One click's work in a pull request form: what runs (for the progress line), and the sentence of
// its failure; the next click clears the last failure.
import { useState } from "react";
import { errorMessage } from "../../shared/api.ts";

export function useWork() {
  const [working, setWorking] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const run = async (label: string, work: () => Promise<void>) => {
    setProblem(null);
    setWorking(label);
    try {
      await work();
    } catch (e) {
      setProblem(errorMessage(e));
    } finally {
      setWorking(null);
    }
  };
  return { working, problem, setProblem, run };
}
