/**
 * English function words plus question filler that carries no topic ("what", "should", "tell").
 * Kept small and explicit: topic words such as "partner" or "risk" must never be here.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  `a about above after again against all also am an and any are aren't as at be because been before being below
between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each either
else etc even ever every few for from further get gets getting give given go goes going had hadn't has hasn't have
haven't having he her here hers herself him himself his how i i'd i'm i've if in into is isn't it it's its itself
just let like lot lots made make makes many may me might more most much must my myself need needs no nor not now of
off on once one only or other others otherwise our ours ourselves out over own per please quite rather really said
same say says shall she should shouldn't so some such than that that's the their theirs them themselves then there
there's these they they're this those through thus to too toward towards under until up upon us use used using very
via want wants was wasn't way we we'd we're we've well were weren't what what's when where which while who whom
whose why will with within without won't would wouldn't yes yet you you'd you're you've your yours yourself
yourselves tell explain describe know kind kinds type types thing things anything something example give
hi hello hey thanks thank someone anyone somebody anybody plain simple words exactly basically actually usually typically`.split(
    /\s+/,
  ),
);
