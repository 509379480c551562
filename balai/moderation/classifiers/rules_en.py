"""English rules (on normalised, case-folded text)."""

from __future__ import annotations

from balai.moderation.classifiers.ruledefs import alt, rule

PEOPLE = alt(
    "you",
    "u",
    "ya",
    "him",
    "her",
    "them",
    "y'all",
    "every(?:one| last one| one of (?:you|them))",
    "all of (?:you|them)",
    "(?:your|his|her|their) (?:throat|head|legs?|neck|face|skull|kids|family|children|wife|"
    "husband|daughter|son|brains?)",
    "(?:the|that|those|these|all(?: the| those| of the)?|every) (?:\\w+ )?(?:judges?|senators?|"
    "mayor|journalists?|reporters?|cops?|police|president|governor|ministers?|teachers?|"
    "moderators?|preachers?|protesters|marchers|immigrants|refugees|jews|muslims|christians|"
    "gays|blacks|chinese|asians|traitors|invaders|congressm[ae]n|politicians?|snitch|infidels|"
    "neighbou?rs?|landlord|ex|wife|husband|girlfriend|boyfriend|coworkers?|manager|doctors?|"
    "nurses?|priests?|imams?|pastors?|rabbis?|officers?|guards?|principal|students|kids|"
    "children|family|lawyers?|witness(?:es)?|activists?|candidates?|voters|election workers|"
    "poll workers|officials|lawmakers|leftists|liberals|republicans|democrats|feminists|"
    "trans people|atheists|hindus|sikhs|migrants|foreigners|gay people|black people|"
    "white people|women|men|people)",
)
PLACES = alt(
    "capitol",
    "building",
    "parliament",
    "state house",
    "office",
    "church(?:es)?",
    "mosques?",
    "temple",
    "synagogue",
    "station",
    "police station",
    "court(?:house)?",
    "embassy",
    "clinic",
    "school",
    "mall",
    "camp",
    "cent(?:er|re)",
    "count(?: center)?",
    "election office",
    "house",
    "city hall",
    "power station",
    "refugee cent(?:er|re)",
    "rally",
    "headquarters",
)
WEAPONS = alt(
    "guns?",
    "rifles?",
    "shotgun",
    "ar(?:-?15)?",
    "ak(?:-?47)?",
    "weapons?",
    "ammo",
    "knives",
    "knife",
    "machetes?",
    "bats",
    "bat",
    "bombs?",
    "pipe bombs?",
    "molotovs?",
    "zip ties",
    "rope",
    "explosives",
    "gasoline",
    "axe",
)
FUTURE = alt(
    "i'll",
    "ill",
    "i will",
    "i shall",
    "i'm going to",
    "im going to",
    "i am going to",
    "i'm gonna",
    "im gonna",
    "i am gonna",
    "we'll",
    "we will",
    "we're going to",
    "we are going to",
    "we're gonna",
    "i'm about to",
    "gonna",
    "going to",
)
HARM = alt(
    "kill",
    "shoot",
    "stab",
    "murder",
    "behead",
    "hang",
    "slaughter",
    "butcher",
    "execute",
    "strangle",
    "slit",
    "choke",
    "lynch",
    "gut",
    "hunt",
    "burn",
    "run \\w+ over",
    "make \\w+ (?:pay|bleed|suffer|disappear)",
    "put \\w+ in the ground",
    "end \\w+ life",
    "finish \\w+ off",
    "hurt",
    "bury",
)

