// The terminal emulator (xterm.js) wired to one shell: what the WebSocket brings is written to the
// screen, what the user types is sent back, and the size follows the panel. The screen is laid out
// first and its size measured, then the shell is found or started at that size (connect), so its
// first prompt is drawn at the panel's width. Loaded on demand (TerminalPanel), so the chat
// window's first load does not carry xterm.
import type { TerminalSize } from "@turnkey/contracts";
import { FitAddon } from "@xterm/addon-fit";
import { Terminal } from "@xterm/xterm";
import "@xterm/xterm/css/xterm.css";
import { useEffect, useRef } from "react";
import { matchShortcut } from "../shortcuts.ts";
import { constructedStyleDocument } from "./constructedStyles.ts";
import { keySender } from "./keySender.ts";
import { TrueColorDowngrade } from "./trueColor.ts";

/** The one key the window keeps from the shell: the way back to the message box. */
export const isWayOut = (e: KeyboardEvent) => matchShortcut(e, true) === "focus-composer";

export interface TerminalConnection {
  /**
   * Finds or starts the shell at the screen's size; answers the same-origin WebSocket path with its
   * one-time ticket, or null when there is none (the panel then says why).
   */
  connect: (size: TerminalSize) => Promise<string | null>;
  onResize: (size: TerminalSize) => void;
  /** The shell ended or the connection dropped. */
  onClosed: () => void;
  /** What the terminal printed, as text (the panel looks for a local address in it). */
  onOutput?: (text: string) => void;
  /**
   * What to type into the shell once it has printed something (its prompt, or its start-up files'
   * output), so the line is not echoed by the terminal before the shell reads it: a project
   * action's command, handed out once.
   */
  takeTyping?: () => string | undefined;
}

/** opencode sends its own state (a cursor into the output) as a binary frame starting with a zero byte. */
export const isControlFrame = (data: unknown): boolean =>
  data instanceof ArrayBuffer && data.byteLength > 0 && new Uint8Array(data)[0] === 0;

export default function TerminalView(props: TerminalConnection) {
  const host = useRef<HTMLDivElement>(null);
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    // xterm's styles as constructed stylesheets, which the page's CSP allows (constructedStyles.ts).
    const styles = constructedStyleDocument(element.ownerDocument);
    const terminal = new Terminal({
      cursorBlink: true,
      fontSize: 13,
      scrollback: 5_000,
      convertEol: false,
      documentOverride: styles.document,
    });
    const fit = new FitAddon();
    terminal.loadAddon(fit);
    terminal.open(element);
    // Every key goes to the shell (xterm stops each one it takes), so the window's shortcuts never
    // heard one from here and a keyboard user had no way out: Shift+Esc ("Go to the message box")
    // is left to the window. xterm's custom key handler: false means xterm does not take the key.
    terminal.attachCustomKeyEventHandler((e) => !(e.type === "keydown" && isWayOut(e)));
    let closedByUs = false;
    let quietShell: ReturnType<typeof setTimeout> | undefined;
    let socket: WebSocket | null = null;
    // What is typed before the connection opens is held and sent once it does, never dropped.
    const keys = keySender();
    const typed = terminal.onData((data) => keys.send(data));
    const resized = terminal.onResize((size) => latest.current.onResize(size));
    // The panel's size decides the terminal's: measured now and whenever the panel changes.
    const refit = () => {
      if (element.clientWidth > 0 && element.clientHeight > 0) fit.fit();
    };
    const observer = new ResizeObserver(refit);
    observer.observe(element);
    refit();
    terminal.focus();
    void latest.current.connect({ cols: terminal.cols, rows: terminal.rows }).then((path) => {
      if (closedByUs || !path) return;
      const scheme = window.location.protocol === "https:" ? "wss" : "ws";
      socket = new WebSocket(`${scheme}://${window.location.host}${path}`);
      socket.binaryType = "arraybuffer";
      // Output as text (a character split between frames waits for its end), its 24-bit colours
      // made palette ones the page's CSP lets xterm draw (trueColor.ts).
      const decoder = new TextDecoder();
      const colours = new TrueColorDowngrade();
      let typedFirst = false;
      const typeOnce = () => {
        if (typedFirst || closedByUs) return;
        typedFirst = true;
        const command = latest.current.takeTyping?.();
        if (command) keys.send(`${command}\r`);
      };
      // A shell that prints nothing before its prompt still gets the command.
      quietShell = setTimeout(typeOnce, 3_000);
      socket.onmessage = (event) => {
        if (typeof event.data !== "string" && isControlFrame(event.data)) return;
        const text = typeof event.data === "string" ? event.data : decoder.decode(event.data, { stream: true });
        terminal.write(colours.push(text));
        latest.current.onOutput?.(text);
        typeOnce();
      };
      socket.onclose = () => {
        clearTimeout(quietShell);
        if (!closedByUs) latest.current.onClosed();
      };
      keys.attach(socket);
      // A shell that was already running takes the screen's size now, as does a resize that came
      // while the shell was being found.
      latest.current.onResize({ cols: terminal.cols, rows: terminal.rows });
    });
    return () => {
      closedByUs = true;
      clearTimeout(quietShell);
      observer.disconnect();
      typed.dispose();
      resized.dispose();
      socket?.close();
      terminal.dispose();
      styles.dispose();
    };
  }, []);

  return <div ref={host} className="terminal-screen" data-testid="terminal-screen" />;
}
