// @vitest-environment happy-dom
// The composer's model and agent pickers: a model found by typing, the current one first and
// marked, the keys and presses that close the list, variants, and the agents offered.

import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(cleanup);

describe("model and agent pickers", () => {
  const providers = [
    {
      id: "acme",
      name: "Acme",
      models: [
        { id: "big", name: "Big Thinker", variants: ["low", "high"], contextLimit: 200_000, images: true, cost: null },
        { id: "small", name: "Small Fast", variants: [], contextLimit: 32_000, images: false, cost: null },
      ],
    },
    {
      id: "stub",
      name: "Stub",
      models: [{ id: "echo", name: "Echo", variants: [], contextLimit: null, images: false, cost: null }],
    },
  ];

  /** The picker on `value` (stub/echo unless said), telling `onChange`. */
  const picker = async (onChange: (model: unknown) => void, value = { providerID: "stub", modelID: "echo" }) => {
    const { ModelPicker } = await import("./ModelPicker.tsx");
    return (
      <ModelPicker providers={providers} value={value} variant={null} onChange={onChange} onVariant={() => undefined} />
    );
  };

  it("finds a model by typing and picks it with Enter", async () => {
    const onChange = vi.fn();
    render(await picker(onChange));
    fireEvent.click(screen.getByRole("button", { name: "Model Echo" }));
    const search = screen.getByRole("searchbox", { name: "Search models" });
    fireEvent.change(search, { target: { value: "fast" } });
    expect(screen.getAllByRole("option").map((o) => o.textContent)).toEqual(["Small Fast Acme"]);
    fireEvent.keyDown(search, { key: "Enter" });
    expect(onChange).toHaveBeenCalledWith({ providerID: "acme", modelID: "small" });
    expect(screen.queryByRole("listbox")).toBeNull();
  });

  it("opens on the current model, first and marked; Enter keeps it; the arrows keep the highlight in view", async () => {
    const onChange = vi.fn();
    const scrolled: string[] = [];
    const scroll = vi.spyOn(HTMLElement.prototype, "scrollIntoView").mockImplementation(function (this: HTMLElement) {
      scrolled.push(this.textContent ?? "");
    });
    try {
      render(await picker(onChange));
      fireEvent.click(screen.getByRole("button", { name: "Model Echo" }));
      const options = screen.getAllByRole("option");
      expect(options.map((o) => o.textContent)).toEqual(["Echo Stub ✓ current", "Big Thinker Acme", "Small Fast Acme"]);
      expect(options[0]?.getAttribute("aria-selected")).toBe("true");
      const search = screen.getByRole("searchbox", { name: "Search models" });
      fireEvent.keyDown(search, { key: "ArrowDown" });
      fireEvent.keyDown(search, { key: "ArrowDown" });
      expect(scrolled.at(-1)).toBe("Small Fast Acme");
      fireEvent.keyDown(search, { key: "ArrowUp" });
      fireEvent.keyDown(search, { key: "ArrowUp" });
      fireEvent.keyDown(search, { key: "Enter" });
      expect(onChange).toHaveBeenCalledWith({ providerID: "stub", modelID: "echo" });
    } finally {
      scroll.mockRestore();
    }
  });

  it("closes on a press outside or Esc with nothing picked, and opens again with an empty search", async () => {
    const onChange = vi.fn();
    const shown = await picker(onChange);
    render(
      <div>
        <p>elsewhere</p>
        {shown}
      </div>,
    );
    const button = screen.getByRole("button", { name: "Model Echo" });
    fireEvent.click(button);
    fireEvent.change(screen.getByRole("searchbox", { name: "Search models" }), { target: { value: "fast" } });
    fireEvent.pointerDown(screen.getByRole("option", { name: /Small Fast/ }));
    expect(screen.getByRole("listbox")).toBeTruthy(); // a press inside does not close it
    fireEvent.pointerDown(screen.getByText("elsewhere"));
    expect(screen.queryByRole("listbox")).toBeNull();
    fireEvent.click(button);
    const search = screen.getByRole("searchbox", { name: "Search models" }) as HTMLInputElement;
    expect(search.value).toBe("");
    fireEvent.change(search, { target: { value: "big" } });
    fireEvent.keyDown(search, { key: "Escape" });
    expect(screen.queryByRole("listbox")).toBeNull();
    fireEvent.click(button);
    expect((screen.getByRole("searchbox", { name: "Search models" }) as HTMLInputElement).value).toBe("");
    expect(screen.getAllByRole("option")).toHaveLength(3);
    expect(onChange).not.toHaveBeenCalled();
  });

  it("offers the chosen model's variants", async () => {
    const { ModelPicker } = await import("./ModelPicker.tsx");
    const onVariant = vi.fn();
    render(
      <ModelPicker
        providers={providers}
        value={{ providerID: "acme", modelID: "big" }}
        variant={null}
        onChange={() => undefined}
        onVariant={onVariant}
      />,
    );
    const variant = screen.getByLabelText("Variant") as HTMLSelectElement;
    expect([...variant.options].map((o) => o.textContent)).toEqual(["default", "low", "high"]);
    fireEvent.change(variant, { target: { value: "high" } });
    expect(onVariant).toHaveBeenCalledWith("high");
  });

  it("lists build, plan and the user's own agents", async () => {
    const { AgentPicker } = await import("./AgentPicker.tsx");
    const onChange = vi.fn();
    render(
      <AgentPicker
        agents={[
          { name: "build", description: null, mode: "primary", builtIn: true, color: null },
          { name: "plan", description: null, mode: "primary", builtIn: true, color: null },
          { name: "reviewer", description: "Reviews", mode: "primary", builtIn: false, color: null },
        ]}
        value="build"
        onChange={onChange}
      />,
    );
    const select = screen.getByLabelText("Agent") as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(["build", "plan", "reviewer (yours)"]);
    fireEvent.change(select, { target: { value: "plan" } });
    expect(onChange).toHaveBeenCalledWith("plan");
  });
});
