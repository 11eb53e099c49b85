import { type ForbiddenWording, ZH_IF_SOMEONE, deniedEn, deniedZh, restOfClause, restOfZhClause, w } from './content-pattern';

/** People and places the debt must not reach: employer, family, friends, neighbours, contacts. */
const EN_THIRD_PARTY =
  '(?:employer|employers|boss|manager|supervisor|line manager|hr (?:department|team|manager)|human resources|payroll|workplace|work|office|company|colleagues|co-?workers|workmates|staff|team|family|family members|relatives|parents|mum|mom|dad|mother|father|sister|brother|siblings|spouse|wife|husband|partner|girlfriend|boyfriend|in-laws|children|kids|son|daughter|friends|mates|neighbou?rs|contacts|contact list|phone contacts|references|church|community|landlord|school|teachers?|everyone you know|whole street|whole family|whole office|loved ones|nearest and dearest|emergency contacts?)';
const EN_EXPOSE =
  '(?:tell|telling|told|inform|informing|notify|notifying|contact|contacting|call|calling|ring|ringing|phone|phoning|text|texting|message|messaging|e-?mail|e-?mailing|write to|writing to|visit|visiting|alert|alerting|warn|warning|speak to|speaking to|talk to|talking to|reach out to|reaching out to|get in touch with|getting in touch with|send (?:a )?(?:letter|notice|message|copy|details)s? to|sending (?:a )?(?:letter|notice|message|copy|details)s? to|copy in|let|letting|involve|involving|show|showing|forward (?:this|it|your (?:details|debt|file)) to|share (?:this|it|your (?:details|debt|file|information)) with|goes to)';