RULES = (
    # --- violent threats -----------------------------------------------------------------
    rule("en.threat.future_harm", "violent_threat", 0.9,
         rf"\b{FUTURE}\b(?:\W+[\w']+){{0,5}}?\W+{HARM}\w*\W+(?:\w+\W+)?{PEOPLE}\b"
         r"(?! an? (?:text|message|email|dm|line|note))"),
    rule("en.threat.direct", "violent_threat", 0.8,
         r"\b(?:kill|shoot|stab|murder|behead|slaughter|strangle|choke|lynch)\s*"
         r"(?:you|u|ya|y'all|all of you)\b(?! an? (?:text|message|email|dm|line|note))"),
    rule("en.threat.future_attack", "violent_threat", 0.9,
         rf"\b{FUTURE}\b(?:\W+[\w']+){{0,5}}?\W+(?:plant\w* a (?:pipe )?bomb|shoot up|blow up|"
         rf"bomb|burn down|torch|bring\w* (?:my|a|the) {WEAPONS}|with (?:a|my) {WEAPONS})"),
    rule("en.threat.im_doing", "violent_threat", 0.85,
         r"\b(?:i'm|im|i am|we're|we are)\s+(?:\w+\s+)?(?:breaking|killing|shooting|stabbing|"
         r"loading my|bringing my|planting|bombing|coming for|coming to get|pouring gasoline)\b"
         r"(?! it\b)"),
    rule("en.threat.with_weapon", "violent_threat", 0.8,
         rf"\b(?:see you|waiting (?:for|outside)|at your|to your|visit you)\b[^.!?]{{0,40}}"
         rf"\bwith (?:a|my|the) {WEAPONS}"),
    rule("en.threat.idiom", "violent_threat", 0.85, alt(
        "you(?:'re| are| r) (?:so |gonna be |going to be )?(?:dead|d3ad|finished)\\b",
        "\\bu r dead", "won't live to see", "your days are numbered", "six feet under",
        "won't wake up", "enjoy your (?:last|final)", "round with your name",
        "make you disappear", "won't save you", "gonna get shot", "going to get shot",
        "(?:family|kids|children) won't be safe", "something happen(?:ed|s) to (?:them|you)",
        "cut you into pieces", "choke the life out", "break every bone",
        "until you stop breathing", "you'll regret every", "pay with (?:his|her|your) life",
        "bullet (?:in|through) (?:your|his|her|their)", "i know where you live",
        "coming for you", "watch your back", "dead when i catch",
        "beat (?:you|him|her) (?:until|to death|up|senseless|bloody)",
        "break (?:your|his|her) (?:legs|neck|bones|arms|face|skull)",
        "cut (?:your|his|her) (?:throat|head)", "slit (?:your|his|her) throat",
    ), negatable=False),
    rule("en.threat.dox", "violent_threat", 0.8,
         r"\b(?:address|lives|live|plate|workplace|apartment|street|home|ip)\b[^!?]{0,80}"
         r"\b(?:we(?:'re| are) coming|i'll be there|pay (?:her|him|them) a visit|see you|"
         r"you(?:'re| are) finished|regret|won't save you|bleed|with my|shut \w+ up)"),
    rule("en.threat.or_else", "violent_threat", 0.75,
         r"\b(?:or|if you|keep \w+ing and)\b[^.!?]{0,40}\b(?:i'll|i will|we'll|we will)\s+"
         r"(?:come|get|find|kill|hurt|slit|end)"),
    rule("en.threat.future_strong", "violent_threat", 0.85,
         rf"\b{FUTURE}\b(?:\W+[\w']+){{0,4}}?\W+(?:murder|stab|behead|strangle|lynch|"
         r"slaughter|execute|butcher|gun down|shoot up)\b"),
    # --- incitement -----------------------------------------------------------------------
    rule("en.incite.should", "incitement", 0.9,
         r"\b(?:we|you|y'all|you all|everyone|everybody|people|patriots|someone|somebody|"
         r"they|real men|all of us)\s+(?:all\s+)?(?:should|must|need to|have to|gotta|ought to)"
         r"\s+(?:go\s+|all\s+|just\s+)?(?:kill|shoot|hang|lynch|attack|burn|storm|stab|"
         r"slaughter|execute|hunt down|gun down|bomb|murder|beat \w+ to death)\b"),
    rule("en.incite.passive", "incitement", 0.85,
         r"\b(?:should|must|need to|needs to|deserves? to|ought to|have to|has to)\s+"
         r"(?:all\s+)?be\s+(?:killed|shot|hanged|hung|lynched|executed|beaten|stabbed|burned|"
         r"burnt|shot dead|put down|exterminated|wiped out|gassed|slaughtered|murdered|"
         r"beheaded|strung up)\b"),
    rule("en.incite.should_die", "incitement", 0.75,
         r"\b(?:should|must|deserves? to|need to|needs to)\s+(?:all\s+)?(?:die|be dead)\b"),
    rule("en.incite.place", "incitement", 0.85,
         rf"\b(?:burn(?: down)?|torch|attack|storm|bomb|firebomb|raid|blow up|take out|"
         rf"march on|overrun|smash|break the doors) (?:(?:the|their|his|her|that|this|those|"
         rf"every|a|an) )?(?:\w+ )?{PLACES}\b"
         r"(?![^.!?]{0,30}\b(?:for|to (?:buy|see|vote|pray|watch|learn)))"),
    rule("en.incite.people", "incitement", 0.85,
         rf"(?:^|[.!?,;:]\s*|\band\s+|\bshould\s+|\bto\s+|\bgo\s+|\bthen\s+)"
         rf"(?:kill|shoot|lynch|slaughter|execute|butcher|stab|hunt down|round up|drag|burn|"
         rf"cleanse \w+ of)\W+(?:\w+\W+){{0,2}}?{PEOPLE}\b"),
    rule("en.incite.beat", "incitement", 0.85,
         r"\b(?:beat|hurt|attack) (?:them|anyone|everyone|any of them|those \w+|every \w+)\b"
         r"[^.!?]{0,20}\b(?:until|till|to death|senseless|who|that|on the street)"),
    rule("en.incite.someone", "incitement", 0.9,
         r"\b(?:someone|somebody|anyone|anybody|whoever|who(?:ever)? finds)\b[^.!?]{0,30}"
         r"\b(?:should|needs? to|has to|must|get a gun|throw|go|please)\b[^.!?]{0,30}"
         r"\b(?:shoot|kill|end|bullet|break|beat|burn|molotov|bomb|stab|hang|do it|visit)"),
    rule("en.incite.call", "incitement", 0.9, alt(
        "take up arms", "\\bto arms\\b", "arm yourselves", "open season on", "shoot on sight",
        "shoot first", "leave nobody alive", "go in armed", "march in with (?:rifles|guns)",
        "with guns,? head to", "bring (?:your |a |some )?(?:bats|knives|guns|rifles|weapons|"
        "zip ties|rope|a gun|gun|rifle|molotovs?)", "fill the streets with blood",
        "day of (?:the )?rope", "by any means", "tree of liberty", "by force",
        "run (?:our|your|their) cars into", "load up and", "we hit their", "make them suffer",
        "won't survive", "only good \\w+ is a dead", "mass shooting is the only",
        "civil war now", "hang (?:them|the traitors)", "teach (?:him|her|them) a lesson",
        "(?:let's|lets|we must|we need to|time to|it's time to) (?:\\w+ ){0,2}"
        "(?:kill|hang|shoot|attack|storm|hunt down|burn)(?! (?:two birds|some time|time|it\\b))",
    )),
    # --- glorification ---------------------------------------------------------------------
    rule("en.glorify.actor", "glorification", 0.85,
         r"\b(?:shooter|bomber|attackers?|killer|gunm[ae]n|hijackers?|terrorists?|"
         r"(?:guy|man|men|brother|whoever|those) who (?:shot|bombed|killed|ran|burned|set|"
         r"attacked))\b[^.!?]{0,50}\b(?:heroe?s?|legends?|martyrs?|saints?|brave|bravest|"
         r"right idea|favou?r|courage|gods?|chad|bible|proud|patriots?|medal|remembered)"),
    rule("en.glorify.praise", "glorification", 0.85,
         r"\b(?:heroe?s?|legends?|proud of|respect to|rest in power|hail|saint|idol|"
         r"follow his example|courage of|like the)\b[^.!?]{0,50}\b(?:shoot|shot|bombs?|"
         r"attack|massacre|shooter|bomber|killed|ran \w+ \w+ over|burned|blew|towers|gunm[ae]n|"
         r"hijack)"),
    rule("en.glorify.event", "glorification", 0.85,
         r"\b(?:shooting|attack|bombing|massacre|blew up|died|drop|body count)\b[^.!?]{0,40}"
         r"\b(?:masterpiece|poetry|beautiful|glorious|satisfying|legend|high score|"
         r"what they deserve|had it coming|did the world a favou?r)"),
    rule("en.glorify.event_rev", "glorification", 0.85,
         r"\b(?:masterpiece|poetry|beautiful|glorious|so satisfying|best (?:thing|day)|"
         r"deserves? a medal)\b[^.!?]{0,50}\b(?:shooting|attack|bombing|massacre|blew up|"
         r"died|drop|body count|fire)"),
    rule("en.glorify.names", "glorification", 0.9,
         r"\b(?:saint|st\.?|legends? never die\W+)\s*(?:tarrant|breivik|roof|mcveigh)\b|"
         r"\b(?:tarrant|breivik|dylann roof|columbine (?:boys|shooters)|el paso shooter|"
         r"poway shooter|christchurch shooter|munich shooter|mcveigh)\b[^.!?]{0,40}"
         r"\b(?:saint|legend|hero|forever|gods?|bible|right idea|courage|pray)"),
    rule("en.glorify.more", "glorification", 0.85,
         r"\b(?:need|want|hope for) (?:more|another) (?:massacres?|shootings?|bombings?|"
         r"attacks?)\b|\bmay more heroes\b"),
    rule("en.glorify.deserved", "glorification", 0.75,
         r"\b(?:deserved|had it coming|got what they deserved?)\b.{0,20}"
         r"\b(?:die|dead|death|killed|shot)"),
    # --- hate ------------------------------------------------------------------------------
    rule("en.hate.dehumanise", "hate", 0.85,
         r"\b(?:are|is|they're) (?:all )?(?:vermin|cockroaches|rats|parasites|subhuman|"
         r"animals|a disease|a plague)\b"),
    rule("en.hate.exterminate", "hate", 0.9,
         r"\b(?:exterminate|wipe out|gas|deport) (?:all |the |every )(?:\w+)"),
    # --- harassment ------------------------------------------------------------------------
    rule("en.harass.kys", "harassment", 0.9, r"\b(?:kys|kill yourself|go die|end yourself)\b"),
    rule("en.harass.insult", "harassment", 0.6,
         r"\byou(?:'re| are| r) (?:a |an |so )?(?:worthless|pathetic|disgusting|idiot|moron|"
         r"loser)"),
)  # fmt: skip
