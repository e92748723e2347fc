// Small line icons drawn inline, so they look the same on every system: a character such as 📁
// or ⎇ depends on the fonts installed and shows as an empty box where they lack it. Decorative:
// the text next to each icon says what it is.
const common = {
  width: "1em",
  height: "1em",
  viewBox: "0 0 16 16",
  fill: "none",
  stroke: "currentColor",
  strokeWidth: 1.4,
  strokeLinejoin: "round" as const,
  strokeLinecap: "round" as const,
  focusable: false,
  className: "icon-inline",
};

export function FolderIcon() {
  return (
    <svg aria-hidden="true" {...common}>
      <path d="M1.5 4.2c0-.7.5-1.2 1.2-1.2h3.4l1.5 1.6h5.7c.7 0 1.2.5 1.2 1.2v6.5c0 .7-.5 1.2-1.2 1.2H2.7c-.7 0-1.2-.5-1.2-1.2z" />
    </svg>
  );
}

export function BranchIcon() {
  return (
    <svg aria-hidden="true" {...common}>
      <circle cx="4.5" cy="3.5" r="1.6" />
      <circle cx="4.5" cy="12.5" r="1.6" />
      <circle cx="11.5" cy="5.5" r="1.6" />
      <path d="M4.5 5.1v5.8M11.5 7.1c0 2.4-2.2 3-5.4 3.9" />
    </svg>
  );
}
