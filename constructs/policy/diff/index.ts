import { combineComment } from './comment';
import { comparePostures } from './compare';
import { loadPosture } from './load';
import { renderChanges, RenderedDiff } from './render';

// The posture diff: what a pull request changes in the security posture, from two synths' tlsfleet/report.json
// (and the cdk.tf.json beside them). Reads files only; imports nothing that synthesizes.

export { DiffInputError } from './load';
export { combineComment } from './comment';
export { COMMENT_LIMIT } from './render';
export type { RenderedDiff } from './render';
export { Area, Impact } from './posture';
export type { Change } from './posture';

/** The diff between two cdktf.out directories: the Markdown comment and how many changes weaken the posture. */
export function diffPosture(baseDir: string, headDir: string): RenderedDiff {
  const base = loadPosture(baseDir);
  const head = loadPosture(headDir);
  return renderChanges(comparePostures(base, head), base, head);
}

/** The diff's Markdown comment for two cdktf.out directories (the browser tests render it). */
export function renderPostureDiff(baseDir: string, headDir: string): string {
  return diffPosture(baseDir, headDir).markdown;
}

/** The diff followed by the head's report.md, cut to fit one comment. */
export function renderReviewComment(baseDir: string, headDir: string, reportMarkdown: string): RenderedDiff {
  const d = diffPosture(baseDir, headDir);
  return { ...d, markdown: combineComment(d.markdown, reportMarkdown) };
}
