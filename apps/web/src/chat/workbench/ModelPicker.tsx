// The model for the next prompt, found by typing (name, id or provider), and its variant
// (reasoning effort and the like) when the model has some. It opens on the current model, listed
// first and marked, so Enter right away keeps it; a click outside or Esc closes it with no change.
import type { ModelRef, WorkbenchResponse } from "@turnkey/contracts";
import { useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import { useOutsidePress } from "../../shared/useOutsidePress.ts";
import { fuzzyFilter } from "./fuzzy.ts";

type Providers = WorkbenchResponse["providers"];

interface Entry {
  providerID: string;
  providerName: string;
  modelID: string;
  name: string;
}

export function ModelPicker(props: {
  providers: Providers;
  value: ModelRef | null;
  variant: string | null;
  onChange: (model: ModelRef) => void;
  onVariant: (variant: string | null) => void;
  /** "Connect a provider…" under the list: opens the Providers view. */
  onProviders?: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [highlight, setHighlight] = useState(0);
  const listId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const { providerID: currentProvider, modelID: currentModel } = props.value ?? {};
  const isCurrent = useCallback(
    (e: Entry) => e.providerID === currentProvider && e.modelID === currentModel,
    [currentProvider, currentModel],
  );
  // The current model first: the list shows 50, and a long catalog would otherwise hide it.
  const entries = useMemo<Entry[]>(() => {
    const all = props.providers.flatMap((p) =>
      p.models.map((m) => ({ providerID: p.id, providerName: p.name, modelID: m.id, name: m.name })),
    );
    const at = all.findIndex(isCurrent);
    return at > 0 ? [all[at]!, ...all.slice(0, at), ...all.slice(at + 1)] : all;
  }, [props.providers, isCurrent]);
  const shown = fuzzyFilter(query, entries, (e) => `${e.name} ${e.providerName} ${e.providerID}/${e.modelID}`, 50);
  const current = props.value
    ? props.providers.find((p) => p.id === props.value?.providerID)?.models.find((m) => m.id === props.value?.modelID)
    : undefined;

  const close = (refocus: boolean) => {
    setOpen(false);
    setQuery("");
    if (refocus) button.current?.focus();
  };
  const pick = (entry: Entry | undefined) => {
    if (!entry) return;
    props.onChange({ providerID: entry.providerID, modelID: entry.modelID });
    close(true);
  };

  // The highlighted model stays in view as the arrows move it.
  useEffect(() => {
    if (open) document.getElementById(`${listId}-${highlight}`)?.scrollIntoView?.({ block: "nearest" });
  }, [open, highlight, listId]);
  useOutsidePress([root], open, () => close(false));

  return (
    <div className="model-picker" ref={root}>
      <span id={`${listId}-label`}>Model</span>
      <button
        ref={button}
        type="button"
        className="picker-button"
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-labelledby={`${listId}-label ${listId}-value`}
        onClick={() => {
          if (open) return close(false);
          setOpen(true);
          setHighlight(0);
        }}
        disabled={entries.length === 0}
      >
        <span id={`${listId}-value`}>{current?.name ?? props.value?.modelID ?? "Default model"}</span>
      </button>
      {current && current.variants.length > 0 && (
        <label className="variant-picker">
          <span className="sr-only">Variant</span>
          <select value={props.variant ?? ""} onChange={(e) => props.onVariant(e.target.value || null)}>
            <option value="">default</option>
            {current.variants.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </label>
      )}
      {open && (
        <div className="picker-popover">
          <input
            // biome-ignore lint/a11y/noAutofocus: the search is the reason the popover opened
            autoFocus
            type="search"
            aria-label="Search models"
            aria-controls={listId}
            aria-activedescendant={shown[highlight] ? `${listId}-${highlight}` : undefined}
            placeholder="Search models"
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setHighlight(0);
            }}
            onKeyDown={(e) => {
              if (e.key === "ArrowDown") setHighlight((h) => Math.min(h + 1, shown.length - 1));
              else if (e.key === "ArrowUp") setHighlight((h) => Math.max(h - 1, 0));
              else if (e.key === "Enter") pick(shown[highlight]);
              else if (e.key === "Escape") close(true);
              else return;
              e.preventDefault();
            }}
          />
          <div id={listId} role="listbox" aria-label="Models" className="picker-list">
            {shown.map((entry, i) => (
              // biome-ignore lint/a11y/useKeyWithClickEvents: the search field handles the keys
              <div
                key={`${entry.providerID}/${entry.modelID}`}
                id={`${listId}-${i}`}
                role="option"
                tabIndex={-1}
                aria-selected={i === highlight}
                onMouseEnter={() => setHighlight(i)}
                onClick={() => pick(entry)}
              >
                {entry.name} <span className="muted">{entry.providerName}</span>
                {isCurrent(entry) && (
                  <span className="picker-current">
                    {" "}
                    <span aria-hidden="true">✓</span> current
                  </span>
                )}
              </div>
            ))}
            {shown.length === 0 && <p className="muted">No model matches “{query}”.</p>}
          </div>
          {props.onProviders && (
            <button
              type="button"
              className="linkish picker-providers"
              onClick={() => {
                close(false);
                props.onProviders?.();
              }}
            >
              Connect or sign in to a provider…
            </button>
          )}
        </div>
      )}
    </div>
  );
}
