// A list of the Files tab drawn as a virtual list: it scrolls in a box of its own and only the rows
// in view (and a few past them) are in the page, so a folder of 5,000 entries or 50,000 changed
// files costs the few rows a person sees. Rows may differ in height (an opened patch): each is
// measured once drawn.
import { measureElement, observeElementRect, useVirtualizer } from "@tanstack/react-virtual";
import { type CSSProperties, type ReactNode, useRef } from "react";

/** A row's height before it is measured (one line of the panel's text). */
const rowPx = 24;
/** Where there is no layout (a hidden tab, tests), a view this size rather than nothing. */
const assumedRect = { width: 300, height: 600 };

export function VirtualRows<T>(props: {
  rows: readonly T[];
  rowKey: (row: T) => string;
  row: (row: T) => ReactNode;
  /** The scroll box's class (its height is the stylesheet's), the list's, and each row's. */
  className: string;
  listClassName: string;
  rowClassName: (row: T) => string;
  rowStyle?: (row: T) => CSSProperties;
  label?: string;
}) {
  const rowsRef = useRef(props.rows);
  rowsRef.current = props.rows;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: props.rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowPx,
    getItemKey: (index) => {
      const row = rowsRef.current[index];
      return row === undefined ? index : props.rowKey(row);
    },
    overscan: 8,
    measureElement: (el, entry, instance) => measureElement(el, entry, instance) || rowPx,
    initialRect: assumedRect,
    observeElementRect: (instance, onRect) =>
      observeElementRect(instance, (rect) => onRect(rect.height > 0 ? rect : assumedRect)),
  });
  const items = virtualizer.getVirtualItems();
  return (
    <div className={props.className} ref={scrollRef}>
      <div className="virtual-space" style={{ height: virtualizer.getTotalSize() }}>
        <ul
          className={`${props.listClassName} virtual-rows`}
          aria-label={props.label}
          style={{ transform: `translateY(${items[0]?.start ?? 0}px)` }}
        >
          {items.map((item) => {
            const row = props.rows[item.index]!;
            return (
              <li
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                className={props.rowClassName(row)}
                style={props.rowStyle?.(row)}
              >
                {props.row(row)}
              </li>
            );
          })}
        </ul>
      </div>
    </div>
  );
}
