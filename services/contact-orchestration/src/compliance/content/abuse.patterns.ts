import { type ForbiddenWording, w } from './content-pattern';

const EN_INSULT =
  '(?:dead ?beats?|sc[u*]?m(?:bags?|my)?|low ?-?lifes?|losers?|free ?loaders?|leech(?:es)?|parasites?|thie(?:f|ves)|liars?|cheats?|crooks?|frauds?|scammers?|con ?(?:man|artist)s?|idiots?|morons?|imbeciles?|cretins?|halfwits?|dimwits?|dumbass(?:es)?|dumb|stupid|worthless|pathetic|useless|hopeless|disgusting|disgrace(?:ful)?|shameless|spineless|gutless|trash|garbage|rubbish|filth|vermin|bums?|clowns?|degenerates?|deadweights?|sponger?s?|moochers?|scroungers?|good[- ]for[- ]nothings?|waste of (?:space|oxygen|air|skin)|piece of (?:shit|crap|garbage|trash|work)|sub-?human)';

export const ABUSE: ForbiddenWording = {
  families: [
    {
      means: 'an insult aimed at the debtor',
      patterns: {
        en: [
          w(
            `(?:you(?:'re| are| r)?|u r|ur|you're such|you are such|what|such|acting like|behaving like|nothing but|another|a real|a total|a complete|an absolute|an utter) (?:an? )?(?:(?:total|complete|absolute|utter|real|fucking|bloody|lying|lazy|dirty|filthy|miserable|sorry|pathetic|worthless|useless|shameless|disgusting|stupid|dumb|little|big|greedy|selfish|irresponsible|dishonest|cheap|broke|typical|sad|good-for-nothing) )*${EN_INSULT}`,
          ),
          w(
            '(?:dead ?beats?|scum ?bags?|low ?-?lifes?|free ?loaders?|good[- ]for[- ]nothings?|waste of (?:space|oxygen|air|skin)|piece of (?:shit|crap|garbage|trash)|sub-?human|scroungers?|moochers?|spongers?)',
          ),
          w(
            '(?:shame on you|you should be ashamed(?: of yourself)?|have you no shame|have you got no shame|no shame|how dare you|grow up|get a (?:job|life|grip)|pull yourself together|man up|shut up|screw you|go to hell|drop dead|get lost|piss off|sod off|bugger off|eff off)',
          ),
          w('(?:people|deadbeats|losers|scum|bums) like you'),
          // Masked swearing: f***ing, s***, sack of s***.
          '\\bf\\*{2,}(?:ing|in|ed|er|k)?|\\bs\\*{2,}t?(?![a-z])|\\bsack of (?:shit|crap|s\\*+|lies|garbage)',
          w('(?:too )?(?:lazy|stupid|dumb|thick|dense|greedy|irresponsible|dishonest) (?:to|for) (?:pay|work|understand|read|get a job|manage)'),
          w('(?:are you|r u) (?:stupid|dumb|thick|an idiot|a moron|deaf|blind|slow|simple|mental|retarded|illiterate)'),
          w('(?:brain ?dead|retard(?:ed)?|dimwit(?:ted)?|half-?wit(?:ted)?)'),
          '\\b(?:f[u*@#]?c?k(?:ing|in|ed|er|ers|s|off|wit|face|head)?|f[*@#]{2}k?|sh[i1!*]t(?:ty|head|s)?|b[i1!*]tch(?:es|y)?|bastards?|ass ?holes?|arse ?holes?|dick ?heads?|cunts?|twats?|wankers?|pricks?|bollocks|goddamn(?:ed)?|damn(?:ed)?|crap|bloody hell|piss(?:ed)? off|son of a bitch|sob|stfu|wtf|gtfo|mofo)\\b',
        ],
        zh: [
          '老赖|老癞|赖皮|赖子|无赖|骗子|人渣|渣滓|败类|社会垃圾|人间垃圾|废物|废柴|窝囊废|饭桶|蠢货|蠢猪|蠢材|笨蛋|白痴|弱智|脑残|智障|傻子|傻逼|傻B|傻X|煞笔|沙比|煞逼|二逼|狗东西|狗杂种|狗娘养|狗日|狗屎|狗腿子|畜生|畜牲|禽兽|王八|混蛋|混账|贱人|贱货|贱骨头|婊子|贱种|杂种|孬种|瘪三|穷鬼|穷光蛋|不要脸|没脸没皮|没皮没脸|厚颜无耻|无耻|下贱|卑鄙|寄生虫|吸血鬼|白眼狼|丧家犬|丢人现眼|没良心|没人性|没有良心|良心被狗吃|猪狗不如|去死|死全家|全家死|不得好死|死了算了|断子绝孙|滚蛋|滚开|他妈的|TMD|操你|草泥马|卧槽|老不死',
          '(?:你|您)(?:就是|真是|这个|这种|个|算什么|简直是|简直就是|就|真)(?:一个|个)?(?:.{0,3})(?:骗子|人渣|垃圾|废物|无赖|懒鬼|穷鬼|畜生|混蛋|蠢货|白痴|败类|小人|怂货|孬种)',
          '(?:你|您)(?:真|简直|根本|就)?(?:不是人|不是东西)',
          '(?:你|您)(?:还是不是人|还要不要脸|要不要脸|还有脸|有没有脸|有没有良心|有没有廉耻|懂不懂廉耻|丢不丢人|羞不羞)',
          '(?:像你|你们|你|您)这种(?:人|货|东西|德性)',
          '活该',
          // Pinyin initials of swear words, standing alone (the zh view is upper-case and has no spaces): 你就是个SB, CNM.
          '(?<![A-Z])(?:SB|CNM|NMSL|MLGB|WCNM|NND|TMD|RNM)(?![A-Z])',
          '(?:替|给)(?:你|您)?(?:的)?(?:爸妈|父母|家人|家里|祖宗|全家)?丢(?:人|脸)',
          '脑子(?:有病|进水|坏了|有问题|被驴踢|秀逗)|听不懂人话|(?:你|您)(?:是不是|是)有病|(?:你|您)有病(?:吧|啊|是吧)|(?:你|您)(?:是)?(?:聋|瞎)(?:了|子)',
          '装(?:什么)?(?:穷|可怜|孙子|死|糊涂)',
          '(?:活着|你活着)(?:也是|就是)?浪费(?:粮食|空气)',
        ],
      },
    },
  ],
  allow: [
    {
      means: 'an anti-fraud warning about scammers',
      patterns: {
        en: [
          w(
            '(?:beware of|watch out for|protect (?:you|yourself) (?:from|against)|report|avoid|be wary of|on the lookout for|targeted by|tricked by|fall for|fallen for|victim of) (?:any )?(?:scammers|fraudsters|thieves|criminals|con artists|frauds?|scams?)',
          ),
        ],
        zh: [
          '(?:谨防|小心|警惕|提防|防范|识别|当心|举报|远离|注意)(?:电信|网络|冒充|各类|各种|不法|上当)?(?:骗子|诈骗|骗局|受骗)',
          '(?:不要|以免|避免|防止|谨防)(?:被|上当)?(?:骗子|诈骗)?(?:骗|受骗|上当)',
        ],
      },
    },
    {
      means: 'a reassurance that being behind is nothing to be ashamed of',
      patterns: {
        en: [
          w(
            "(?:nothing|no need) to (?:be )?(?:ashamed|embarrassed)(?: of| about)?|(?:not|never) (?:a |an )?(?:failure|loser|bad person)|you are not alone|don't feel (?:stupid|ashamed|embarrassed)",
          ),
        ],
        zh: ['(?:不必|无需|不用|没有必要)(?:感到)?(?:羞愧|难堪|丢人|自责)'],
      },
    },
  ],
};
