import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { xtermCssomStyles } from "./build/xtermCssomStyles.ts";

// Built once into dist/, served by the backend under a strict CSP: no inline scripts, so the
// module-preload polyfill (an inline helper in some setups) is off.
export default defineConfig({
  plugins: [react(), xtermCssomStyles()],
  base: "/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    target: "es2022",
    reportCompressedSize: true,
  },
});
