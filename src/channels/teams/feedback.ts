import type { Vote } from '../../core/types.js';

/** A feedback-button submission (invoke "message/submitAction", actionName "feedback"). */
export interface FeedbackSubmission {
  readonly vote: Vote;
  readonly comment: string | undefined;
}

/**
 * Reads the invoke's value: `{ actionName: 'feedback', actionValue: { reaction: 'like' | 'dislike',
 * feedback: '{"feedbackText": "..."}' } }`. The feedback field is a JSON string or an object.
 * Returns null when the value is not a feedback submission.
 */
export function parseFeedback(value: unknown): FeedbackSubmission | null {
  if (!isRecord(value) || value.actionName !== 'feedback' || !isRecord(value.actionValue)) return null;
  const { reaction, feedback } = value.actionValue;
  if (reaction !== 'like' && reaction !== 'dislike') return null;
  return { vote: reaction === 'like' ? 'up' : 'down', comment: commentOf(feedback) };
}

function commentOf(feedback: unknown): string | undefined {
  let data: unknown = feedback;
  if (typeof feedback === 'string') {
    try {
      data = JSON.parse(feedback);
    } catch {
      data = feedback;
    }
  }
  const text = isRecord(data) ? data.feedbackText : data;
  if (typeof text !== 'string') return undefined;
  const trimmed = text.trim();
  // The advisor refuses comments over 2,000 characters; a vote must not be lost for a long comment.
  return trimmed === '' ? undefined : trimmed.slice(0, 2000);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
