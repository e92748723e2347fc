export interface BuildTarget {
  output: string;
  sources: string[];
}
export const webTarget: BuildTarget;
export const cliTarget: BuildTarget;
export function newestMtimeMs(path: string): number;
export function isFresh(target: BuildTarget): boolean;
