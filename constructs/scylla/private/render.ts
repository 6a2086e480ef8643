/** A JSON value as the manifest holds it. */
export type Json = string | number | boolean | Json[] | { [key: string]: Json };

/**
 * The object without its undefined members, or undefined when nothing is left: the manifest
 * carries only what was decided, so the synthesized plan has no noise.
 */
export function compact(obj: { [key: string]: Json | undefined }): { [key: string]: Json } | undefined {
  const out: { [key: string]: Json } = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v !== undefined) out[k] = v;
  }
  return Object.keys(out).length ? out : undefined;
}
