/** The one wording for "the knowledge base says nothing on this", for answers and for table cells. */
export const NOT_COVERED_MESSAGE =
  "The partnership knowledge base doesn't cover this. I can help with choosing, structuring and governing AI partnerships: for example joint ventures, licensing and IP sharing, co-creation, strategic alliances or M&A.";

export const NOT_COVERED_CELL = 'Not covered in the knowledge base.';
