import { type ForbiddenWording, deniedEn, near, nearZh, restOfClause, w } from './content-pattern';

/** A person or what they care about: home, family, children, car, workplace. */
const EN_THEIR =
  "(?:your|ur|yr|ya) (?:(?:own|little|precious|lovely|nice|new|pretty|sweet|dear|whole|entire|poor|fancy|shiny) )?(?:home|house|flat|apartment|place|door|front door|doorstep|address|family|kids?|kiddies|children|child|son|daughter|wife|husband|partner|spouse|girlfriend|boyfriend|parents|mum|mom|mother|dad|father|relatives|loved ones|car|vehicle|motor|windows?|property|belongings|stuff|workplace|work|office|job|school|kids' school|children's school|neighbou?rhood|street|dog|cat|pets?|legs?|knees?|arms?|fingers?|face|teeth|health|life|safety)";
const EN_THEM =
  '(?:you|ya|u|your family|your kids|your children|your wife|your husband|your partner|your parents|your loved ones|your son|your daughter|your mum|your mom|your dad|them|him|her)';
const EN_WE = '(?:we|i|our (?:people|guys|boys|men|lads|friends)|my (?:guys|boys|lads|men|friends|people)|someone|somebody|the boys|the lads)';
const EN_WILL = "(?:'ll| will| are going to|'re going to| are gonna|'re gonna| gonna| might| may| could| can| would| know how to)";
const EN_HARM =
  '(?:hurt|harm|injure|beat|beat up|rough up|break|smash|wreck|trash|burn|burn down|torch|set fire to|key|scratch|slash|damage|destroy|vandali[sz]e|kill|deal with|take care of|pay a visit to|come for|come after|go after|find|get|track down|hunt down|teach|make an example of|mess up|ruin)';
const EN_CHILDREN = '(?:kids?|children|child|son|daughter|little ones?|boy|girl)';

