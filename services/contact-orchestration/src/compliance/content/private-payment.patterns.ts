import { EN_SCAM_DESCRIBED, type ForbiddenWording, ZH_IF_SOMEONE, deniedEn, deniedZh, restOfClause, restOfZhClause, w } from './content-pattern';

const EN_APP =
  '(?:venmo|cash ?app|cashapp|zelle|paypal|pay ?pal|revolut|wise|monzo|western union|moneygram|apple pay|google pay|gpay|wechat(?: pay)?|alipay|bitcoin|btc|crypto(?:currency)?|usdt|ethereum|eth|skrill|payoneer|remitly|worldremit)';
/** Person-to-person: a collection firm is not paid through these. */
const EN_P2P = '(?:venmo|cash ?app|cashapp|zelle|western union|moneygram|bitcoin|btc|crypto(?:currency)?|usdt|ethereum|skrill|remitly|worldremit)';

export const PRIVATE_PAYMENT: ForbiddenWording = {
  families: [
    {
      means:
        'a personal payment instrument: a personal account, a payment-app handle, a personal QR code, cash or gift cards, or an extra fee to the collector',
      patterns: {
        en: [
          w(
            "(?:my|our agent's|the agent's|the collector's|his|her|a|an|this|the) (?:personal|private|own|individual) (?:bank )?(?:account|acct|sort code|card|details|wallet|number|qr code|venmo|paypal|zelle)",
          ),
          w(
            `(?:pay|paying|transfer|transferring|send|sending|wire|wiring|deposit|depositing|move|lodge|put|zelle|venmo)\\b${restOfClause(30)}\\b(?:to|into|in|via|through|on|using|by) (?:my|me|our agent's|the agent's|his|her|an individual's|this) (?:personal |private |own )?(?:account|acct|bank|venmo|paypal|zelle|cash ?app|cashapp|revolut|wise|wallet|phone|cell|mobile|number|email|card|handle|qr|details)`,
          ),
          w(
            `(?:pay|send|transfer|give|hand|wire|zelle|venmo|cash ?app|paypal)(?: it| the money| the payment| the cash| the funds| the balance| that| the £[\\d,.]+| the \\$[\\d,.]+)?(?: directly| straight| personally| privately)? to me\\b`,
          ),
          w(
            '(?:pay|give|hand)(?: it| the (?:money|cash|balance|amount|payment))? (?:to )?(?:the|our|my) (?:agent|collector|driver|officer|guy|man|person|rep|representative)\\b[^.!?;\\n]{0,25}\\b(?:cash|in person|at (?:your|the) door|on the doorstep)|in cash at (?:your|the) (?:door|doorstep)|no receipt',
          ),
          w(
            'pay me (?:directly|personally|privately|in cash|cash|off the books|on the side)|(?:paid|pay|payment) (?:off the books|on the side|under the table|in cash to (?:me|our agent|the agent))',
          ),
          w(`${EN_APP}\\b${restOfClause(20)}(?:@[a-z0-9][\\w.-]{2,}|\\$[a-z][\\w.-]{2,})`),
          w(`(?:@|\\$)[a-z][\\w.-]{2,}\\b${restOfClause(10)}\\bon ${EN_APP}`),
          w(`(?:send|pay|transfer|wire|it)\\b${restOfClause(20)}\\b(?:via|through|on|by|with|over|using) ${EN_P2P}`),
          w(`(?:fastest|easiest|quickest|simplest|best) (?:way|option|method) is ${EN_APP}`),
          w(
            `(?:send|pay|transfer|wire|paypal|zelle|venmo)\\b${restOfClause(30)}\\bto [\\w.+-]+@(?:gmail|googlemail|yahoo|hotmail|outlook|live|icloud|proton|protonmail|aol|qq|163|126|sina|foxmail)\\.`,
          ),
          w(`(?:my|our agent's|the agent's|your collector's|a personal|an individual's) ${EN_APP}`),
          w(
            `${EN_APP} (?:friends (?:&|and) family|f ?& ?f|goods (?:&|and) services)|(?:to|at|on) my (?:e-?mail|email address|phone|mobile|number|handle|tag|cashtag|username|user ?name|id)\\b`,
          ),
          w(`(?:zelle|venmo|paypal|cash ?app|revolut)(?:ing)? (?:it|the money|the payment|the balance|me|us)\\b`),
          w("(?:my|personal|private|agent's|collector's) (?:qr|payment) code|qr code\\b[^.!?;\\n]{0,25}\\b(?:pay me|to me|personally|directly to)"),
          w(
            "(?:skip|bypass|forget|no need to use|don't bother with) (?:the|our|your) (?:website|portal|app|official (?:channels?|website|portal|app)|company account|online payment|payment page)",
          ),
          w(
            '(?:gift|itunes|google play|steam|amazon|prepaid|store|vanilla|green dot) cards?|money orders? (?:made out|payable) to (?:me|the agent)|cash in an envelope|cash only',
          ),
          w(
            "(?:collection|collector|collector's|collecting|handling|processing|admin|administration|administrative|service|settlement|convenience|visit|call-out|doorstep|agent|agent's|recovery|tracing|release|clearance|unlock|expedite|fast-track) (?:handling )?(?:fees?|charges?|surcharges?)",
          ),
          w(
            '(?:routing|sort code|account number|acct)\\b[^.!?;\\n]{0,30}\\b(?:my|personal|private)\\b|(?:my|personal|private)\\b[^.!?;\\n]{0,30}\\b(?:routing|sort code|account number|acct)',
          ),
          w(
            `(?:i can|i'll|i will|let me) (?:take care of|sort|handle|settle|close|clear|fix|mark) (?:it|this|the (?:file|account|debt)|your (?:file|account|debt))\\b${restOfClause(20)}\\b(?:personally|myself|for you if|if you)`,
          ),
        ],
        zh: [
          '(?:转账|转|汇|打款|打|付|还|存|汇款|付款|转款)(?:到|至|给|进|入)(?:我|我的|我们的?|业务员|催收员|经办人|负责人|经理|专员|财务)?(?:的)?(?:个人|私人)(?:的)?(?:账户|账号|帐户|帐号|银行卡|卡|微信|支付宝|收款码|二维码)',
          '(?:汇入|转入|打入|存入|转到|汇到|打到|转给|汇给|转至|汇至)(?:.{0,12})(?:个人|私人)(?:的)?(?:银行卡|账户|账号|帐户|卡|微信|支付宝)',
          '私人(?:的)?(?:收款码|二维码|付款码|微信|支付宝|银行卡|卡号|账户|账号|帐户|收款账户)|(?<!您的?|你的?)个人(?:的)?(?:收款码|二维码|付款码|微信|支付宝|银行卡|卡号|收款账户)',
          '(?:加|添加|加一下|联系)(?:我|我的|一下)?(?:私人)?(?:微信|VX|V信|WX|薇信|威信|QQ|扣扣|企鹅|飞机|TG|电报)(?:号)?(?:.{0,6})(?:私下|私聊|转|付|还|处理|减免|免|给你|给您|联系我)',
          '(?:微信|VX|QQ)号(?:是|为)?[A-Z0-9_]{4,}',
          '私下(?:转|转账|处理|还|还款|付|付款|交易|解决|了结|协商|操作|打款)|线下(?:转账|交易|付款)',
          '(?:扫|扫描|扫一下)(?:这个|我的|我|一下我的?)(?:.{0,4})(?:收款码|二维码|付款码)|(?:扫|扫描|扫一下)(?:.{0,4})收款码',
          '收款人(?:是|为)?.{0,4}(?:经理|先生|女士|主管|专员|总|某)',
          '(?:转|打|付|汇)(?:我|给我|到我)(?:的)?(?:支付宝|微信|银行卡|卡|账户|账号|手机)',
          '我的?(?:个人)?(?:支付宝|微信|银行卡|收款码|收款二维码|二维码|卡号|卡上|账户|账号)',
          '(?:对公账户|还款通道|还款渠道|系统|APP|官方渠道)(?:.{0,4})(?:升级|维护|暂停|冻结|异常|关闭|停用)(?:.{0,12})(?:转账|汇款|打款|个人|私人)',
          '(?:催收费|上门费|手续费|服务费|加急费|处理费|减免手续费|代办费|解冻费|保证金|通道费|工本费|跑腿费|辛苦费)',
          '(?:跟|和|连同)(?:欠款|本金)一起转',
          '(?:剩下的|剩余的?)(?:我|我们)(?:跟|找|向)?(?:公司)?(?:申请|帮你|给你)(?:.{0,4})(?:免|减免|抹)',
          '(?:帮你|帮您|给你|给您)(?:手动)?(?:入账|销账|消账|平账)',
          // Around the official channel, to the collector: 别在APP上还了，直接转给我; 不用走APP.
          '(?:别|不要|不用|甭)(?:在|走|用|通过)(?:APP|官方|平台|系统|公司|官网|小程序)(?:上)?(?:还|付|转|交)?',
          '(?:转|付|打|汇|扫)(?:了)?(?:钱)?给我(?!们)|付给我(?!们)|(?:我这边|我这里|我)(?:后台)?(?:给你|帮你)(?:处理|操作|销账|消账)',
        ],
      },
    },
  ],
  allow: [
    {
      means:
        'an anti-fraud warning or a statement of the official channels: "never pay into a personal account", 谨防诈骗，切勿向个人账户转账, "there is no fee"',
      patterns: {
        en: [
          deniedEn('pay|paying|send|sending|transfer|transferring|ask|asking|request|requesting|charge|charging|accept|take|give|provide|offer', 110),
          w(`they (?:tell|ask|demand|may ask|often ask|will ask|usually ask|might ask|then ask|pressure)${restOfClause(120)}`),
          w(
            `(?:no|zero|free of|without (?:any )?|never (?:any )?|there is no|there's no|with no) (?:extra |additional |hidden |admin |handling |processing |collection |service )?(?:fees?|charges?|costs?)${restOfClause(40)}`,
          ),
          w(`(?:fraud|scam|scams) (?:alert|warning|notice|prevention|tip)s?:?${restOfClause(120)}`),
          w(`(?:only|always) (?:pay|ever ask you to pay|accept|accepts|take|takes) (?:payments? )?(?:at|through|via|by|to|into|using|on)${restOfClause(80)}`),
          w(`(?:from|with) your own (?:bank )?(?:account|card)${restOfClause(40)}`),
          w(`(?:if|when) (?:anyone|someone|somebody|a caller|a person|you get a (?:message|call|text))${restOfClause(110)}`),
          EN_SCAM_DESCRIBED,
          w(
            `(?:never|don't|do not|won't|will not|can't|cannot)\\b${restOfClause(90)}\\b(?:demand|demands|demanding|accept|accepts|require|requires|insist on|use|give you|ask you)\\b${restOfClause(80)}`,
          ),
        ],
        zh: [
          deniedZh('转账|转|汇|打款|付|还款|向|添加|加|扫|相信|支付|收取|要求|让|私下|个人|私人|通过|委托|授权|指定|使用', 40),
          `(?:谨防|防范|警惕|提防|防骗|防诈)(?:诈骗|骗局|受骗|提醒|提示)?${restOfZhClause(40)}`,
          `(?:唯一|只能|仅能|仅限|请只|只)(?:的)?(?:通过|使用|在)(?:官方|APP|App|app|本公司|我司|对公)${restOfZhClause(40)}`,
          `唯一(?:的)?(?:还款)?(?:渠道|方式|途径)(?:为|是)${restOfZhClause(40)}`,
          `(?:不收取|无需支付|无需|不需要|免收|不另收|没有|无|免|零)(?:任何)?(?:形式的)?(?:额外)?(?:费用|手续费|服务费|催收费)${restOfZhClause(30)}`,
          `(?:如有人|若有人|如果有人)${restOfZhClause(40)}`,
          ...ZH_IF_SOMEONE,
        ],
      },
    },
  ],
};
