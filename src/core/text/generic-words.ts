/**
 * Words of employees' questions that name no subject of their own: the partnership vocabulary every
 * chapter uses, and conversational verbs and qualifiers. A question's key terms are its content words
 * without these, its topic and its aspect words; an answer must cover the key terms to count as answered.
 */
export const GENERIC_WORDS: ReadonlySet<string> = new Set(
  `partnership partnerships partner partners partnering partnered company companies organization organizations
organisation organisations firm firms business businesses enterprise enterprises corporation corporations
collaboration collaborations collaborate collaborating deal deals agreement agreements arrangement arrangements
relationship relationships model models form forms structure structures structured strategy strategies
main key important common typical good best better right real major big small different various usual general
specific particular consider considering look looking think thinking plan planning trying try help helps need
needed get going work works working bother case cases idea ideas option options choice question answer
chapter chapters book books mean means meaning term terms involved involve involves involving include includes including
entail entails stuff really two three four several ask asking often people employee employees colleague colleagues
manager managers start starting create creating set setting doing take taking taken go have having one another each together
jointly ai artificial intelligence technology technologies tech side sides party parties other kind sort sorts
team teams approach go things overall matter matters happen happens look looks sound sounds call called
someone else list name names quick quickly briefly short summary summarize summarise overview
understand understanding learn difference differences compare comparison versus vs between better worse
choose pick select decide decision recommend recommendation suggest advice advise should would could
first next later big well much many lot lots
able accept actually add added advice affect afraid ago agree ahead aim allow almost alone along already always amount anyway apply area around arrange aspect aspects assume attention available avoid aware away back bad base based basic basically become begin behind believe bit bring broad call came care carry cause certain chance change check clear close come coming concrete context continue count couple course cover covered current currently day days decent deep depend detail details done down easy effect effort end enough entire especially event everyone everything exact expect experience fact fair fall far feel felt figure fine find finish fit focus follow following forward free full fully gave generally given gone great group guess half hand handle happen hard head heading hear heard hold honestly hope huge imagine instead interested issue keep kept knew large last late lead least leave less level likely little live long lose low mainly maybe mention mentioned mind miss moment move necessary nice normal normally note nothing notice number obvious offer ok okay old open order original outside part particularly pass past perhaps person picture place play point possible possibly prefer pretty probably properly prove pull purpose push put range reach read ready realize realise reason reasonable recent recently regard regarding related relevant remember rest rough roughly round rule run safe save second see seem seen sense serious serve show sign similar simply since situation size sort sound speak spend split stand state stay step still stop straight strong suppose sure talk tend think though thought time today top total totally toward true truly turn unless usual various view wait walk watch whole wide wish wonder word worry worth wrong year years young meant idea ideas project projects teaming team up sort out gist ballpark honest genuinely literally lately currently roughly exactly nowadays anymore someday somehow somewhere anything everybody nobody whatever whenever wherever whether
result results output outputs join joins joined joining role play plays played arise arises arising occur occurs product products service services solution solutions offering offerings build builds building built make made got gotten program programs programme initiative initiatives scheme effort efforts activity activities aspects factors elements points things key areas topics line lines sentence sentences shared common kind paragraph paragraphs summary brief layman laymen terms plain english simple`.split(
    /\s+/,
  ),
);