export const THREAT: ForbiddenWording = {
  families: [
    {
      means: 'a threat of harm to the debtor, their family or their property',
      patterns: {
        en: [
          near(`${EN_WE}${EN_WILL}`, `${EN_HARM} ${EN_THEIR}`, 20),
          near(`${EN_WE}${EN_WILL}`, `${EN_HARM} ${EN_THEM}`, 12),
          w(
            `(?:something|anything|bad things|things|accidents?|something bad|something nasty|something unfortunate|something terrible|an accident) (?:(?:will|could|might|may|can|would|tend to|often|sometimes|do|does) )?(?:happen|happens|happened|occur|befall)(?: (?:to|at))? (?:you|ya|it|them|him|her|${EN_THEIR})`,
          ),
          w(`(?:a )?(?:shame|pity|real shame|terrible shame) (?:if|to|for|when)\\b${restOfClause(40)}`),
          w(
            `(?:accidents|bad things|nasty things|terrible things) (?:happen|can happen|do happen|have a way of happening)|things (?:can|could|might|do) happen|things have a way of happening`,
          ),
          // Knowing the family's life and saying so: "your wife drives the silver sedan, doesn't she?", "tell her we said hi".
          w(
            `your (?:wife|husband|partner|kids?|children|son|daughter|mum|mom|dad|parents|family|girlfriend|boyfriend|sister|brother)\\b${restOfClause(50)}, (?:doesn't|don't|isn't|aren't|didn't|won't|right) ?(?:she|he|they|it)?\\b`,
          ),
          w(
            `(?:tell|give) (?:her|him|them|your (?:wife|husband|partner|kids|children|son|daughter|mum|mom|dad|parents|family)) (?:we|i) said (?:hi|hello)|say (?:hi|hello) to your (?:wife|husband|partner|kids|children|son|daughter|mum|mom|dad|parents|family) (?:for|from) (?:us|me)|give (?:our|my) (?:regards|best|love) to your (?:wife|husband|partner|kids|children|son|daughter|mum|mom|dad|parents|family)`,
          ),
          w(`(?:name of|where) (?:your|ur) (?:kids'?|children'?s?|son'?s?|daughter'?s?) school|(?:a )?reason to use (?:any of )?(?:it|this|that|them)`),
          w(`(?:i'd|i would|we'd|we would|it'd|it would) hate (?:for|to see|if|to think)\\b${restOfClause(40)}`),
          w(`nice (?:place|house|home|flat|car|family|kids|motor|little family|job) (?:you(?:'ve| have)(?: got)?|you got)`),
          w(
            `${EN_THEIR.replace('(?:your|ur|yr|ya)', '(?:your|the)')}(?: (?:might|may|could|will|would|won't|wouldn't|will not))? (?:get hurt|be hurt|get harmed|be harmed|get damaged|be damaged|end up|suffer|not be safe|be in danger|stay safe|be safe|remain safe|catch fire|get scratched|get smashed)`,
          ),
          w(
            `(?:hope|pray|make sure|be sure) (?:your|the) (?:family|kids|children|wife|husband|car|house|home|loved ones) (?:stays?|remains?|is|are|keeps?) (?:safe|ok|okay|alright|all right|in one piece|healthy)`,
          ),
          w(`(?:keep|keeping) (?:your|the) (?:family|kids|children|loved ones) safe`),
          w(
            `we know where (?:you|your family|your kids|your children|your wife|your husband|your parents|your mum|your mom|they|he|she) (?:live|lives|work|works|go to school|goes to school|study|studies|sleep|sleeps|hang out|park|shop)`,
          ),
          w(
            `we know (?:your (?:home |work |)(?:address|routine|schedule|movements|habits|daily routine|car|plate|registration|workplace|office)|where your (?:kids|children|family|car|house|school|office|workplace|son|daughter) (?:is|are|go|goes)|which school|what (?:car|time) you|when you (?:leave|get home|go out))`,
          ),
          w(`(?:we(?:'ve| have)|i(?:'ve| have)) (?:been )?(?:watching|following|seen|been outside) (?:you|your (?:house|home|family|kids|children|car|place))`),
          w(
            `your ${EN_CHILDREN}${restOfClause(25)}\\b(?:finish|finishes|leave|leaves|get out of|gets out of|start|starts|walk home from|walks home from|go to|goes to|at) (?:school|nursery|daycare|college|class)`,
          ),
          w(
            "(?:watch|mind) your back|look(?:ing)? over your shoulder|sleep with one eye open|(?:you(?:'d| had) )?better watch (?:out|yourself)|(?:you(?:'d| had) )?better be careful|be careful (?:when|where|out there|walking|going|on your way)|be very careful",
          ),
          w(
            "(?:you(?:'ll| will)|you are going to|you're going to|you're gonna|you are gonna|you gonna) (?:regret (?:it|this|that|the day|ignoring|not paying|it if)|be sorry|pay for (?:this|it|that)|wish you had(?:n't)?)",
          ),
          w(
            "(?:we(?:'ll| will)|we are going to|we're going to|we're gonna|i(?:'ll| will)) (?:hurt|find|get|come for|come after|deal with|sort|track) (?:you|ya|u)(?: (?:out|personally|ourselves|one way or another|wherever you are|down))?",
          ),
          w(
            "(?:we(?:'ll| will)|we're going to|we are going to|i(?:'ll| will)) (?:send|bring) (?:some |a few |our |my )?(?:people|guys|boys|men|lads|friends|someone|somebody|heavies|muscle|team)(?: (?:round|over|to your|to see you|to visit|to have a word))",
          ),
          w(
            `(?:we(?:'ll| will)|we're going to|we are going to|we're gonna|we are gonna|we(?:'ll| will) be|we(?:'re| are)|(?:don't|do not) make (?:us|me)) (?:come|coming|turn up|turning up|show up|showing up|drop by|dropping by|stop by|stopping by|pay (?:you )?a visit|paying (?:you )?a visit|wait(?:ing)? outside|come round|come over|come looking)`,
          ),
          w('(?:come|came|coming|go|going) looking for (?:you|ya)'),
          w(
            '(?:turn(?:ing)? up|show(?:ing)? up|drop(?:ping)? by|call(?:ing)? round|knock(?:ing)? on|come round to|pop(?:ping)? round to|on) (?:on |at |to )?(?:your|ur) (?:doorstep|door|front door|house|home|work|office|workplace|place|flat)(?! (?:to discuss|with a|by appointment))',
          ),
          w(
            '(?:shame|pity) about\\b|(?:got|get|gets|getting|were|was|be) (?:keyed|smashed|scratched|damaged|broken into|set on fire|torched|vandali[sz]ed|burned|burnt|slashed|wrecked|trashed)',
          ),
          w(
            "(?:we(?:'ve| have) got|we have|i(?:'ve| have) got|i have) (?:people|guys|friends|contacts|ways|lads|boys)\\b[^.!?;\\n]{0,20}\\b(?:find|reach|track|get to|deal with|persuade|convince)",
          ),
          w(
            'your (?:wife|husband|partner|kids?|children|son|daughter|mum|mom|dad|parents|family|girlfriend|boyfriend|sister|brother) (?:works?|lives?|goes to|go to|studies|study|finishes|finish|walks|walk|drives|drive|parks|park|shops|shop|plays|play) (?:at|in|on|to|near|from|by)\\b',
          ),
          w(
            "(?:parked|waiting|standing|sitting|watching|hanging around|outside|around)(?: right)? (?:outside|near|by|in front of|across from|around|at) (?:your|ur) (?:home|house|office|work|workplace|place|door|front door|kids'? school|children's school|flat|building|street)",
          ),
          w(
            '(?:make sure|ensure|see to it that) (?:you|your (?:family|kids|children|wife|husband|loved ones))(?: (?:will|all))? (?:regrets?|pays? for|suffers?|remembers?|learns?)',
          ),
          w('(?:your|ur) (?:family|kids|children|wife|husband|loved ones|parents) (?:will |are going to |is going to )?(?:regrets?|suffers?|pays? for)'),
          w("(?:see|find out|wait and see|watch|you will see|you'll see) what (?:happens|will happen|can happen) (?:to|if|when|next)"),
          w(
            'think (?:about|of) your (?:kids?|children|daughter|son|family|wife|husband|safety|loved ones|health|car|house|home)|(?:walking|going|coming|driving|getting) home (?:alone|late|at night)',
          ),
          w(`${EN_WE} (?:are|is|'re|will be|'ll be) (?:in|around|near|round) (?:your|ur) (?:area|neighbou?rhood|street|road|town|block|building|way)`),
          w('(?:bump|run) into (?:you|ya)'),
          w(
            "(?:we(?:'ll| will)|we're going to|we are going to) (?:make|get) (?:your life|things|life) (?:hell|very difficult|very hard|miserable|unpleasant|a nightmare|a living hell)",
          ),
          w(
            "(?:you(?:'ve| have) been warned|don't say we didn't warn you|consider (?:this|yourself) warned|or else|we don't make empty threats|we mean business)",
          ),
          w('(?:break|broken|snap|smash) (?:your|both your|ya) (?:legs?|arms?|fingers?|knees?|neck|face|teeth)'),
          w(
            '(?:tyres?|tires?|windows?|windscreen|windshield|paintwork|mirrors?|brake lines?)\\b[^.!?;\\n]{0,20}\\b(?:get|gets|got|getting|be|being) (?:slashed|smashed|scratched|keyed|cut|broken|damaged)',
          ),
          w("(?:end up|wind up) (?:in hospital|hurt|dead)|(?:won't|will not) be (?:from me|a phone call|so nice|so friendly|so polite)"),
        ],
        zh: [
          nearZh('上门|登门|到你家|去你家|到您家|去您家', '收拾|找你|找您|算账|讨说法|堵你|堵您|闹|砸|教训|让你难堪|让你好看|不客气|没这么客气'),
          '(?:弄|整|搞|打|砍|捅|勒|掐)(?:死|残|废|4|SI|S)(?:你|您|他|她)',
          '(?:弄死|整死|搞死|打死|砍死|捅死|废了|打残)',
          '打断(?:你的?|您的?|他的?)?(?:腿|手|胳膊|骨头)',
          '(?:要你|要您|要了你|要了您)(?:的)?(?:命|好看)',
          '(?:让|叫|给)(?:你|您)(?:和你的?家人|全家|家人|一家|家里人)?(?:好看|付出代价|吃不了兜着走|不得安宁|睡不好觉|后悔|吃苦头|尝尝厉害|见识见识)',
          '(?:让|叫)(?:你|您)的?(?:家人|孩子|老婆|老公|父母|全家|家里人)(?:好看|付出代价|不得安宁|吃苦头|遭殃|倒霉|出事)',
          '后果自负|走着瞧|你等着|等着瞧|吃不了兜着走|别怪我们不客气|别怪我不客气|别怪我们不讲情面|别怪我不讲情面|别逼我们|别逼我|后果很严重|后果不堪设想|说到做到',
          '(?:可|就|可就|那就)?(?:不是|没有)(?:打电话)?这么客气|就不客气了|不会这么客气|没这么客气',
          nearZh(
            '小心|当心|注意|留意',
            '(?:你|您)?的?(?:家人|孩子|小孩|老婆|老公|父母|家里人|全家|车|房子|安全|人身安全|出门|上下班|走夜路|身体|腿|手|胳膊|脑袋|脸|命|小命)',
            3,
          ),
          '(?:你|您)的?(?:老婆|老公|孩子|儿子|女儿|家人|父母|爸妈|对象)?(?:在哪|住哪|在什么地方|在哪个学校|在哪上班|在哪工作)(?:上班|工作|上学|住)?(?:.{0,2})(?:我们|我)(?:都|也)?(?:知道|清楚|查到|晓得)',
          '(?:你|您)(?:自己)?看着办|别怪我们|别怪我(?!们)',
          '(?:别想|甭想|休想)(?:再)?(?:过)?(?:安生|安稳|好|太平|消停)(?:的)?(?:日子)?|不得安宁|没好日子过|鸡犬不宁|(?:家人|家里|全家)(?:.{0,4})(?:遭殃|倒霉|不得安宁)',
          '(?:出门|走路|开车|上下班|晚上|夜里|回家)(?:要|可要|最好|可得|得)?(?:小心|当心)',
          '(?:小心|当心)(?:点|一点|些)(?:吧|啊)?',
          nearZh(
            '(?:知道|清楚|晓得|查到|找到|打听到)(?:你|您)的?',
            '(?:家在|住在|住址|地址|孩子|小孩|儿子|女儿|学校|公司在|单位在|在哪上班|在哪住|住哪|车牌)',
            4,
          ),
          '(?:你|您)(?:家|家人|孩子|小孩)(?:住|在)?(?:哪|哪里|哪儿|什么地方)(?:我们|我)?(?:都|也)?(?:知道|清楚)',
          '(?:你|您)(?:住|家在|住在).{0,10}(?:小区|栋|单元|号楼|村|楼|公寓)吧',
          '(?:你|您)(?:家)?(?:门口|楼下|院里|车库)(?:那辆|的|停的).{0,6}车',
          '那辆.{0,6}车是(?:你|您)的',
          '(?:你|您)的?(?:儿子|女儿|孩子|小孩|闺女|娃).{0,12}(?:放学|上学|小学|中学|幼儿园|学校|读书|年级)',
          nearZh('(?:砸|烧|泼|毁|划|拆|堵|撬)', '(?:你|您)?的?(?:车|房|门|家|店|窗|锁)', 2),
          nearZh('(?:找人|派人|叫人|安排人|我们的人|兄弟们)', '(?:上门|去你家|到你家|去你单位|到你单位|去你公司|收拾|教训|堵|找你|在你们|在你家|去你们)', 6),
          '(?:孩子|小孩|家人|老婆|父母)(?:的)?(?:安全|上学路上|放学路上)',
          '(?:哪天|万一|到时候|说不定|难保).{0,3}出(?:点|个|了)?(?:什么)?(?:事|意外|状况|岔子)',
          '出(?:点|个)(?:什么)?(?:事|意外)(?:也)?(?:很正常|不奇怪|别怪|可别)',
          '(?:别|不要)让我们(?:找到|抓到|碰到|遇到|逮到)(?:你|您)',
          '(?:碰上|遇上|撞上|逮到|抓到)了?(?:你|您)?(?:可就|就|那就)',
          '(?:房子|车子|车|店|家).{0,8}(?:还能不能住人|住不住得了|保不住|不好说了|难说了|就难说)',
          '(?:有你|有您)(?:好果子吃|好受的|好看的)',
          '(?:你|您)(?:会|将|要)后悔(?:的|一辈子)?',
          '(?:掂量掂量|自己掂量)',
          // Knowing where the family works or studies, said as a question: 你老婆在XX超市上班对吧.
          '(?:你|您)的?(?:老婆|老公|媳妇|妻子|丈夫|孩子|儿子|女儿|闺女|家人|父母|爸妈|爸|妈|对象)(?:在|是在).{0,12}(?:上班|工作|上学|读书|住)(?:对吧|是吧|吧|没错吧|对不对|是不是|没错)',
          '(?:下班|放学|上学|回家|上班)(?:的)?(?:路上|时候).{0,6}(?:找|堵|等|拦|聊聊|谈谈|见见|坐坐)',
          '(?:找|去找|去见|见见)(?:她|他|你老婆|你老公|你家人|你孩子|你父母|你爸妈)(?:聊聊|谈谈|坐坐|说说|喝杯茶)',
          '(?:我们|我)(?:有人|的人|有朋友|有兄弟)(?:认识|知道|盯着|跟着)(?:她|他|你老婆|你老公|你家人|你孩子|你父母)',
          // Damage "just happening" to what is theirs: 哪天轮胎被扎了、玻璃碎了; 你住的…我们的人已经去过了.
          '(?:轮胎|车胎|玻璃|车窗|门窗|窗户|车漆|车门|大门|门锁)(?:.{0,3})(?:被扎|被划|被砸|碎了|被烧|爆了|被泼|被撬|坏了)',
          '(?:停在|停哪|哪个车位|车位)(?:.{0,8})(?:我们|我)?(?:都)?(?:清楚|知道|晓得|查到)',
          '(?:我们的人|我们|兄弟们|我的人)(?:已经|都|早就)?(?:去过|来过|到过|踩过点|蹲过|看过)(?:了)?',
          '(?:碰上|遇上|撞上|见到)了?(?:.{0,3})(?:才知道|就知道|再)(?:后悔|厉害)|才知道后悔',
        ],
      },
    },
  ],
  allow: [
    {
      means: 'a denial or a rights statement: "we will never visit your home", "debt collectors may not threaten you"',
      patterns: {
        en: [
          deniedEn('visit|come to|turn up at|show up at|contact|threaten|harm|hurt|harass'),
          w(
            `if (?:you(?:'ve| have) been (?:threatened|harassed|intimidated)|(?:anyone|someone|a collector|a caller) (?:threatens|has threatened|harasses|has harassed|claims|claiming)|you feel (?:unsafe|threatened))${restOfClause(100)}`,
          ),
        ],
        zh: ['(?:不会|绝不会|从不|不得|禁止|严禁)(?:上门|到您家|去您家|威胁|恐吓|骚扰)'],
      },
    },
    {
      means: 'an anti-scam or safety caution',
      patterns: {
        en: [w('be (?:very )?careful (?:with|about|of) (?:links|messages|texts|e-?mails|calls|callers|anyone|scams?|fraud|who you)')],
        zh: [
          '(?:小心|当心|注意|留意)(?:防范|谨防|识别)?(?:诈骗|骗局|电信诈骗|陌生|冒充|虚假|可疑|钓鱼)',
          '注意(?:您的)?(?:信息|资金|账户|财产)安全',
          '(?:注意|保障|保护)(?:您的?)?(?:人身|信息|资金|账户|财产)安全',
        ],
      },
    },
  ],
};
