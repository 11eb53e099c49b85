import { type ForbiddenWording, ZH_IF_SOMEONE, restOfClause, w } from './content-pattern';

const EN_SHORT_TIME =
  '(?:\\d+ ?(?:hours?|hrs|minutes?|mins?)|(?:an?|one|two|three|four|five|six|twelve|24|48|72|twenty-four|forty-eight|seventy-two) (?:hours?|hrs?|minutes?|mins?)|half an hour)';
const EN_SOON =
  "(?:today|tonight|tomorrow|midnight|noon|midday|end of (?:the )?day|end of today|close of business|cob|eod|this (?:evening|afternoon|morning)|\\d{1,2}(?::\\d\\d)? ?(?:a\\.?m\\.?|p\\.?m\\.?)(?: (?:today|tonight|tomorrow))?|(?:5|five|six|6|noon) o'clock)";

export const DEADLINE_PRESSURE: ForbiddenWording = {
  families: [
    {
      means: 'deadline pressure: hours to pay or else, final warnings, "no more chances"',
      patterns: {
        en: [
          w(
            `(?:pay|settle|clear|sort|resolve|get this paid|get it paid)(?: (?:this|it|up|that|the (?:balance|debt|amount|lot|arrears)|in full|everything))?(?: (?:off|up))? (?:within|in the next|inside|in|under) ${EN_SHORT_TIME}`,
          ),
          w(`(?:within|in|in the next|inside) ${EN_SHORT_TIME}(?:,)? (?:or|otherwise|else|before|and then|after which|failing which|if not)`),
          w(
            `(?:you(?:'ve| have)(?: got)?|you get|you got|you've only got|you only have|i'll give you|i will give you|we'll give you|we will give you|i'm giving you|we're giving you) ${EN_SHORT_TIME}`,
          ),
          w(`${EN_SHORT_TIME} (?:left|remaining|to (?:pay|sort (?:this|it)|settle|clear|get (?:this|it|the (?:money|balance)) paid))`),
          w(
            `(?:you(?:'ve| have)(?: got)?|i'll give you|i will give you|we'll give you|we will give you|i'm giving you|we're giving you|you get|you got|you only have) (?:until|till|til|'til|to) ${EN_SOON}`,
          ),
          w(
            `(?:pay|paid|settle|settled|clear|cleared|sort|sorted|in full|resolved|respond)\\b${restOfClause(20)}\\b(?:by|before|until|till) ${EN_SOON}\\b${restOfClause(30)}\\b(?:or|otherwise|else|and if not|if not|failing which|after that|after which)\\b`,
          ),
          w(
            `(?:today|now|immediately|tonight|right now|this minute|this instant|at once|straight away|by midnight|by noon|before midnight)\\b(?:,)? or (?:else|lose|face|further|legal|(?:we|i)(?:'ll| will| are going to|'re going to) (?:escalate|take|start|pass|send|refer|report|begin|proceed|act|involve|have no choice|move|go))`,
          ),
          w('(?:final|last)(?: and final| final)? (?:warning|chance|demand|opportunity|ultimatum)|ultimatum|last-ditch'),
          w("(?:this is|it's|consider this) (?:your|the) (?:last|final|only) (?:chance|warning|opportunity|call)"),
          w(
            "no (?:more|further) (?:warnings|chances|extensions|excuses|delays|second chances|time|grace)|no extensions|no exceptions|no second chances|no more messing|no more games|won't ask again|will not ask again|not going to ask again|this won't wait",
          ),
          w(
            "(?:clock(?:'s| is) ticking|time is running out|running out of time|time's (?:up|running out)|countdown|tick(?:ing|-tock)|before it's too late|before it is too late|act now or|now or never)",
          ),
          w(
            "(?:out of my hands|nothing (?:more )?(?:i|we) can do|can't help you after|won't be able to help you after|after (?:that|this|today|tonight|midnight|noon)\\b[^.!?;\\n]{0,40}\\b(?:too late|out of my hands|nothing (?:i|we) can do|no longer (?:help|able)|don't bother|escalat|next step|we're done|we are done))",
          ),
          w(
            `(?:offer|deal|option|discount|chance|opportunity)s? (?:expires?|ends?|closes?|disappears?|is gone|will be withdrawn|vanishes)\\b${restOfClause(10)}\\b(?:at|by|in|tonight|today|tomorrow|midnight|noon)\\b(?! (?:the end of|\\d{1,2}(?:st|nd|rd|th)? (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)))`,
          ),
          w('(?:becomes?|will become|falls?) due (?:at once|immediately|in full immediately)|(?:miss it|miss this|if you miss (?:it|this)) and'),
          w(
            "(?:don't|do not) (?:bother|even think about) (?:ringing|calling|contacting|asking)|we're done (?:talking|here)|we are done (?:talking|here)|the next call won't be|next call won't be from me",
          ),
          w('(?:pay|repay) (?:today|now|immediately|tonight|right now) or'),
        ],
        zh: [
          '(?:今天|今日|今晚|明天|明日|马上|立刻|立即|现在|当天|今天之内|今天内|下班前|中午前|天黑前)(?:再)?(?:不|没|还不|再不)(?:还|还款|还钱|处理|付|到账|打款|联系|回复|回电)(?:的话|就|钱就|否则|，)?(?:就|那就|后果|别怪|别|我们|立即|马上)',
          '(?:今天|今日|明天)不还就',
          '最后(?:的)?(?:通牒|期限|警告|一次机会|机会|一次提醒|一天|一次)',
          '(?:限|只给|就给|最多给)(?:你|您)(?:到)?(?:今天|明天|今晚|今日|\\d+|[一二三四五六七八九十两半]+)(?:个)?(?:小时|分钟|点|天|号)?',
          '(?:只|就|最多)?给(?:你|您)(?:到|最后)(?:今天|今晚|明天|明早|中午|下午|晚上|\\d|[一二三四五六七八九十两]+)',
          '给(?:你|您)(?:\\d+|[一二三四五六七八九十两半几]+)(?:个)?(?:小时|钟头|分钟)',
          '(?:\\d+|[一二三四五六七八九十两半几]+)(?:个)?(?:小时|H|钟头|分钟)(?:之)?内(?:钱)?(?:必须|务必|一定要|一定得|不|没|还不|再不|若不|如不|还清|结清|到不了|不到账|见不到|看不到)',
          '(?:点|时|今天|今晚|明天|中午|下午|晚上|上午|天黑)(?:之)?前(?:看不到|没看到|收不到|没收到|不到账|还不上|不还|没还|没到账|钱不到)',
          '(?:\\d+|[一二三四五六七八九十两]+)点(?:一过|过后|之后|以后)(?:.{0,10})(?:没用|来不及|就晚了|别怪|不候|后果|启动|上报|自动)',
          '(?:一过|过了|超过|超时)(?:.{0,4})(?:就)?(?:没用|来不及|就晚了|不候|没得谈|没商量|没有协商|后果自负)',
          '超时不候|过时不候|逾期不候|过期不候|倒计时|没得商量|没有商量的余地|没有任何协商余地|没有协商余地|没有下次|没有下一次|不会再给|下不为例|最后一遍|谁也拦不住|谁也救不了|神仙也救不了',
          '马上还款否则|否则后果|不然后果|否则(?:.{0,6})(?:立即|马上|直接)(?:启动|上报|移交|采取)',
          '(?:立即|马上|直接|自动)(?:启动|执行|上报|采取)(?:全部|所有|一切)?(?:措施|流程|程序|手段)',
          '(?:所有|全部|一切)(?:流程|措施|程序|手段)(?:都|将|会)?(?:自动|立即|马上|全部)?(?:启动|执行)',
          '(?:走|进入|启动)下一步(?:流程|程序|措施|法律程序)',
          '(?:哭着|跪着)求(?:我们|我)',
          '(?:全部|统统|一律)上报',
        ],
      },
    },
  ],
  allow: [
    {
      means:
        'a real due date, an open offer or a service hours statement: "24 hours a day", "within 24 hours with the figure you asked for", "今天不方便还款也没关系"',
      patterns: {
        en: [
          w(`(?:24 hours a day|24/7|around the clock|${EN_SHORT_TIME} a day)${restOfClause(20)}`),
          w(
            `(?:we(?:'ll| will)|we aim to|we'll try to|a team member will|someone will|we can) (?:get back to you|call you back|reply|respond|come back to you|be in touch|confirm|send)\\b${restOfClause(80)}`,
          ),
          w(
            `(?:no pressure|there's no pressure|there is no pressure|don't worry if|no rush|take your time|(?:there's|there is) no need to|you don't need to|you do not need to|you don't have to|you do not have to)${restOfClause(100)}`,
          ),
        ],
        zh: [
          '(?:客服|热线|在线|服务)(?:.{0,4})(?:24小时|二十四小时|全天)(?:.{0,10})',
          '(?:24小时|二十四小时|全天)(?:在线|服务|客服|人工)',
          `(?:不方便|没关系|不着急|不用着急|不必着急|不急)${'[^。！？；.!?;\\n]{0,20}'}`,
          ...ZH_IF_SOMEONE,
        ],
      },
    },
  ],
};