export const SHAMING: ForbiddenWording = {
  families: [
    {
      means: "exposing the debt to the debtor's employer, family, friends, neighbours or contacts",
      patterns: {
        en: [
          w(
            `${EN_EXPOSE}\\b(?: (?:all|each|every one) of)? (?:your|ur|his|her|their|the debtor's|the customer's|mr \\w+'s|ms \\w+'s)(?: (?:whole|entire|own|work|new|current))? (?:${EN_THIRD_PARTY}(?:'s)?)\\b`,
          ),
          w(
            `(?:your|ur) (?:${EN_THIRD_PARTY})(?:,? (?:and|or|&) (?:your )?(?:${EN_THIRD_PARTY}))*(?: (?:will|are going to|is going to|'ll|are gonna|shall|might|may|could))(?: (?:soon|all|also|now|be the first to))? (?:be )?(?:hear|hearing|know|knowing|find out|finding out|learn|learning|see|seeing|get (?:a |the )?(?:call|letter|message|visit|text)|getting (?:a |the )?(?:call|letter|message|visit)|receive|receiving|be told|be informed|be notified|be contacted|be called|be getting|be hearing)`,
          ),
          w(`(?:let|letting|lets|make sure) (?:your|ur|his|her) (?:${EN_THIRD_PARTY})\\b${restOfClause(40)}\\bknow`),
          w(
            `(?:everyone|everybody|all your (?:friends|family|contacts|colleagues|neighbou?rs)|the whole (?:street|family|office|town|village|world|neighbou?rhood)|people|they) (?:will|are going to|'ll|is going to|is gonna)(?: all| soon)? (?:know|find out|see|hear|learn) (?:about|what|that|who|you)`,
          ),
          w('(?:everyone|everybody) (?:knows|can see|sees|has seen|will see|will know)'),
          w(
            `(?:post|posting|share|sharing|publish|publishing|put|putting|upload|uploading|broadcast|announce|announcing|advertise|plaster|splash|blast|write|writing)\\b${restOfClause(40)}\\b(?:online|on (?:the )?(?:internet|web)|on (?:your |their |his |her |our |the |a )?(?:facebook|fb|instagram|insta|twitter|x|tiktok|linkedin|wechat|weibo|whatsapp|snapchat|social media|socials|page|wall|feed|timeline|profile|stories|story|noticeboard|notice board|website)|publicly|in (?:a |the |your |our )?(?:group chat|family chat|work chat|whatsapp group|group|local paper|newspaper))`,
          ),
          w('(?:group chat|family chat|work chat|whatsapp group|group text)'),
          w(
            '(?:put|putting|stick|sticking|post|posting|pin|pinning|tape|taping|leave|leaving|display|displaying|nail) (?:a |an |our |the )?(?:notice|sign|letter|poster|flyer|note|sticker|banner)s? (?:on|to|at|outside|through) (?:your|ur) (?:front )?(?:door|house|home|car|gate|window|wall|office|letterbox)|for (?:the|your|all the|all your) (?:neighbou?rs|street|world|colleagues|everyone|whole street) to (?:read|see)',
          ),
          w(
            '(?:everyone|everybody|all|each person|people|every one|every person|every number) (?:in|on|from) (?:your|ur) (?:contacts?|contact list|phone ?book|address book|friends list|family|office|workplace|street|building|phone|whatsapp)',
          ),
          w(
            `(?:added|adding|add|put|putting) (?:your|ur) (?:${EN_THIRD_PARTY})\\b${restOfClause(30)}\\b(?:to|into|in) (?:a |the |our )?(?:group|chat|list|thread|conversation|email)`,
          ),
          w(
            '(?:expose|exposing|name and shame|naming and shaming|shame|shaming|humiliate|humiliating|embarrass|embarrassing) (?:you|ya|him|her)\\b(?! (?:to (?:pay|make)|into))',
          ),
          w('(?:wall of shame|list of shame|debtors? list|public list|debt list|hall of shame|shame list)'),
          w(
            `give (?:your|ur) (?:${EN_THIRD_PARTY})\\b${restOfClause(25)}\\b(?:a ring|a call|a bell|a buzz|a visit|a heads[- ]up|a letter)|explain (?:your|the) (?:arrears|debt|situation|account|missed payments|balance) to (?:him|her|them|your)`,
          ),
          w(
            `(?:everyone|everybody|every (?:contact|person|number|friend)|all (?:of )?(?:them|your contacts))\\b${restOfClause(30)}\\b(?:will|'ll|are going to|is going to) (?:receive|get|be sent|be told|be texted|be messaged|hear|find out)`,
          ),
          w(
            `(?:a|another|the next|our next|my next) (?:call|phone call|letter|visit|message|note|e-?mail|word|chat|conversation) (?:to|with) (?:your|ur) (?:${EN_THIRD_PARTY})\\b`,
          ),
          w(
            `(?:next (?:call|letter|message|step|visit) (?:goes|will go|is going) to|(?:we(?:'ll| will)|we are going to|we're going to) (?:go|turn up|show up|come) (?:to|at)) (?:your|ur) (?:${EN_THIRD_PARTY})`,
          ),
        ],
        zh: [
          '(?:通知|告诉|联系|打给|打电话给|打到|发给|发到|告知|找到|通报|知会|转告|拜访|去找|去问)(?:你的?|您的?|他的?|她的?|你们|您们|他们)?(?:公司的?|单位的?|家里的?)?(?:单位|公司|领导|老板|上司|同事|HR|人事|家人|父母|爸妈|老婆|老公|配偶|亲戚|亲友|亲人|朋友|同学|邻居|通讯录|紧急联系人|村委会|居委会|村里|老家|小区|物业|学校|孩子学校|户籍地)',
          '(?:爆|轰炸|群发|打爆|发遍|打遍)(?:你的?|您的?)?(?:通讯录|TXL|联系人|亲友|朋友圈)',
          '(?:通讯录|亲戚朋友|紧急联系人)(?:里|中|上)?(?:的)?(?:.{0,12})(?:都|全|挨个|一个个|逐个)?(?:联系|打|发|告诉|通知|收到|知道)',
          '挨个(?:打电话|打|联系|通知|发)',
          '去(?:你|您)(?:们)?(?:的)?(?:公司|单位|家|老家|村里|学校|小区)(?:.{0,3})(?:找|问|闹|堵|聊|谈|张贴|宣传)',
          '找(?:你|您)(?:的)?(?:领导|老板|上司|HR|同事|家人|父母|爸妈|亲戚|邻居)(?:.{0,3})(?:聊|谈|说|反映|谈谈|聊聊|评理)',
          '(?:欠款|欠钱|借款|逾期|欠债)(?:的)?(?:信息|情况|记录|的事|事情)?(?:.{0,8})(?:发到|发给|传到|告诉|通知|群发)(?:.{0,6})(?:亲戚|朋友|家人|同事|领导|通讯录|所有人|邻居|亲友)',
          '把(?:你|您)的?(?:欠款|借款|逾期|欠钱|欠债)(?:情况|信息|记录|的事|的事情)?(?:告诉|通知|发给|告知|转告|透露给|曝光给)',
          '(?:QQ空间|空间|动态|朋友圈|微博|抖音|快手|小红书|B站|社交平台|社交媒体|贴吧|论坛|群里|群中|家族群|亲友群|同学群|工作群|公司群|业主群|班级群|家长群|小区群|村群|微信群|QQ群)(?:里|中|上)?(?:.{0,6})(?:曝光|公开|发布|挂出|晒|贴出|发出来|转发|传播|发到)',
          '(?:曝光|公开|发布|挂|晒|贴|发|转发)(?:你的?|您的?)?(?:.{0,8})(?:到|在|去|至)(?:.{0,8})(?:QQ空间|朋友圈|微博|抖音|快手|网上|社交平台|群里|群中|家族群|亲友群|同学群|工作群|公司群|业主群|班级群|家长群|小区群|微信群|QQ群)',
          '曝光(?:你|您|他|她)|(?:把|将)(?:你|您)(?:的)?(?:欠款|欠钱|借款|照片|身份证|信息|资料|丑事)(?:.{0,4})(?:曝光|公开|发出去|挂出去|传出去)',
          '(?:张贴|贴|发|挂|拉)(?:催收)?(?:公告|大字报|横幅|告示|欠款通知|催款单|通缉令)|上门张贴|村口|老家(?:.{0,4})(?:张贴|贴|挂|宣传)',
          '(?:让|叫)(?:你们|你的?|您的?)?(?:所有人|大家|全村|乡亲们|乡亲|亲友|亲戚朋友|邻居|同事|领导|单位|朋友|家人|街坊|全世界|全公司)(?:都)?(?:知道|看看|看到|评评理|了解|认识)',
          '(?:建|拉|开)(?:个|一个)?(?:群|微信群|QQ群)|拉(?:进|到|入)(?:群|群里|来)',
          '(?:告诉|通知|告知)(?:他们|她们|他|她|大家|所有人)(?:你|您)(?:在我们这|在我们这里|在我们平台)?(?:欠|借|不还|逾期)',
          '(?:让|叫)(?:你们|你的?)?(?:领导|同事|家人|亲戚|邻居).{0,4}(?:都)?(?:知道|看看)',
          '(?:欠钱|欠款|借钱)不还的?(?:截图|照片|信息|事)(?:.{0,4})(?:发|传|贴|挂|曝光)',
          '(?:社会性死亡|社死)',
          // Asking the workplace about the debtor, or telling it: 问问你们HR认不认识你，顺便说说你欠钱的事.
          '(?:问问|问一下|问下|打听|打听一下)(?:你们|你的?|您的?|您们)(?:公司的?|单位的?)?(?:HR|人事|领导|老板|上司|同事|前台|邻居|家人|亲戚)',
          '(?:说说|聊聊|讲讲|谈谈|提提|说一说|聊一聊)(?:你|您)?(?:欠钱|欠款|逾期|借款|欠债|不还钱|赖账)的?(?:事|事情|情况)',
          '(?:让|叫)(?:她|他|它|她们|他们)的?(?:同学|老师|同事|朋友|邻居|家长|领导).{0,4}(?:都)?(?:知道|看看|看到|了解)',
          '(?:家长群|班级群|同学群|工作群|公司群|业主群|家族群|亲友群|小区群|微信群)(?:我们|我)?(?:也|都)?(?:能|可以|会|已经|已)?(?:进|加|拉)',
        ],
      },
    },
    {
      means: 'telling a third party about the debt: "he owes us £1,240", "you are listed as a contact", 您的好友…借款逾期未还',
      // To a third party the `third-party` rule refuses any word of the debt and names itself.
      audiences: ['debtor'],
      patterns: {
        en: [
          w(
            `(?:he|she|they|mr\\.? [a-z]+|ms\\.? [a-z]+|mrs\\.? [a-z]+|miss [a-z]+|your (?:friend|colleague|employee|relative|brother|sister|son|daughter|husband|wife|tenant|neighbou?r|partner|mum|mom|dad|father|mother|staff member|worker))(?: [a-z]+)? (?:owes|owe|is (?:behind|in debt|in arrears|overdue|late)|has (?:an? )?(?:unpaid|overdue|outstanding|defaulted|large) (?:debt|loan|balance|bill|account)|hasn't paid|has not paid|is ignoring|refuses to pay|won't pay|defaulted)`,
          ),
          w(
            `(?:who|that) (?:owes|owe|is (?:behind|in debt|in arrears)|has defaulted|hasn't paid|has not paid) (?:us|money|on|his|her|their|a debt|a loan|\\$|£)`,
          ),
          w(`(?:you(?:'re| are)|you have been) (?:listed|named|down|given) as (?:a |an |the )?(?:contact|reference|emergency contact|guarantor|next of kin)`),
          w(`(?:one of your|your) (?:employees?|staff|workers?|team members?|tenants?)\\b${restOfClause(30)}\\b(?:owes|debt|loan|arrears|overdue|unpaid)`),
          w(`(?:tell|remind|get|make|ask) (?:him|her|them) (?:to )?(?:pay|settle|clear)\\b`),
          w(
            `(?:inform|informing|tell|telling|notify|notifying) (?:them|him|her|hr|payroll) (?:of|about) (?:this|the|your) (?:debt|arrears|balance|account|loan)`,
          ),
        ],
        zh: [
          '(?:您的|你的)(?:好友|朋友|同事|家人|亲戚|同学|员工|下属|邻居|儿子|女儿|父亲|母亲|丈夫|妻子|老公|老婆|亲属|租客).{0,10}(?:借款|欠款|逾期|欠钱|拖欠|欠债|不还)',
          '(?:督促|催促|提醒|劝)(?:其|他|她|他们)(?:尽快)?(?:还款|还钱|还清)',
        ],
      },
    },
  ],
  allow: [
    {
      means: 'a denial or a rights statement: "we will not contact your employer", "debt collectors may not tell your family", 我们不会通知您的单位或家人',
      patterns: {
        en: [
          deniedEn(`${EN_EXPOSE}|discuss|share|disclose|reveal|mention|post|publish|involve`, 110),
          w(
            `(?:debt collectors?|collectors?|lenders?|we|they|no one|nobody|anyone) (?:may not|must not|cannot|can't|are not allowed to|aren't allowed to|are not permitted to|is not allowed to|should not|shouldn't)${restOfClause(110)}`,
          ),
          w(
            `(?:if|when) (?:you(?:'d| would)? (?:like|want|prefer|choose|ask)|you give us permission|you authori[sz]e|you've authori[sz]ed|you have authori[sz]ed|anyone does|someone does|anyone (?:else )?(?:contacts|calls|tells))${restOfClause(110)}`,
          ),
          w(`(?:worried|concerned|afraid|scared)(?: (?:about|that))? (?:your )?${restOfClause(60)}`),
          w(`(?:as you asked|at your request|with your (?:permission|consent|agreement))${restOfClause(80)}`),
          w(
            `(?:you (?:may|might|could|can) (?:want|wish|like) to|it (?:may|might|can|could) help to|you (?:could|can|may|might)(?: also)?|consider|try) (?:talk(?:ing)?|speak(?:ing)?) (?:to|with)${restOfClause(60)}`,
          ),
        ],
        zh: [
          deniedZh('通知|告诉|联系|打扰|透露|曝光|张贴|上门|去|到|向|在|泄露|公开|发布|打给|告知|找', 40),
          `(?:如|如果|若)(?:您)?(?:同意|授权|委托|愿意|需要|希望)${restOfZhClause(40)}`,
          `(?:委托|授权)(?:您的?)?(?:家人|亲友|朋友)${restOfZhClause(30)}`,
          `(?:担心|害怕)${restOfZhClause(30)}`,
          ...ZH_IF_SOMEONE,
        ],
      },
    },
  ],
};
