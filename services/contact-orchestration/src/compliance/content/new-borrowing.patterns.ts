import { type ForbiddenWording, ZH_IF_SOMEONE, deniedEn, deniedZh, restOfClause, restOfZhClause, w } from './content-pattern';

const EN_PEOPLE =
  '(?:parents?|family|friends?|mates?|relatives?|mum|mom|dad|mother|father|brothers?|sisters?|siblings|partner|wife|husband|boss|employer|colleagues?|co-?workers?|workmates?|grandparents?|in-laws|neighbou?rs?|kids|children|son|daughter|cousins?|uncle|aunt|someone you know|a mate|a friend)';

export const NEW_BORROWING: ForbiddenWording = {
  families: [
    {
      means: 'telling the debtor to borrow elsewhere (other lenders, payday loans, credit cards, friends or family) or sell belongings to pay',
      patterns: {
        en: [
          w(
            '(?:take|taking|took|get|getting|grab|grabbing|apply for|applying for|open|opening|sign up for|try|use|find) (?:out )?(?:another|a new|a second|a payday|an? (?:short-term|quick|instant|personal|bridging|top-up|small|fast|emergency|cash|online|new)|one more|some kind of|any) (?:loan|loans|credit card|card|advance|overdraft|line of credit|cash advance)',
          ),
          w(
            `(?:loan|credit|money|cash|advance|\\$\\s?\\d[\\d,.]*|£\\s?\\d[\\d,.]*)\\b${restOfClause(15)}\\b(?:with|from|off) (?:another|a different|other|some other|a new|one of (?:the|them|those)|a payday|the) (?:provider|lender|company|bank|platform|app|creditor|firm|one|place|loan shark|payday lender)`,
          ),
          w(
            'payday loans?\\b|payday (?:lenders?|loan (?:shops?|companies|firms|apps?|places|stores?)|places|shops?|stores?)|loan sharks?|pawn ?(?:shops?|brokers?)|title loans?|cash (?:converters|generator)',
          ),
          w(
            `(?:borrow|borrowing|lend|lending|loan|get|getting|raise|raising|ask|asking|beg|begging|scrape|scraping)\\b${restOfClause(25)}\\b(?:from|off|of) (?:your |ur |a |some )?(?:${EN_PEOPLE}|someone|somebody|anyone|another (?:lender|bank|company|app)|other (?:lenders|banks|companies|apps|platforms)|a (?:bank|lender|payday lender|loan app))`,
          ),
          w(
            `(?:ask|asking|get|getting|beg|begging|tell) (?:your |ur )?${EN_PEOPLE}\\b${restOfClause(25)}\\b(?:to )?(?:lend|loan|give|help (?:you )?(?:pay|out)|cover|chip in|bail you out|spot you|front you|sub you|for (?:the |a )?(?:money|cash|loan))`,
          ),
          w('(?:lend|loan|give|spot|front|sub) you (?:the |some |a bit of )?(?:money|cash|£|\\$|\\d)'),
          w(
            `(?:put|putting|charge|charging|pay|paying|move|moving|stick|shift|transfer|transferring|whack|throw) (?:it|this|that|the (?:balance|amount|money|debt|lot|rest)|the \\$\\s?[\\d,.]+|the £\\s?[\\d,.]+|£\\s?[\\d,.]+|\\$\\s?[\\d,.]+)? ?(?:on|onto|to|with|using|via) (?:a|your|another|the|ur) (?:credit card|card|overdraft|line of credit|store card|bnpl|buy now pay later)`,
          ),
          w(
            "(?:credit card|card|overdraft)(?:'s| has| is)? (?:still )?(?:got )?(?:room|space|headroom|available credit|some limit|a limit|credit left|spare)|(?:room|space|headroom) on (?:your|the|ur) (?:credit card|card|overdraft)",
          ),
          w('(?:max|maxing|max out|use|using) (?:out )?(?:a|your|another|the) (?:credit card|card|overdraft)(?: out)?(?: to (?:pay|repay|clear|settle))?'),
          w('cash advances?|balance transfer|borrow (?:more|again|elsewhere|somewhere else)'),
          w(
            `(?:sell|selling|sold|pawn|pawning|remortgage|remortgaging|flog|flogging) (?:your|ur|the|some of your|off your|some of) (?:house|home|flat|car|property|belongings|stuff|things|jewel(?:le)?ry|phone|furniture|possessions|tv|laptop|assets|gold|watch|ring)`,
          ),
          w("(?:cash in|cash out|raid|dip into|withdraw from) (?:your |ur )?(?:pension|savings|retirement|401k|isa|kids' savings|children's savings)"),
          w(`(?:many|most|other|plenty of) (?:customers|people|borrowers|clients)\\b${restOfClause(40)}\\b(?:by|through) (?:taking|borrowing|getting|using)`),
          w('(?:there are|try|use|download|find|visit) (?:payday|loan|lending|cash) (?:lenders?|apps?|companies|sites|websites|shops|places)'),
          w(`(?:borrow|borrowing) (?:the money|money|cash|it)? ?(?:to (?:pay|repay|clear|settle))\\b`),
          w(
            `(?:cash[- ]?advance|payday|instant[- ]loan|quick[- ]loan|loan|lending|borrowing|credit|buy now,? pay later|bnpl|earned[- ]wage|paycheck advance|pay ?day advance) (?:app|apps|site|sites|websites?|lenders?|companies|platforms?)\\b${restOfClause(80)}\\b(?:pay us|pay (?:it|this|the balance|the debt|us back)|clear (?:it|this|the balance)|settle (?:it|this|up))`,
          ),
          w(
            `(?:download|install|get|try|use|sign up (?:for|with)|apply (?:on|with|through)) (?:any|a|an|one|some|another|the) (?:cash[- ]?advance|payday|instant[- ]loan|quick[- ]loan|loan|lending|borrowing|earned[- ]wage|paycheck advance|pay ?day advance) (?:app|site|website|lender|company|platform)`,
          ),
        ],
        zh: [
          '借新还旧|以贷养贷|拆东墙补西墙|以卡养卡|借东还西|撸口子|下口子|找口子',
          // Pledging the car or house to raise the money: 你名下那辆车押出去能贷个三五万.
          '卖(?:个|掉|了)?(?:血|肾|器官|腰子)|(?:车|车子|房|房子|房产)(?:.{0,6})(?:卖了|卖掉|变卖)(?:.{0,6})(?:钱不就|不就有|就有钱|凑|还)|钱不就有了|不就有钱了',
          '(?:车|车子|房|房子|房产|手表|首饰|金子|手机)(?:.{0,6})(?:押出去|抵押|典当|当掉|当了|押了|押给|拿去押|拿去当|质押)(?:.{0,8})(?:贷|借|换钱|还|凑)|(?:押车|抵押车|以车抵押|车抵贷|房抵贷|车贷|房贷)(?:.{0,8})(?:还|凑|借|贷)',
          // Naming other credit products to repay us with: 花呗、借呗、白条你都可以试试，先把我们这笔还了.
          `(?:花呗|借呗|白条|金条|微粒贷|分期乐|美团月付|抖音月付|放心借|网贷|小额贷|信用卡|其他平台|别的平台|其他口子|新口子)(?:.{0,14})(?:先把我们|还我们|还了我们|把我们这笔|还上我们|先还我们|把这笔还|先还上|还清我们|先还了)`,
          '(?:别的|其他|其它|另外的?)(?:借款|贷款)?(?:PT|TX)|(?:信用卡|卡)(?:TX|套)|(?<![A-Z])TX(?![A-Z])',
          '(?:去|找|向|到|在|从|跟)(?:别的|其他|其它|另外的?|另一个|别家|其他的|几个|两个|一些)(?:借款|贷款|网贷)?(?:平台|网贷|APP|软件|贷款|小贷|机构|银行|公司|地方|口子)(?:.{0,4})(?:借|贷|申请|下款|周转|弄|拿|套)',
          '(?:下载|下个|下几个|下两个|找个|换个|注册)(?:几个|两个|一个|个|些)?(?:.{0,4})(?:借款|贷款|网贷)?(?:APP|软件|平台|应用)',
          '(?:APP|平台|软件|网贷|口子)(?:.{0,6})(?:额度|好批|好下|秒批|秒下|放款快|容易批)',
          '额度(?:都|也|还)?(?:很|挺|比较)?(?:好批|好下|秒批|容易批|高)',
          '(?:当天|当日|秒|马上|快速|极速|立即)(?:放款|下款|到账的?(?:贷款|网贷|小贷))',
          '小贷公司|贷款公司|网贷平台|高利贷|民间借贷|地下钱庄|信用贷(?!款)|消费贷(?!款)|现金贷|过桥(?:资金|贷款)?',
          '(?:找|向|跟|问)(?:你的?|您的?)?(?:爸妈|父母|家人|亲戚|朋友|兄弟姐妹|兄弟|姐妹|同事|同学|老婆|老公|对象|哥|姐|弟|妹|老板|领导|邻居|亲友|亲人)(?:.{0,10})(?:借|凑|要钱|拿钱|筹|周转|帮忙还|帮你还)',
          '(?:爸妈|父母|家人|亲戚|朋友|兄弟姐妹|同事|同学|亲友|老板)(?:.{0,8})(?:借你|借您|借点|借一点|借一下|凑一凑|凑点|凑钱|凑一下|帮你还|帮您还|替你还|替您还)',
          '(?:一人|每人|一个人)借(?:你|您)|凑一凑|凑不出来|凑不出|东拼西凑',
          '(?:刷|用|套|透支)(?:一下)?(?:你的?)?(?:信用卡|花呗|借呗|白条|微粒贷|分付|月付|备用金)(?:.{0,4})(?:还|套现|先还|周转|垫)',
          '(?:信用卡|花呗|借呗|白条|微粒贷)(?:.{0,4})(?:额度|还有钱|还有额度|不是还有|套现|取现|刷出来|先垫|垫上|垫一下)',
          '套现|取现还|信用卡取现',
          '(?:卖|卖掉|卖了|变卖|抵押|典当|当掉|出售)(?:你的?|您的?)?(?:房|房子|房产|车|车子|手机|首饰|金子|家具|家电|电脑|东西|值钱的|家当)',
          '网贷(?:还|来还|先还)',
          '把(?:你的?|您的?)?(?:房|房子|房产|车|车子|手机|首饰|金子|家具|家电|电脑|东西|值钱的|家当)(?:给)?(?:卖|卖了|卖掉|当了|当掉|抵押|典当|变卖)',
          '借(?:一笔|一下|点|一点)?(?:钱)?(?:来|去)?(?:还|平|填|周转)(?:我们|这笔|上|掉|了|这期|欠款)',
        ],
      },
    },
  ],
  allow: [
    {
      means: 'a warning against new borrowing: "don\'t take out another loan to pay this", 请勿借新还旧, "we will never ask you to sell your home"',
      patterns: {
        en: [
          w(
            `(?:customers|people|some people|many people|others|borrowers|you)(?: (?:that|who))?(?: they)? (?:feel|think|believe|tell us|say|said|told us|worry|are worried|may feel|might feel|often feel)(?: that)? (?:they|you) (?:have to|need to|must|should|ought to)${restOfClause(100)}`,
          ),
          deniedEn(
            'take|taking|borrow|borrowing|get|getting|use|using|sell|selling|put|putting|ask|asking|apply|applying|turn to|go to|rely on|feel (?:you have|pressured) to',
            110,
          ),
          w(`(?:before|instead of|rather than|avoid|avoiding) (?:borrowing|taking|getting|using|selling|you borrow|you take)${restOfClause(100)}`),
          w(
            `(?:payday loans?|cash advances?|new loans?|another loan|more borrowing|borrowing more|credit cards?|loan sharks?)(?:,? or (?:a |an )?[a-z ]{1,25})? (?:could|would|can|will|may|might|usually|often|tend to) (?:make|cost|add|put|trap|harm|hurt|worsen|leave|be)${restOfClause(80)}`,
          ),
          w(`(?:under no obligation|no obligation|you don't have to|you do not have to|you needn't|there's no need to|there is no need to)${restOfClause(80)}`),
          w(`(?:friends|family|relatives|someone)(?: or (?:family|friends|relatives))? (?:sometimes |may |might |often )?offer to help${restOfClause(80)}`),
          w(`(?:pay|paying|payment) (?:from|with|by|using) (?:your own|a debit|your debit|your bank)${restOfClause(60)}`),
        ],
        zh: [
          deniedZh('借新还旧|以贷养贷|借|贷|套现|卖|变卖|去别的|去其他|去|向|通过|找|建议|让|要求|为了还款', 40),
          `(?:以免|避免|防止)(?:加重|越借越多|陷入)${restOfZhClause(20)}`,
          `越借越多${restOfZhClause(10)}`,
          // The debtor's own idea, reported back before advice against it: 您提到想卖车还款，我们建议您先别急着做决定.
          `(?:您|你)(?:之前|刚才|上次|在电话中|在电话里|来电)?(?:提到|说过|表示|提出|考虑过|问到|咨询)(?:过)?(?:想|要|打算|准备|考虑|是否|能否|可否)${restOfZhClause(20)}`,
          ...ZH_IF_SOMEONE,
        ],
      },
    },
  ],
};
